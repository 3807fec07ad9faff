package dev.ticktape.examples;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The example backtest prints the same results at every replay speed. */
@Timeout(60)
class MeanReversionBacktestTest
{
    private static final long T0 = 1_704_067_200_000_000_000L;

    @TempDir
    Path dir;

    private static void text(final JournalWriter w, final long t, final String stream, final String data)
    {
        final byte[] p = ("{\"stream\":\"" + stream + "\",\"data\":" + data + "}").getBytes(StandardCharsets.US_ASCII);
        w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, t, t, null, p, 0, p.length);
    }

    private static String price(final long cents)
    {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** A spot journal: a REST snapshot, then 200 diffs moving the touch and 200 trades around the mid, 10 ms apart. */
    private Path journal()
    {
        final Path journal = dir.resolve("journal");
        final Random random = new Random(42);
        try (JournalWriter w = JournalWriter.open(journal))
        {
            final byte[] snapshot = ("{\"lastUpdateId\":100,\"bids\":[[\"100.00\",\"5.0\"],[\"99.99\",\"5.0\"]],"
                + "\"asks\":[[\"101.00\",\"5.0\"],[\"101.01\",\"5.0\"]]}").getBytes(StandardCharsets.US_ASCII);
            w.appendEvent(new SessionEvent.SnapshotTaken(Market.SPOT, "BTCUSDT", 100, "test", 200), T0, T0);
            final byte[] name = "btcusdt@depth@100ms".getBytes(StandardCharsets.US_ASCII);
            w.appendFrame(Market.SPOT, JournalFormat.NO_CONNECTION, FrameKind.REST, T0, T0, name, snapshot, 0, snapshot.length);
            long bid = 10000;
            long ask = 10100;
            long id = 100;
            for (int i = 1; i <= 200; i++)
            {
                final long t = T0 + i * 10_000_000L;
                final long newBid = bid + random.nextInt(41) - 20;
                final long newAsk = Math.max(newBid + 1, ask + random.nextInt(41) - 20);
                final String bids = newBid == bid ? "[]" : "[[\"" + price(newBid) + "\",\"1.5\"],[\"" + price(bid) + "\",\"0.0\"]]";
                final String asks = newAsk == ask ? "[]" : "[[\"" + price(newAsk) + "\",\"1.5\"],[\"" + price(ask) + "\",\"0.0\"]]";
                bid = newBid;
                ask = newAsk;
                final long first = id + 1;
                id += 2;
                text(w, t, "btcusdt@depth@100ms", "{\"e\":\"depthUpdate\",\"E\":" + t / 1_000_000 + ",\"s\":\"BTCUSDT\",\"U\":" + first
                    + ",\"u\":" + id + ",\"b\":" + bids + ",\"a\":" + asks + "}");
                final long tradeCents = (bid + ask) / 2 + random.nextInt(301) - 150;
                text(w, t + 5_000_000L, "btcusdt@trade", "{\"e\":\"trade\",\"E\":" + t / 1_000_000 + ",\"s\":\"BTCUSDT\",\"t\":" + i
                    + ",\"p\":\"" + price(tradeCents) + "\",\"q\":\"0.1\",\"T\":" + t / 1_000_000 + ",\"m\":true,\"M\":true}");
            }
        }
        return journal;
    }

    @Test
    void resultsAreIdenticalAtMaxSpeedAndTenTimesSpeed()
    {
        final Path journal = journal();
        final String atMax = new MeanReversionBacktest("BTCUSDT", new BigDecimal("0.5"), 5).run(journal, Double.POSITIVE_INFINITY);
        final String atTen = new MeanReversionBacktest("BTCUSDT", new BigDecimal("0.5"), 5).run(journal, 10);
        assertEquals(atMax, atTen);
        assertTrue(atMax.contains("trades seen 200\n"), atMax);
        assertFalse(atMax.contains("buys 0, sells 0"), "the strategy traded: " + atMax);
        assertTrue(atMax.contains("book gaps 0\n"), atMax);
        assertTrue(atMax.startsWith("frames 401\n"), atMax);
    }
}
