package dev.ticktape.core.journal;

import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link JournalSummary#books()}: which diff-depth books a journal leaves in sync, as a book replaying it finds. */
class JournalSummaryBooksTest
{
    @TempDir
    Path dir;

    private long t = JournalFixtures.T0;

    private void diff(final JournalWriter w, final Market market, final String symbol, final long first, final long last)
    {
        final String stream = symbol + "@depth@100ms";
        final String text = "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"" + symbol.toUpperCase()
            + "\",\"U\":" + first + ",\"u\":" + last + (market == Market.USDM ? ",\"pu\":" + (first - 1) : "")
            + ",\"b\":[[\"1.00\",\"2.000\"]],\"a\":[]}}";
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        w.appendFrame(market, 1, FrameKind.TEXT, t += 1_000_000, t, null, b, 0, b.length);
    }

    private void snapshot(final JournalWriter w, final Market market, final String symbol, final long lastUpdateId)
    {
        final String stream = symbol + "@depth@100ms";
        w.appendEvent(new SessionEvent.SnapshotTaken(market, symbol.toUpperCase(), lastUpdateId, "http://127.0.0.1/x", 200), t += 1_000_000, t);
        final byte[] b = ("{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":[],\"asks\":[]}").getBytes(StandardCharsets.US_ASCII);
        w.appendFrame(market, JournalFormat.NO_CONNECTION, FrameKind.REST, t += 1_000_000, t, stream.getBytes(StandardCharsets.US_ASCII),
            b, 0, b.length);
    }

    @Test
    void aBookIsSyncedFromTheFirstEventAfterASnapshotThatLinesUpUntilItsNextGap()
    {
        try (JournalWriter w = JournalWriter.open(dir))
        {
            // btcusdt: a snapshot at 105 lines up with the event 101..110 after it (spot: U <= 106)
            diff(w, Market.SPOT, "btcusdt", 100, 104);
            snapshot(w, Market.SPOT, "btcusdt", 105);
            diff(w, Market.SPOT, "btcusdt", 105, 105); // not past the snapshot: dropped by a book
            diff(w, Market.SPOT, "btcusdt", 106, 110);
            // ethusdt: a stale snapshot (the next event starts past it), then one that lines up, then a gap
            diff(w, Market.SPOT, "ethusdt", 10, 20);
            snapshot(w, Market.SPOT, "ethusdt", 5);
            diff(w, Market.SPOT, "ethusdt", 21, 30);
            snapshot(w, Market.SPOT, "ethusdt", 31);
            diff(w, Market.SPOT, "ethusdt", 31, 40);
            w.appendEvent(new SessionEvent.GapDetected(1, Market.SPOT, "ethusdt@depth@100ms", 40, 50, "skipped"), t += 1_000_000, t);
            diff(w, Market.SPOT, "ethusdt", 50, 60);
            // solusdt: no snapshot at all
            diff(w, Market.SPOT, "solusdt", 1, 2);
            // futures: U <= lastUpdateId
            diff(w, Market.USDM, "btcusdt", 1000, 1010);
            snapshot(w, Market.USDM, "btcusdt", 1015);
            diff(w, Market.USDM, "btcusdt", 1012, 1020);
        }
        final JournalSummary s = JournalSummary.of(dir);
        assertEquals(new JournalSummary.Books(3, 1, -1), s.books().get(Market.SPOT));
        assertEquals(new JournalSummary.Books(1, 1, s.books().get(Market.USDM).allSyncedSinceNanos()), s.books().get(Market.USDM));
        assertEquals(t, s.books().get(Market.USDM).allSyncedSinceNanos(), "since the futures book's first event after its snapshot");
    }
}
