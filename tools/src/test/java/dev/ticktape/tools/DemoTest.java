package dev.ticktape.tools;

import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's steps in process, end to end: what the simulator sent is what the journal holds, what
 * replay delivers, and what the Parquet export holds, read back by DuckDB.
 */
class DemoTest
{
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void countsAgreeFromSimulatorToJournalToReplayToParquet(@TempDir final Path dir) throws Exception
    {
        final StringWriter text = new StringWriter();
        final Demo.Result r = Demo.run(Duration.ofSeconds(3), dir, new PrintWriter(text));
        final String out = text.toString();

        assertTrue(r.simulatorFrames() > 100, out);
        assertEquals(r.simulatorFrames(), r.journalWebSocketFrames(), "every frame the simulator sent is in the journal");
        assertTrue(r.journal().markets().keySet().containsAll(java.util.List.of(Market.SPOT, Market.SPOT_SBE, Market.USDM)),
            r.journal().markets().toString());
        assertEquals(r.journal().frames(), r.replay().frames() + r.replay().duplicates(), "replay delivers the journal");
        assertEquals(0, r.replay().duplicates(), "one connection per stream: nothing doubled");
        assertTrue(r.replayEvents() >= r.replay().frames() - r.journal().kinds().getOrDefault(dev.ticktape.core.journal.FrameKind.REST, 0L),
            "every market-data frame decodes to at least one event");
        assertEquals(r.replay().frames(), r.export().frames(), "the export reads what replay delivers");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement())
        {
            assertEquals(r.journal().frames(), count(st, "SELECT count(*) FROM '" + dir + "/parquet/type=raw/*/*.parquet'"));
            assertEquals(r.export().rows().get("trade"), count(st, "SELECT count(*) FROM '" + dir + "/parquet/type=trade/*/*.parquet'"));
            assertTrue(count(st, "SELECT count(*) FROM '" + dir + "/parquet/type=trade/*/*.parquet' WHERE market = 'spot-sbe'") > 0);
            assertTrue(count(st, "SELECT count(*) FROM '" + dir + "/parquet/type=book_snapshot_10/*/*.parquet'") > 0);
        }
        for (final String step : new String[] {"1. simulator", "2. record", "3. replay x10", "4. export", "Three queries"})
        {
            assertTrue(out.contains(step), step + " in:\n" + out);
        }
    }

    private static long count(final Statement st, final String sql) throws Exception
    {
        try (ResultSet rs = st.executeQuery(sql))
        {
            rs.next();
            return rs.getLong(1);
        }
    }
}
