package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gap detection across connections, event by event: overlaps are not gaps, losses are. */
class DepthChainsTest
{
    private static final byte[] NAME = "btcusdt@depth@100ms".getBytes(StandardCharsets.US_ASCII);
    private final UnsafeBuffer name = new UnsafeBuffer(NAME);
    private final List<SessionEvent.GapDetected> gaps = new ArrayList<>();
    private final List<String> snapshots = new ArrayList<>();
    private final DepthChains chains = new DepthChains((m, s, activity) -> snapshots.add(s), e -> gaps.add((SessionEvent.GapDetected) e));

    /** A futures event covering ids first..last after previous. */
    private void usdm(final int connection, final long first, final long last, final long previous)
    {
        chains.onDepthIds(Market.USDM, connection, name, 0, NAME.length, first, last, previous);
    }

    /** A spot event covering ids first..last. */
    private void spot(final int connection, final long first, final long last)
    {
        chains.onDepthIds(Market.SPOT, connection, name, 0, NAME.length, first, last, -1);
    }

    @Test
    void aBookIsSyncedFromASnapshotThatLinesUpUntilTheNextGap()
    {
        assertEquals(0, chains.books(Market.SPOT));
        spot(1, 100, 105);
        assertEquals(1, chains.books(Market.SPOT));
        assertEquals(0, chains.syncedBooks(Market.SPOT), "the first event asks for a snapshot");
        assertEquals(-1, chains.allSyncedSinceNanos(Market.SPOT));
        assertTrue(snapshot(Market.SPOT, 90), "older than the event that asked (U - 1 = 99): stale, fetched again");
        assertEquals(0, chains.syncedBooks(Market.SPOT));
        final long before = System.nanoTime();
        assertFalse(snapshot(Market.SPOT, 103));
        assertEquals(1, chains.syncedBooks(Market.SPOT));
        assertTrue(chains.allSyncedSinceNanos(Market.SPOT) >= before);
        spot(1, 106, 110);
        assertEquals(1, chains.syncedBooks(Market.SPOT));
        spot(1, 120, 125);
        assertEquals(0, chains.syncedBooks(Market.SPOT), "a gap unsyncs the book until the next snapshot");
        assertEquals(-1, chains.allSyncedSinceNanos(Market.SPOT));
        assertEquals(0, chains.books(Market.USDM));
    }

