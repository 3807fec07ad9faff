package dev.ticktape.core.book;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DecodeErrorHandler;
import dev.ticktape.core.decode.DecodeFixtures;
import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Order books driven through the real decoders: JSON and SBE frames in, books out.
 */
class OrderBookTest
{
    private final List<String> gaps = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private int updates;
    private final OrderBooks books = new OrderBooks(new BookListener()
    {
        @Override
        public void onBookUpdated(final OrderBook book)
        {
            updates++;
        }

        @Override
        public void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
        {
            gaps.add(expectedId + "/" + actualId + " " + reason);
        }

        @Override
        public void onSnapshotRefused(final OrderBook book, final long snapshotId, final long firstEventId, final String reason)
        {
            refusals.add(snapshotId + "/" + firstEventId + " " + reason);
        }
    }, 1000);
    private final MarketDataDecoder decoder = new MarketDataDecoder(books, (f, r) -> fail("decode error: " + r));

    // ---- spot ----

    @Test
    void spotInOrderWithBufferedEventsAroundTheSnapshot()
    {
        spotDiff(95, 99, "[[\"10.00\",\"1\"]]", "[]");
        spotDiff(100, 102, "[[\"10.00\",\"2\"],[\"9.99\",\"5\"]]", "[[\"10.02\",\"3\"]]");
        assertNull(book(Market.SPOT).isSynced() ? "synced" : null, "not before a snapshot");
        spotSnapshot(100, "[[\"10.00\",\"7\"],[\"9.98\",\"1\"]]", "[[\"10.01\",\"4\"]]");
        final OrderBook book = book(Market.SPOT);
        assertTrue(book.isSynced());
        assertEquals(102, book.lastUpdateId());
        assertLevels(book, "10.00x2 9.99x5 9.98x1", "10.01x4 10.02x3");
        spotDiff(103, 105, "[[\"9.99\",\"0\"]]", "[[\"10.01\",\"0.5\"]]");
        assertLevels(book, "10.00x2 9.98x1", "10.01x0.5 10.02x3");
        assertEquals(105, book.lastUpdateId());
        assertEquals(List.of(), gaps);
    }

    @Test
    void spotDuplicateAndOverlappingEventsApplyHarmlesslyAndStaleOnesAreIgnored()
    {
        syncSpot();
        spotDiff(101, 103, "[[\"10.00\",\"3\"]]", "[]");
        spotDiff(101, 103, "[[\"10.00\",\"3\"]]", "[]"); // duplicate: u == id, absolute quantities
        spotDiff(99, 100, "[[\"10.00\",\"99\"]]", "[]"); // stale: u < id
        spotDiff(102, 106, "[[\"10.00\",\"4\"]]", "[]"); // overlaps 102..103
        final OrderBook book = book(Market.SPOT);
        assertEquals(106, book.lastUpdateId());
        assertLevels(book, "10.00x4", "10.01x1");
        assertEquals(1, book.staleEvents());
        assertEquals(List.of(), gaps);
    }

    @Test
    void spotGapClearsTheBookAndWaitsForTheNextSnapshot()
    {
        syncSpot();
        spotDiff(105, 107, "[[\"10.00\",\"3\"]]", "[]"); // 101..104 missing
        final OrderBook book = book(Market.SPOT);
        assertEquals(List.of("101/105 " + OrderBook.GAP), gaps);
        assertFalse(book.isSynced());
        assertFalse(book.bestBid(new Decimal(), new Decimal()), "no book is served while out of sync");
        assertEquals(0, book.bidLevels());
        spotDiff(108, 110, "[[\"9.00\",\"1\"]]", "[]");
        spotSnapshot(106, "[[\"10.00\",\"8\"]]", "[[\"10.01\",\"1\"]]");
        assertTrue(book.isSynced());
        assertEquals(110, book.lastUpdateId());
        assertLevels(book, "10.00x3 9.00x1", "10.01x1");
    }

    @Test
    void spotOutOfOrderEventsAreAGap()
    {
        syncSpot();
        spotDiff(104, 106, "[]", "[]");
        spotDiff(101, 103, "[]", "[]");
        assertEquals(List.of("101/104 " + OrderBook.GAP), gaps);
        assertFalse(book(Market.SPOT).isSynced());
    }

