package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.core.Market;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static dev.ticktape.tools.TicktapeCliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ticktape archive}, and every command over a journal of archived hours, of archived and
 * live hours, and of archives copied alone: each gives exactly what it gave before archiving.
 */
@Timeout(180)
class ArchiveCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000_000_000L;

    @TempDir
    static Path dir;
    static Path journal;
    /** The first hour's start, epoch ns. */
    static long firstHour;

    @BeforeAll
    static void recordThreeHours() throws Exception
    {
        journal = dir.resolve("journal");
        final SystemEpochNanoClock system = new SystemEpochNanoClock();
        final long now = system.nanoTime();
        firstHour = (now / HOUR - 10) * HOUR; // ten hours ago: every hour recorded is long closed
        final AtomicLong offset = new AtomicLong(firstHour + HOUR / 2 - now);
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(200)
            .maxLifetime(Duration.ofSeconds(60))))
        {
            final Recorder recorder = Recorder.start(new RecorderConfig().journal(journal).statusInterval(Duration.ZERO)
                .clock(() -> system.nanoTime() + offset.get())
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@bookTicker",
                    "btcusdt@depth@100ms", "ethusdt@depth@100ms"), simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
                .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@aggTrade", "btcusdt@markPrice@1s"),
                    simulator.baseUri(Market.USDM), simulator.restBaseUri())), null);
            for (int hour = 0; hour < 3; hour++)
            {
                final long target = recorder.frames() + 400;
                final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (recorder.frames() < target)
                {
                    assertTrue(System.nanoTime() < deadline, "frames recorded in hour " + hour);
                    LockSupport.parkNanos(20_000_000);
                }
                offset.addAndGet(HOUR);
            }
            recorder.stop("test");
        }
    }

    /** What every reading command prints for a journal, but for what depends on its files. */
    private static List<String> outputs(final Path j, final Path exportDir) throws Exception
    {
        final List<String> out = new ArrayList<>();
        for (final String[] args : List.of(
            new String[] { "cat", "--events" },
            new String[] { "cat", "--decode" },
            new String[] { "cat", "--from", Long.toString(firstHour + HOUR + HOUR / 2 + 1), "--limit", "5" },
            new String[] { "replay", "--speed", "max", "--events" },
            new String[] { "replay", "--speed", "max", "--stats", "--json" }))
        {
            final List<String> full = new ArrayList<>(List.of(args));
            full.add("--journal");
            full.add(j.toString());
            final TicktapeCliTest.Run r = run(full.toArray(String[]::new));
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            out.add(String.join(" ", args) + "\n" + (args[0].equals("replay") && args.length > 4 ? withoutTimings(r.out()) : r.out()));
        }
        final TicktapeCliTest.Run inspect = run("inspect", "--journal", j.toString(), "--json");
        assertEquals(0, inspect.code(), inspect.err());
        final ObjectNode summary = (ObjectNode) JSON.readTree(inspect.out());
        summary.remove(List.of("journal", "disk_bytes", "hours"));
        out.add("inspect " + summary);
        final TicktapeCliTest.Run export = run("export", "--journal", j.toString(), "--out", exportDir.toString(), "--no-progress");
        assertEquals(0, export.code(), export.err());
        try (Stream<Path> files = Files.walk(exportDir))
        {
            for (final Path f : files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList())
            {
                out.add("export " + exportDir.relativize(f) + " " + rows(f));
            }
        }
        return out;
    }

    /** Every row of a Parquet file, read by DuckDB in file order, as one digest (the files' metadata names their journal). */
    private static String rows(final Path parquet) throws Exception
    {
        final java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        long rows = 0;
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = duck.createStatement())
        {
            st.execute("SET threads = 1");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + parquet + "')"))
            {
                final int columns = rs.getMetaData().getColumnCount();
                while (rs.next())
                {
                    rows++;
                    for (int c = 1; c <= columns; c++)
                    {
                        digest.update(String.valueOf(rs.getObject(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        digest.update((byte) 0);
                    }
                }
            }
        }
        return rows + " rows " + java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static String withoutTimings(final String statsJson) throws IOException
    {
        final ObjectNode stats = (ObjectNode) JSON.readTree(statsJson);
        final List<String> timing = new ArrayList<>();
        stats.fieldNames().forEachRemaining(name ->
        {
            if (name.contains("second") || name.contains("rate") || name.contains("wall") || name.contains("elapsed") || name.contains("per"))
            {
                timing.add(name);
            }
        });
        stats.remove(timing);
        return stats.toString();
    }

    private static Path copy(final Path from, final String name, final String onlySuffix) throws IOException
    {
        final Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path f : files.filter(Files::isRegularFile).toList())
            {
                if (onlySuffix == null || f.getFileName().toString().endsWith(onlySuffix))
                {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    private static List<String> names(final Path j, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(j))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyCommandGivesWhatItGaveBeforeArchivingWhateverTheMixOfHours() throws Exception
    {
        final List<String> before = outputs(journal, dir.resolve("export-live"));

        final Path mixed = copy(journal, "mixed", null);
        final TicktapeCliTest.Run some = run("archive", "--journal", mixed.toString(), "--before",
            java.time.Instant.ofEpochSecond(0, firstHour + 2 * HOUR).toString());
        assertEquals(0, some.code(), some.err());
        assertEquals(2, names(mixed, ".tta").size(), some.out());
        assertTrue(some.out().contains("2 hours archived"), some.out());
        assertEquals(2, names(mixed, ".cq4").size(), "the third hour and the stop's hour stay live");
        assertEquals(before, outputs(mixed, dir.resolve("export-mixed")), "archived and live hours read as before");

        final Path archived = copy(journal, "archived", null);
        final TicktapeCliTest.Run all = run("archive", "--journal", archived.toString(), "--json");
        assertEquals(0, all.code(), all.err());
        final JsonNode result = JSON.readTree(all.out());
        assertEquals(names(archived, ".tta").size(), result.get("hours").asInt());
        assertEquals(List.of(), names(archived, ".cq4"));
        assertTrue(result.get("archive_bytes").asLong() * 3 < result.get("live_bytes").asLong(), all.out());
        assertEquals(before, outputs(archived, dir.resolve("export-archived")), "archived hours read as before");

        final Path alone = copy(archived, "alone", ".tta");
        assertEquals(before, outputs(alone, dir.resolve("export-alone")), "archives copied alone read as before");

        final TicktapeCliTest.Run again = run("archive", "--journal", archived.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("no closed hour to archive"), again.out());
    }

    @Test
    void inspectShowsEachHourArchivedOrLiveWithItsBytes() throws Exception
    {
        final Path mixed = copy(journal, "inspect-mixed", null);
        assertEquals(0, run("archive", "--journal", mixed.toString(), "--before",
            java.time.Instant.ofEpochSecond(0, firstHour + HOUR).toString()).code());
        final TicktapeCliTest.Run r = run("inspect", "--journal", mixed.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode hours = JSON.readTree(r.out()).get("hours");
        assertTrue(hours.size() >= 3, r.out());
        assertEquals("archived", hours.get(0).get("state").asText());
        assertEquals("live", hours.get(1).get("state").asText());
        assertTrue(hours.get(0).get("bytes_per_record").asDouble() < hours.get(1).get("bytes_per_record").asDouble() / 3, r.out());
        assertTrue(hours.get(0).get("file").asText().endsWith(".tta"));
        final TicktapeCliTest.Run table = run("inspect", "--journal", mixed.toString());
        assertTrue(table.out().contains("archived") && table.out().contains("live") && table.out().contains("B/record"), table.out());
    }

    @Test
    void aCorruptArchiveIsADataErrorOnOneLine() throws Exception
    {
        final Path damaged = copy(journal, "damaged", null);
        final TicktapeCliTest.Run sealed = run("archive", "--journal", damaged.toString(), "--verbose");
        assertEquals(0, sealed.code(), sealed.err());
        final Path first = damaged.resolve(names(damaged, ".tta").get(0));
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw"))
        {
            f.seek(f.length() / 2);
            final int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        for (final String command : List.of("cat", "replay", "inspect"))
        {
            final TicktapeCliTest.Run r = command.equals("replay") ? run(command, "--journal", damaged.toString(), "--speed", "max")
                : run(command, "--journal", damaged.toString());
            assertEquals(3, r.code(), command + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), command + ": " + r.err());
            assertTrue(r.err().contains(first.getFileName().toString()), r.err());
        }
        final TicktapeCliTest.Run verify = run("verify", "--journal", damaged.toString());
        assertEquals(3, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains(first.getFileName().toString()), verify.out());
    }

    /** A copy of the journal with every hour archived. */
    private static Path archivedCopy(final String name) throws IOException
    {
        final Path copy = copy(journal, name, null);
        assertEquals(0, run("archive", "--journal", copy.toString()).code());
        assertEquals(List.of(), names(copy, ".cq4"));
        return copy;
    }

    /** What a Binance client of {@code ticktape serve} receives on one combined-stream connection, at max speed. */
    private static List<String> served(final Path j) throws Exception
    {
        final List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        try (dev.ticktape.server.ReplayServer server = dev.ticktape.server.ReplayServer.start(
            new dev.ticktape.server.ServeOptions().journal(j).speed(Double.POSITIVE_INFINITY)))
        {
            final org.java_websocket.client.WebSocketClient client = new org.java_websocket.client.WebSocketClient(
                java.net.URI.create(server.baseUri(Market.SPOT) + "/stream?streams=btcusdt@trade/btcusdt@depth@100ms"))
            {
                @Override
                public void onOpen(final org.java_websocket.handshake.ServerHandshake handshake)
                {
                }

                @Override
                public void onMessage(final String message)
                {
                    texts.add(message);
                }

                @Override
                public void onClose(final int code, final String reason, final boolean remote)
                {
                    closed.countDown();
                }

                @Override
                public void onError(final Exception ex)
                {
                }
            };
            assertTrue(client.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(closed.await(60, java.util.concurrent.TimeUnit.SECONDS), "the server closes at the end of the data");
        }
        return new ArrayList<>(texts);
    }

    @Test
    void serveSendsAClientTheSameMessagesFromArchivedHours() throws Exception
    {
        final List<String> live = served(journal);
        assertTrue(live.size() > 100, "messages served: " + live.size());
        assertEquals(live, served(archivedCopy("serve-archived")));
    }

    @Test
    void replayMergesArchivedAndLiveCopiesOnceAndBooksReplayAlike() throws Exception
    {
        final Path archived = archivedCopy("merge-archived");
        final dev.ticktape.replayer.ReplayStats alone;
        try (dev.ticktape.replayer.Replayer r = dev.ticktape.replayer.Replayer.open(
            new dev.ticktape.replayer.ReplayOptions().journal(journal).maxSpeed()))
        {
            alone = r.run(f -> { }, (index, time, event) -> { });
        }
        try (dev.ticktape.replayer.Replayer r = dev.ticktape.replayer.Replayer.open(
            new dev.ticktape.replayer.ReplayOptions().journals(List.of(journal, archived)).maxSpeed()))
        {
            final dev.ticktape.replayer.ReplayStats both = r.run(f -> { }, (index, time, event) -> { });
            assertEquals(alone.frames(), both.frames(), "the same recording twice, live and archived, is delivered once");
        }
        assertEquals(books(journal), books(archived), "book replay: the same updates, gaps and final books");
    }

    /** A book replay's record: updates and gaps per book, and each book's top level at the end. */
    private static List<String> books(final Path j)
    {
        final List<String> events = new ArrayList<>();
        final dev.ticktape.core.book.BookReplay replay = new dev.ticktape.core.book.BookReplay(
            new dev.ticktape.core.decode.MarketDataListener()
            {
            },
            new dev.ticktape.core.book.BookListener()
            {
                @Override
                public void onBookUpdated(final dev.ticktape.core.book.OrderBook book)
                {
                    events.add("update " + book.stream() + " " + book.lastUpdateId());
                }

                @Override
                public void onBookGap(final dev.ticktape.core.book.OrderBook book, final long expectedId, final long actualId, final String reason)
                {
                    events.add("gap " + book.stream() + " " + expectedId + " " + actualId + " " + reason);
                }
            }, (index, time, event) -> { }, (frame, reason) -> events.add("undecodable " + reason));
        try (dev.ticktape.replayer.Replayer r = dev.ticktape.replayer.Replayer.open(
            new dev.ticktape.replayer.ReplayOptions().journal(j).maxSpeed()))
        {
            r.run(replay, replay);
        }
        assertTrue(events.stream().filter(e -> e.startsWith("update")).count() > 10, "books updated: " + events.size());
        return events;
    }

    @Test
    void badArgumentsGiveOneLineAndTheirExitCode()
    {
        final TicktapeCliTest.Run missing = run("archive", "--journal", dir.resolve("nowhere").toString());
        assertEquals(4, missing.code(), missing.err());
        final TicktapeCliTest.Run badTime = run("archive", "--journal", journal.toString(), "--before", "yesterday-ish");
        assertEquals(2, badTime.code(), badTime.err());
        final TicktapeCliTest.Run badFlag = run("record", "--journal", dir.resolve("x").toString(), "--market", "spot", "--streams",
            "btcusdt@trade", "--max-disk", "lots");
        assertEquals(2, badFlag.code(), badFlag.err());
        assertTrue(badFlag.err().contains("not a size"), badFlag.err());
    }
}