    @Test
    void thousandsOfStreamsOfEveryNameLengthEachKeepTheirOwnChain()
    {
        // names of 1 to 60 bytes (the lookup compares words, then bytes past 32), alike but for a few
        // bytes, a fifth of them on both markets, each read from inside a larger buffer as the ring holds them
        final int streams = 3000;
        final List<byte[]> names = new ArrayList<>();
        for (int i = 0; i < streams; i++)
        {
            final StringBuilder n = new StringBuilder().append(i);
            while (n.length() < 1 + i % 60)
            {
                n.append('x');
            }
            names.add(n.toString().getBytes(StandardCharsets.US_ASCII));
        }
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < streams; i++)
            {
                final byte[] n = names.get(i);
                final byte[] framed = new byte[7 + n.length + 9];
                java.util.Arrays.fill(framed, (byte) 'x');
                System.arraycopy(n, 0, framed, 7, n.length);
                final long first = 1000L * i + 10 * round;
                for (final Market market : i % 5 == 0 ? List.of(Market.SPOT, Market.USDM) : List.of(Market.SPOT))
                {
                    chains.onDepthIds(market, 1, new UnsafeBuffer(framed), 7, n.length, first, first + 9, first - 1);
                }
            }
        }
        assertEquals(streams, chains.books(Market.SPOT));
        assertEquals(streams / 5, chains.books(Market.USDM));
        // each stream's events follow on from its own: a lookup that found another stream's chain would gap
        assertEquals(List.of(), gaps);
        assertEquals(streams + streams / 5, snapshots.size(), "one snapshot asked for each stream's first event");
    }

    @Test
    void oneConnectionGapsWhenItSkips()
    {
        spot(1, 100, 105);
        spot(1, 106, 110);
        assertEquals(List.of(), gaps);
        spot(1, 115, 120);
        assertEquals(1, gaps.size());
        assertEquals(110, gaps.get(0).lastId());
        assertEquals(115, gaps.get(0).nextId());
        assertEquals(2, snapshots.size(), "the first event and the gap ask for snapshots");
        spot(1, 121, 125);
        assertEquals(1, gaps.size());
    }

    @Test
    void aReplacementAheadOfTheOldConnectionIsNoGapWhenTheOldOneCatchesUp()
    {
        usdm(1, 100, 105, 99);
        usdm(1, 106, 110, 105);
        usdm(2, 121, 125, 120); // the replacement's first event is ahead of what connection 1 has delivered
        usdm(2, 126, 130, 125);
        usdm(1, 111, 115, 110);
        usdm(1, 116, 120, 115); // connection 1 fills the hole
        usdm(1, 121, 125, 120); // and duplicates
        chains.onConnectionClosed(1);
        usdm(2, 131, 135, 130);
        assertEquals(List.of(), gaps);
        assertEquals(1, snapshots.size());
    }

    @Test
    void aHoleTheOldConnectionLeavesOpenIsAGapWhenItCloses()
    {
        usdm(1, 100, 105, 99);
        usdm(2, 121, 125, 120);
        usdm(1, 106, 110, 105);
        assertEquals(List.of(), gaps, "pending while connection 1 may still fill it");
        chains.onConnectionClosed(1);
        assertEquals(1, gaps.size());
        assertEquals(110, gaps.get(0).lastId());
        assertEquals(121, gaps.get(0).nextId());
        usdm(2, 126, 130, 125);
        assertEquals(1, gaps.size(), "the chain goes on from the ahead connection");
    }

    @Test
    void aReconnectAfterALossIsAGapAtOnce()
    {
        spot(1, 100, 105);
        chains.onConnectionClosed(1);
        spot(2, 120, 125);
        assertEquals(1, gaps.size());
        assertEquals(105, gaps.get(0).lastId());
        assertEquals(120, gaps.get(0).nextId());
        assertEquals(2, gaps.get(0).connectionId());
    }

    @Test
    void aSkipOnTheAheadConnectionBeyondTheHoleEndsThePendingHole()
    {
        usdm(1, 100, 105, 99);
        usdm(2, 121, 125, 120);
        usdm(2, 141, 145, 140); // connection 2 itself skipped 126..140
        assertEquals(1, gaps.size(), "one hole is tracked at a time: the first is given up");
        assertEquals(105, gaps.get(0).lastId());
        assertEquals(121, gaps.get(0).nextId());
        chains.onConnectionClosed(1);
        assertEquals(2, gaps.size(), "the second was pending on connection 1, which closed without filling it");
        assertEquals(125, gaps.get(1).lastId());
        assertEquals(141, gaps.get(1).nextId());
    }

    @Test
    void aDelistedBookNoLongerCountsAndARelistedOneStartsAfresh()
    {
        final byte[] other = "ethusdt@depth@100ms".getBytes(StandardCharsets.US_ASCII);
        spot(1, 100, 105);
        chains.onDepthIds(Market.SPOT, 1, new UnsafeBuffer(other), 0, other.length, 50, 55, -1);
        assertEquals(2, chains.books(Market.SPOT));
        assertFalse(snapshot(Market.SPOT, 103)); // btcusdt syncs; ethusdt never does
        assertEquals(1, chains.syncedBooks(Market.SPOT));
        assertEquals(-1, chains.allSyncedSinceNanos(Market.SPOT));
        final long before = System.nanoTime();
        chains.onUnsubscribed(Market.SPOT, List.of("ethusdt@depth@100ms", "ethusdt@trade"));
        assertEquals(1, chains.books(Market.SPOT), "the delisted book is no longer followed");
        assertTrue(chains.allSyncedSinceNanos(Market.SPOT) >= before, "every book still followed is in sync");
        chains.onUnsubscribed(Market.SPOT, List.of("ethusdt@depth@100ms")); // the other connection of an overlap
        assertEquals(1, chains.books(Market.SPOT));
        snapshots.clear();
        chains.onDepthIds(Market.SPOT, 2, new UnsafeBuffer(other), 0, other.length, 900, 905, -1); // relisted, ids moved on
        assertEquals(2, chains.books(Market.SPOT));
        assertEquals(List.of("ethusdt@depth@100ms"), snapshots, "a relisted book asks for a snapshot as a new one does");
        assertEquals(List.of(), gaps, "no gap across the delisting");
        assertEquals(-1, chains.allSyncedSinceNanos(Market.SPOT));
    }

    private boolean snapshot(final Market market, final long lastUpdateId)
    {
        final byte[] rest = ("{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":[],\"asks\":[]}").getBytes(StandardCharsets.US_ASCII);
        final byte[] both = new byte[NAME.length + rest.length];
        System.arraycopy(NAME, 0, both, 0, NAME.length);
        System.arraycopy(rest, 0, both, NAME.length, rest.length);
        return chains.onSnapshot(market, new UnsafeBuffer(both), 0, NAME.length, NAME.length, rest.length);
    }

    @Test
    void aSnapshotIsStaleExactlyWhenABookWouldRefuseIt()
    {
        spot(1, 101, 105); // spot: a snapshot lines up when U <= L + 1
        assertTrue(snapshot(Market.SPOT, 99), "L + 1 < U");
        assertFalse(snapshot(Market.SPOT, 100), "U == L + 1 lines up");
        usdm(1, 100, 110, 95); // futures: when U <= L <= u, or pu <= L < U
        assertTrue(snapshot(Market.USDM, 94));
        assertFalse(snapshot(Market.USDM, 95), "pu == L: nothing lies between the snapshot and the event");
        assertFalse(snapshot(Market.USDM, 110), "u == L");
    }

    @Test
    void anEventCutShortIsAGapAtOnceAndTheChainGoesOnAfterIt()
    {
        spot(1, 100, 105);
        chains.onBrokenDepth(Market.SPOT, 1, name, 0, NAME.length, 106, 110);
        assertEquals(1, gaps.size());
        assertEquals(105, gaps.get(0).lastId());
        assertEquals(111, gaps.get(0).nextId());
        assertEquals(2, snapshots.size(), "a snapshot is asked for");
        spot(1, 111, 115);
        assertEquals(1, gaps.size(), "the next event follows the cut one");
        assertFalse(snapshot(Market.SPOT, 110), "a snapshot at the cut event's u lines up with the next");
    }

    @Test
    void anEventCutShortOnOneConnectionIsNoGapWhileAnotherMayDeliverItWhole()
    {
        usdm(1, 100, 105, 99);
        usdm(2, 100, 105, 99);
        chains.onBrokenDepth(Market.USDM, 2, name, 0, NAME.length, 106, 110);
        usdm(1, 106, 110, 105);
        usdm(1, 111, 115, 110);
        assertEquals(List.of(), gaps);
    }

    @Test
    void aResumedChainMakesTheIdsMissedWhileStoppedAGap()
    {
        chains.resumeFrom(Market.SPOT, "btcusdt@depth@100ms", 105);
        spot(1, 150, 155);
        assertEquals(1, gaps.size());
        assertEquals(105, gaps.get(0).lastId());
        assertEquals(150, gaps.get(0).nextId());
    }
}