    @Test
    void spotSnapshotOlderThanTheBufferIsRefusedAndAHoleInTheBufferIsAGapAtOnce()
    {
        spotDiff(200, 205, "[[\"1.0\",\"1\"]]", "[]");
        spotSnapshot(150, "[]", "[]");
        assertEquals(List.of("150/200 " + OrderBook.SNAPSHOT_TOO_OLD), refusals);
        assertEquals(List.of(), gaps, "a refused snapshot is not a hole in the stream");
        assertFalse(book(Market.SPOT).isSynced());
        spotDiff(210, 212, "[]", "[]"); // 206..209 never arrived: a gap while buffering, reported when it comes
        assertEquals(List.of("206/210 " + OrderBook.GAP), gaps);
        spotSnapshot(207, "[]", "[]");
        assertEquals("207/210 " + OrderBook.SNAPSHOT_TOO_OLD, refusals.get(1));
        spotSnapshot(211, "[[\"1.0\",\"2\"]]", "[]");
        assertTrue(book(Market.SPOT).isSynced());
        assertEquals(212, book(Market.SPOT).lastUpdateId());
        assertEquals(1, book(Market.SPOT).gaps());
        assertEquals(2, book(Market.SPOT).refusedSnapshots());
    }

    @Test
    void spotSyncsInBothOrdersOfArrivalAtTheExactBoundaries()
    {
        // Event first, U == L + 1: the event straddles the snapshot.
        spotDiff(101, 105, "[[\"1.0\",\"5\"]]", "[]");
        spotSnapshot(100, "[[\"1.0\",\"1\"]]", "[]");
        assertTrue(book(Market.SPOT).isSynced());
        assertEquals(105, book(Market.SPOT).lastUpdateId());
        assertLevels(book(Market.SPOT), "1.0x5", "");
        // Snapshot first, U == L + 1.
        final OrderBook a = standaloneSpot();
        a.onSnapshot(100, levels("1.0", "1"), levels());
        a.onDiff(101, 105, -1, levels("1.0", "5"), levels());
        assertEquals(105, a.lastUpdateId());
        assertTrue(a.isSynced());
        // Snapshot first, u == L: the event is in the snapshot, dropped; the next one applies.
        final OrderBook b = standaloneSpot();
        b.onSnapshot(105, levels("1.0", "1"), levels());
        b.onDiff(101, 105, -1, levels("1.0", "9"), levels());
        assertEquals(1, b.staleEvents());
        b.onDiff(106, 107, -1, levels("1.0", "2"), levels());
        assertEquals(107, b.lastUpdateId());
        assertEquals(0, b.gaps());
        // Event first, u == L: dropped from the buffer; the snapshot alone syncs, and the next event follows it.
        final OrderBook c = standaloneSpot();
        c.onDiff(101, 105, -1, levels("1.0", "9"), levels());
        c.onSnapshot(105, levels("1.0", "1"), levels());
        assertTrue(c.isSynced());
        c.onDiff(106, 107, -1, levels("1.0", "2"), levels());
        assertEquals(107, c.lastUpdateId());
        // Snapshot first, then an event past L + 1: updates are missing, a gap.
        final OrderBook d = standaloneSpot();
        d.onSnapshot(100, levels("1.0", "1"), levels());
        d.onDiff(102, 105, -1, levels("1.0", "9"), levels());
        assertEquals(1, d.gaps());
        assertFalse(d.isSynced());
        assertEquals(List.of(), gaps);
    }

