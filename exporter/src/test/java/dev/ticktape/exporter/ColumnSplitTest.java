package dev.ticktape.exporter;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clustered table's block is written half by the {@link ExportHelper}'s thread and half by the
 * encoding thread ({@link TableWriter}): the files are byte for byte those of an export whose
 * helper was busy throughout (every column then written by the encoding thread), and read back
 * through DuckDB as the frames say.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ColumnSplitTest
{
    private static final int SYMBOLS = 300;
    private static final int FRAMES = 6000;
    private static final int LEVELS = 5;

    @Test
    void aBlockWrittenByTwoThreadsIsTheBlockOneWrites(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("journal");
        long priceSum = 0;
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                final int symbol = i % SYMBOLS;
                final long u = 1000L + i;
                final StringBuilder levels = new StringBuilder();
                for (int l = 0; l < LEVELS; l++)
                {
                    final int price = 1000 + symbol + l + i % 7;
                    priceSum += 2L * price;
                    levels.append(l > 0 ? "," : "").append("[\"").append(price).append(".5\",\"").append(l + 1).append("\"]");
                }
                final String frame = "{\"stream\":\"s" + symbol + "usdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + (1_704_067_200_000L + i)
                    + ",\"s\":\"S" + symbol + "USDT\",\"U\":" + u + ",\"u\":" + u + ",\"b\":[" + levels + "],\"a\":[" + levels + "]}}";
                final byte[] bytes = frame.getBytes(StandardCharsets.US_ASCII);
                final long t = SampleJournal.T0 + i * 1_000_000L;
                w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, t, t, null, bytes, 0, bytes.length);
            }
        }
        final Path shared = dir.resolve("shared");
        Exporter.export(new ExportOptions().journal(journal).out(shared).type("depthUpdate"));

        final Path alone = dir.resolve("alone");
        try (BusyHelper helper = new BusyHelper())
        {
            Exporter.export(new ExportOptions().journal(journal).out(alone).type("depthUpdate"));
            assertTrue(helper.busy(), "the helper was busy throughout the second export");
        }

        final Map<Path, byte[]> a = contents(shared);
        final Map<Path, byte[]> b = contents(alone);
        assertEquals(a.keySet(), b.keySet());
        assertFalse(a.isEmpty());
        a.forEach((p, bytes) -> assertArrayEquals(bytes, b.get(p), p + " is byte for byte the same"));

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT symbol), sum(price - 0.5), "
                 + "bool_and(first_update_id = last_update_id) FROM read_parquet('" + shared.resolve("type=depthUpdate") + "/**/*.parquet')"))
        {
            assertTrue(rs.next());
            assertEquals(2L * FRAMES * LEVELS, rs.getLong(1));
            assertEquals(SYMBOLS, rs.getLong(2));
            assertEquals(priceSum, rs.getBigDecimal(3).longValueExact());
            assertTrue(rs.getBoolean(4));
        }
    }

    private static Map<Path, byte[]> contents(final Path dir) throws IOException
    {
        final Map<Path, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList())
            {
                m.put(dir.relativize(p), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
