package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ticktape export} on a journal recorded from the simulator over real WebSockets, read back
 * with DuckDB.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExportCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path journal;
    static Connection duck;

    @BeforeAll
    static void record() throws Exception
    {
        journal = dir.resolve("journal");
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(200)
            .maxLifetime(Duration.ofSeconds(30))))
        {
            final Recorder recorder = Recorder.start(new RecorderConfig().journal(journal).statusInterval(Duration.ZERO)
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@bookTicker",
                    "btcusdt@depth@100ms", "ethusdt@depth@100ms"), simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
                .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@aggTrade", "btcusdt@markPrice@1s"),
                    simulator.baseUri(Market.USDM), simulator.restBaseUri())), null);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (frames() < 600)
            {
                assertTrue(System.nanoTime() < deadline, "600 frames recorded");
                LockSupport.parkNanos(50_000_000);
            }
            recorder.stop("test");
        }
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException
    {
        duck.close();
    }

    private static long frames() throws Exception
    {
        final TicktapeCliTest.Run r = TicktapeCliTest.run("inspect", "--journal", journal.toString(), "--json");
        return r.code() == 0 ? JSON.readTree(r.out()).path("frames").asLong() : 0;
    }

    private static long count(final String sql) throws SQLException
    {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void exportsEveryEventAndTheSummarySaysSo() throws Exception
    {
        final Path out = dir.resolve("all");
        final TicktapeCliTest.Run r = TicktapeCliTest.run("export", "--journal", journal.toString(), "--out", out.toString(),
            "--json", "--book-levels", "5", "--book-interval", "200ms");
        assertEquals(0, r.code(), r.err());
        final JsonNode s = JSON.readTree(r.out());
        final JsonNode tables = s.path("tables");
        for (final String table : List.of("trade", "bookTicker", "depthUpdate", "depthSnapshot", "aggTrade", "markPriceUpdate",
            "raw", "sessions", "book_snapshot_5"))
        {
            final long rows = tables.path(table).path("rows").asLong();
            assertTrue(rows > 0, table + " has rows: " + r.out());
            assertEquals(rows, count("SELECT count(*) FROM '" + out + "/type=" + table + "/*/*.parquet'"), table);
        }
        // as many trades and raw frames as replay delivers
        final JsonNode replay = JSON.readTree(TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "max",
            "--stats", "--json").out());
        assertEquals(replay.path("frames").asLong(), tables.path("raw").path("rows").asLong());
        assertEquals(s.path("frames").asLong(), replay.path("frames").asLong());
        // the books: at most 5 levels, bids below asks, both symbols
        assertEquals(0, count("SELECT count(*) FROM '" + out + "/type=book_snapshot_5/*/*.parquet' WHERE level > 4 "
            + "OR (level = 0 AND bid_price >= ask_price)"));
        assertEquals(2, count("SELECT count(DISTINCT symbol) FROM '" + out + "/type=book_snapshot_5/*/*.parquet'"));
    }

    @Test
    void humanSummaryListsTablesAndRerunsReplaceTheirFiles() throws Exception
    {
        final Path out = dir.resolve("twice");
        final TicktapeCliTest.Run first = TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(),
            "--type", "trade", "--compression", "snappy");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("trade"), first.out());
        assertTrue(first.out().contains("(0 earlier replaced)"), first.out());
        final TicktapeCliTest.Run second = TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(),
            "--type", "trade", "--compression", "snappy");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("(1 earlier replaced)") || second.out().contains("(2 earlier replaced)"), second.out());
        try (var files = Files.walk(out))
        {
            assertEquals(first.out().contains("2 files") ? 2 : 1, files.filter(p -> p.toString().endsWith(".parquet")).count());
        }
    }

    @Test
    void filtersSelectFramesAndNameTheirFilesApart() throws Exception
    {
        final Path out = dir.resolve("filtered");
        final TicktapeCliTest.Run all = TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(),
            "--type", "depthUpdate", "--json");
        final TicktapeCliTest.Run eth = TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(),
            "--type", "depthUpdate", "--symbol", "ETHUSDT", "--market", "spot", "--json");
        assertEquals(0, eth.code(), eth.err());
        final long ethRows = JSON.readTree(eth.out()).path("tables").path("depthUpdate").path("rows").asLong();
        final long allRows = JSON.readTree(all.out()).path("tables").path("depthUpdate").path("rows").asLong();
        assertTrue(ethRows > 0 && ethRows < allRows, ethRows + " of " + allRows);
        assertEquals(0, count("SELECT count(*) FROM '" + out + "/type=depthUpdate/*/*Z-*.parquet' WHERE symbol <> 'ETHUSDT'"));
        assertEquals(allRows + ethRows, count("SELECT count(*) FROM '" + out + "/type=depthUpdate/*/*.parquet'"),
            "a filtered export has its own files: it neither replaces nor is replaced by the unfiltered one");
        assertEquals(2, TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(), "--market", "coin-m").code());
    }

    @Test
    void badArgumentsGiveOneLineAndTheirExitCode() throws Exception
    {
        final Path out = dir.resolve("bad");
        final TicktapeCliTest.Run unknown = TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(), "--type", "trades");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown table trades"), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertEquals(2, TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(), "--compression", "lz9").code());
        assertEquals(2, TicktapeCliTest.run("export", "-j", journal.toString(), "-o", out.toString(),
            "--from", "2024-01-02T00:00:00Z", "--to", "2024-01-01T00:00:00Z").code());
        assertEquals(2, TicktapeCliTest.run("export", "-j", journal.toString()).code(), "--out is required");
        final TicktapeCliTest.Run missing = TicktapeCliTest.run("export", "-j", dir.resolve("nope").toString(), "-o", out.toString());
        assertEquals(4, missing.code(), missing.err());
        final Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "not a journal");
        final TicktapeCliTest.Run notJournal = TicktapeCliTest.run("export", "-j", foreign.toString(), "-o", out.toString());
        assertEquals(3, notJournal.code(), notJournal.err());
        assertTrue(!notJournal.err().contains("\tat "), "no stack trace without --verbose");
    }
}