    @Test
    void sbeDiffsKeepTheirStreamsBookWithTheSpotProcedure() throws IOException
    {
        final JournalFrame snapshot = DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT_SBE, FrameKind.REST,
            "btcusdt@depth", json("{\"lastUpdateId\":55000000009,\"bids\":[[\"37012.34\",\"1.5\"],[\"37010.00\",\"2\"]],"
                + "\"asks\":[[\"37012.35\",\"0.1\"]]}"));
        decoder.onFrame(snapshot);
        final byte[] sbe = DecodeFixtures.hex("/binance/sbe/synthetic_depthdiff_10003.hex");
        decoder.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT_SBE, FrameKind.BINARY, "btcusdt@depth", sbe));
        final OrderBook book = books.find(Market.SPOT, "btcusdt");
        assertSame(book, books.findStream(Market.SPOT_SBE, "btcusdt@depth"), "the SBE stream's book, found for spot too");
        assertNotNull(book);
        assertTrue(book.isSynced());
        assertEquals(55000000014L, book.lastUpdateId());
        // the vector removes 37012.34, sets 37011.00 to 3 and 37012.35 to 0.9
        assertLevels(book, "37011.00x3.00000 37010.00x2.00000", "37012.35x0.90000");
        assertEquals(5, book.quantityScale(), "the book's scale grew to the SBE exponent");
    }

    // ---- futures ----

    @Test
    void futuresPuChainAppliesAndDuplicatesAreIgnored()
    {
        futuresDiff(90, 99, 85, "[[\"5.0\",\"1\"]]", "[]");
        futuresDiff(100, 110, 99, "[[\"5.0\",\"2\"]]", "[[\"5.1\",\"1\"]]");
        futuresSnapshot(105, "[[\"5.0\",\"9\"],[\"4.9\",\"3\"]]", "[[\"5.2\",\"1\"]]");
        final OrderBook book = book(Market.USDM);
        assertTrue(book.isSynced());
        assertEquals(110, book.lastUpdateId());
        assertLevels(book, "5.0x2 4.9x3", "5.1x1 5.2x1");
        futuresDiff(111, 115, 110, "[[\"4.9\",\"0\"]]", "[]");
        futuresDiff(111, 115, 110, "[[\"4.9\",\"7\"]]", "[]"); // duplicate: ignored
        assertLevels(book, "5.0x2", "5.1x1 5.2x1");
        assertEquals(1, book.staleEvents());
        assertEquals(List.of(), gaps);
    }

    @Test
    void futuresKeepsTheEventEndingAtTheSnapshotAndChecksThatTheFirstStraddles()
    {
        futuresDiff(100, 105, 99, "[[\"5.0\",\"4\"]]", "[]"); // u == lastUpdateId: kept (u < id is dropped)
        futuresSnapshot(105, "[[\"5.0\",\"1\"]]", "[]");
        assertTrue(book(Market.USDM).isSynced());
        assertLevels(book(Market.USDM), "5.0x4", "");

        final OrderBooks other = new OrderBooks(new BookListener()
        {
            @Override
            public void onSnapshotRefused(final OrderBook b, final long snapshotId, final long first, final String reason)
            {
                refusals.add(reason);
            }
        }, 10);
        final MarketDataDecoder d = new MarketDataDecoder(other, DecodeErrorHandler.IGNORE);
        d.onFrame(DecodeFixtures.textFrame(Market.USDM, "ethusdt@depth", json(futuresJson("ETHUSDT", 120, 130, 119, "[]", "[]")), true));
        d.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), Market.USDM, FrameKind.REST, "ethusdt@depth",
            json("{\"lastUpdateId\":110,\"E\":1,\"T\":1,\"bids\":[],\"asks\":[]}")));
        assertEquals(List.of(OrderBook.SNAPSHOT_MISALIGNED), refusals);
        assertFalse(other.find(Market.USDM, "ETHUSDT").isSynced());
    }

    @Test
    void twoSpeedsOfOneFuturesSymbolAreTwoBooksEachWithItsOwnChain()
    {
        final OrderBooks perStream = new OrderBooks(new BookListener()
        {
            @Override
            public void onBookGap(final OrderBook b, final long expected, final long actual, final String reason)
            {
                gaps.add(b.stream() + " " + reason);
            }
        }, 10);
        final MarketDataDecoder d = new MarketDataDecoder(perStream, DecodeErrorHandler.IGNORE);
        // the 100 ms stream's events and the 500 ms stream's aggregate of them: each pu names its own stream's previous u
        d.onFrame(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth@100ms", json(futuresJson("BTCUSDT", 100, 105, 99, "[]", "[]")), true));
        d.onFrame(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth@500ms", json(futuresJson("BTCUSDT", 100, 110, 99, "[]", "[]")), true));
        d.onFrame(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth@100ms", json(futuresJson("BTCUSDT", 106, 110, 105, "[]", "[]")), true));
        d.onFrame(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth@500ms", json(futuresJson("BTCUSDT", 111, 120, 110, "[]", "[]")), true));
        d.onFrame(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth@100ms", json(futuresJson("BTCUSDT", 111, 115, 110, "[]", "[]")), true));
        assertEquals(List.of(), gaps, "no break: each stream's chain is whole");
        assertEquals(2, perStream.books().size());
        assertNotSame(perStream.findStream(Market.USDM, "btcusdt@depth@100ms"), perStream.findStream(Market.USDM, "btcusdt@depth@500ms"));
    }

    @Test
    void futuresSyncsInBothOrdersOfArrivalAtTheExactBoundaries()
    {
        // Snapshot first, then the event that spans it (U <= L <= u) with a pu before L: applied, not a break.
        final OrderBook a = standaloneFutures();
        a.onSnapshot(105, levels("5.0", "1"), levels());
        a.onDiff(100, 110, 95, levels("5.0", "4"), levels());
        assertTrue(a.isSynced());
        assertEquals(110, a.lastUpdateId());
        a.onDiff(111, 112, 110, levels(), levels());
        assertEquals(112, a.lastUpdateId());
        assertEquals(0, a.gaps());
        // Snapshot first, u == L: kept (u < L is dropped) and applied.
        final OrderBook b = standaloneFutures();
        b.onSnapshot(105, levels("5.0", "1"), levels());
        b.onDiff(101, 105, 99, levels("5.0", "4"), levels());
        assertEquals(105, b.lastUpdateId());
        assertEquals(0, b.staleEvents());
        // Snapshot first, an event already in it (u < L) dropped, then one whose pu <= L < U: nothing lies between.
        final OrderBook c = standaloneFutures();
        c.onSnapshot(105, levels("5.0", "1"), levels());
        c.onDiff(100, 104, 95, levels("5.0", "9"), levels());
        c.onDiff(107, 110, 104, levels("5.0", "2"), levels());
        assertEquals(1, c.staleEvents());
        assertEquals(110, c.lastUpdateId());
        assertLevels(c, "5.0x2", "");
        // Event first, u == L: kept and applied.
        final OrderBook d = standaloneFutures();
        d.onDiff(100, 110, 95, levels("5.0", "4"), levels());
        d.onSnapshot(110, levels("5.0", "1"), levels());
        assertTrue(d.isSynced());
        assertLevels(d, "5.0x4", "");
        // A break between two buffered events is a gap when it arrives.
        final OrderBook e = standaloneFutures();
        e.onDiff(100, 110, 95, levels(), levels());
        e.onDiff(120, 130, 115, levels(), levels());
        assertEquals(1, e.gaps());
        e.onSnapshot(125, levels("5.0", "1"), levels());
        assertTrue(e.isSynced());
        assertEquals(130, e.lastUpdateId());
    }

    @Test
    void futuresBrokenChainOverlapAndOutOfOrderAreGaps()
    {
        syncFutures();
        futuresDiff(113, 120, 112, "[]", "[]"); // pu != 110
        assertEquals(List.of("110/112 " + OrderBook.CHAIN_BROKEN), gaps);
        assertFalse(book(Market.USDM).isSynced());
        futuresSnapshot(118, "[[\"5.0\",\"1\"]]", "[]");
        assertTrue(book(Market.USDM).isSynced(), "the buffered event straddles the new snapshot");
        assertEquals(120, book(Market.USDM).lastUpdateId());
        futuresDiff(130, 135, 125, "[]", "[]"); // out of order: 121..125 still to come
        assertEquals("120/125 " + OrderBook.CHAIN_BROKEN, gaps.get(1));
    }

    /** Random streams against a model book: whatever the snapshot point, the book equals the model after every event. */
    @Test
    void randomStreamsMatchTheModelUnderBothProcedures()
    {
        for (final Market market : new Market[] { Market.SPOT, Market.USDM })
        {
            for (int seed = 0; seed < 30; seed++)
            {
                randomRun(market, seed);
            }
        }
    }

    private void randomRun(final Market market, final int seed)
    {
        final SplittableRandom r = new SplittableRandom(seed);
        final OrderBooks keeper = new OrderBooks(new BookListener()
        {
        }, 10_000);
        final MarketDataDecoder d = new MarketDataDecoder(keeper, (f, reason) -> fail(reason));
        final TreeMap<BigDecimal, BigDecimal> modelBids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<BigDecimal, BigDecimal> modelAsks = new TreeMap<>();
        long id = 1000;
        final int events = 200;
        final int snapshotAfter = r.nextInt(20, 60);
        final int receiveFrom = r.nextInt(0, snapshotAfter);
        String snapshotJson = null;
        long snapshotId = 0;
        final List<String> received = new ArrayList<>();
        for (int n = 0; n < events; n++)
        {
            final long first = id + 1;
            final long last = id + 1 + r.nextInt(5);
            final StringBuilder bids = new StringBuilder("[");
            final StringBuilder asks = new StringBuilder("[");
            for (int k = r.nextInt(1, 5); k > 0; k--)
            {
                final boolean bid = r.nextBoolean();
                final BigDecimal price = BigDecimal.valueOf(bid ? 1000 - r.nextInt(20) : 1001 + r.nextInt(20), 1);
                final BigDecimal qty = r.nextInt(4) == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(r.nextInt(1, 1000), 3);
                (bid ? modelBids : modelAsks).remove(price);
                if (qty.signum() != 0)
                {
                    (bid ? modelBids : modelAsks).put(price, qty);
                }
                final StringBuilder side = bid ? bids : asks;
                side.append(side.length() > 1 ? "," : "").append("[\"").append(price.toPlainString()).append("\",\"")
                    .append(qty.toPlainString()).append("\"]");
            }
            final String diff = market == Market.SPOT
                ? "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"b\":" + bids + "],\"a\":" + asks + "]}"
                : futuresJson("BTCUSDT", first, last, id, bids + "]", asks + "]");
            id = last;
            if (n >= receiveFrom)
            {
                received.add(diff);
            }
            if (n == snapshotAfter)
            {
                snapshotId = id;
                snapshotJson = "{\"lastUpdateId\":" + id + ",\"bids\":" + levels(modelBids) + ",\"asks\":" + levels(modelAsks) + "}";
            }
        }
        // deliver: every received diff; the snapshot arrives after a few more diffs (as the REST call takes time)
        final int snapshotAt = (snapshotAfter - receiveFrom) + r.nextInt(0, 5);
        for (int i = 0; i < received.size(); i++)
        {
            if (i == snapshotAt)
            {
                d.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), market, FrameKind.REST, "btcusdt@depth",
                    json(snapshotJson)));
            }
            d.onFrame(DecodeFixtures.textFrame(market, "btcusdt@depth", json(received.get(i)), true));
        }
        final OrderBook book = keeper.find(market, "BTCUSDT");
        assertTrue(book.isSynced(), market + " seed " + seed + ": " + book);
        assertEquals(id, book.lastUpdateId());
        assertEquals(0, book.gaps(), market + " seed " + seed);
        assertEquals(render(modelBids), bookSide(book, true), market + " seed " + seed + " bids");
        assertEquals(render(modelAsks), bookSide(book, false), market + " seed " + seed + " asks");
        assertTrue(snapshotId > 0);
    }

    // ---- helpers ----

    private void syncSpot()
    {
        spotSnapshot(100, "[[\"10.00\",\"1\"]]", "[[\"10.01\",\"1\"]]");
        assertTrue(book(Market.SPOT).isSynced());
    }

    private void syncFutures()
    {
        futuresDiff(100, 110, 95, "[]", "[]");
        futuresSnapshot(105, "[[\"5.0\",\"1\"]]", "[]");
        assertTrue(book(Market.USDM).isSynced());
    }

    private OrderBook book(final Market market)
    {
        return books.find(market, "BTCUSDT");
    }

    private void spotDiff(final long first, final long last, final String bids, final String asks)
    {
        decoder.onFrame(DecodeFixtures.textFrame(Market.SPOT, "btcusdt@depth@100ms", json(
            "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":" + first + ",\"u\":" + last + ",\"b\":" + bids + ",\"a\":" + asks + "}"),
            true));
    }

    private void spotSnapshot(final long id, final String bids, final String asks)
    {
        decoder.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT, FrameKind.REST, "btcusdt@depth@100ms",
            json("{\"lastUpdateId\":" + id + ",\"bids\":" + bids + ",\"asks\":" + asks + "}")));
    }

    private void futuresDiff(final long first, final long last, final long previous, final String bids, final String asks)
    {
        decoder.onFrame(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth", json(futuresJson("BTCUSDT", first, last, previous,
            bids, asks)), true));
    }

    private static String futuresJson(final String symbol, final long first, final long last, final long previous,
        final String bids, final String asks)
    {
        return "{\"e\":\"depthUpdate\",\"E\":1,\"T\":1,\"s\":\"" + symbol + "\",\"U\":" + first + ",\"u\":" + last + ",\"pu\":"
            + previous + ",\"b\":" + bids + ",\"a\":" + asks + "}";
    }

    private void futuresSnapshot(final long id, final String bids, final String asks)
    {
        decoder.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), Market.USDM, FrameKind.REST, "btcusdt@depth",
            json("{\"lastUpdateId\":" + id + ",\"E\":1,\"T\":1,\"bids\":" + bids + ",\"asks\":" + asks + "}")));
    }

    private static byte[] json(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String levels(final TreeMap<BigDecimal, BigDecimal> side)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (final Map.Entry<BigDecimal, BigDecimal> e : side.entrySet())
        {
            sb.append(sb.length() > 1 ? "," : "").append("[\"").append(e.getKey().toPlainString()).append("\",\"")
                .append(e.getValue().toPlainString()).append("\"]");
        }
        return sb.append(']').toString();
    }

    private static String render(final TreeMap<BigDecimal, BigDecimal> side)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<BigDecimal, BigDecimal> e : side.entrySet())
        {
            sb.append(sb.length() > 0 ? " " : "").append(e.getKey().stripTrailingZeros().toPlainString()).append('x')
                .append(e.getValue().stripTrailingZeros().toPlainString());
        }
        return sb.toString();
    }

    private static String bookSide(final OrderBook book, final boolean bids)
    {
        final StringBuilder sb = new StringBuilder();
        final int n = bids ? book.bidLevels() : book.askLevels();
        for (int i = 0; i < n; i++)
        {
            final BigDecimal p = BigDecimal.valueOf(bids ? book.bidPrice(i) : book.askPrice(i), book.priceScale());
            final BigDecimal q = BigDecimal.valueOf(bids ? book.bidQuantity(i) : book.askQuantity(i), book.quantityScale());
            sb.append(sb.length() > 0 ? " " : "").append(p.stripTrailingZeros().toPlainString()).append('x')
                .append(q.stripTrailingZeros().toPlainString());
        }
        return sb.toString();
    }

    private static void assertLevels(final OrderBook book, final String bids, final String asks)
    {
        assertEquals(normalise(bids), bookSide(book, true), "bids of " + book);
        assertEquals(normalise(asks), bookSide(book, false), "asks of " + book);
    }

    private static String normalise(final String levels)
    {
        if (levels.isEmpty())
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder();
        for (final String level : levels.split(" "))
        {
            final String[] pq = level.split("x");
            sb.append(sb.length() > 0 ? " " : "").append(new BigDecimal(pq[0]).stripTrailingZeros().toPlainString()).append('x')
                .append(new BigDecimal(pq[1]).stripTrailingZeros().toPlainString());
        }
        return sb.toString();
    }

    private final List<String> standaloneGaps = new ArrayList<>();

    private OrderBook standaloneSpot()
    {
        return new OrderBook("S", OrderBook.Procedure.SPOT, standaloneListener(), 100);
    }

    private OrderBook standaloneFutures()
    {
        return new OrderBook("F", OrderBook.Procedure.USDM, standaloneListener(), 100);
    }

    private BookListener standaloneListener()
    {
        return new BookListener()
        {
            @Override
            public void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
            {
                standaloneGaps.add(reason);
            }
        };
    }

    private static dev.ticktape.core.decode.PriceLevels levels(final String... pairs)
    {
        return DecodeFixtures.levels(pairs);
    }
}
