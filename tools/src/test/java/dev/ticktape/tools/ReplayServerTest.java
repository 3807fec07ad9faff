package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.server.ReplayServer;
import dev.ticktape.server.ServeOptions;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ticktape serve} with a plain WebSocket client: URL forms, SUBSCRIBE, futures routes, SBE, the end of the data. */
@Timeout(120)
class ReplayServerTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path journal;
    static Map<String, Integer> counts = new HashMap<>(); // "market stream" -> frames

    @BeforeAll
    static void record()
    {
        journal = dir.resolve("journal");
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100)))
        {
            final Recorder recorder = Recorder.start(new RecorderConfig().journal(journal).statusInterval(Duration.ZERO).apiKey("k")
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@depth@100ms", "btcusdt@bookTicker",
                    "btcusdt@aggTrade", "btcusdt@kline_1m"),
                    simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
                .add(new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of("btcusdt@trade"), simulator.baseUri(Market.SPOT_SBE),
                    simulator.restBaseUri()))
                .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@depth@100ms", "btcusdt@aggTrade"),
                    simulator.baseUri(Market.USDM), simulator.restBaseUri())), null);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (recorder.frames() < 1500)
            {
                assertTrue(System.nanoTime() < deadline);
                LockSupport.parkNanos(20_000_000);
            }
            recorder.stop("test");
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(f ->
            {
                if (f.kind() != FrameKind.REST)
                {
                    counts.merge(f.market().wireName() + " " + f.streamName(), 1, Integer::sum);
                }
            }, (i, t, e) -> { }))
            {
                // all
            }
        }
    }

    /** A plain client that keeps what it receives and how it was closed. */
    static class Client extends WebSocketClient
    {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final AtomicInteger binaries = new AtomicInteger();
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        volatile int closeCode;

        Client(final URI uri)
        {
            super(uri);
        }

        @Override
        public void onOpen(final ServerHandshake handshake)
        {
            opened.countDown();
        }

        @Override
        public void onMessage(final String message)
        {
            texts.add(message);
        }

        @Override
        public void onMessage(final ByteBuffer bytes)
        {
            binaries.incrementAndGet();
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote)
        {
            closeCode = code;
            closed.countDown();
        }

        @Override
        public void onError(final Exception ex)
        {
        }

        /**
         * Connects and waits for the handshake. Not {@code connectBlocking}: at max speed a short
         * replay can end, and the server close the connection, before that call looks at it.
         */
        Client open() throws InterruptedException
        {
            connect();
            assertTrue(opened.await(10, TimeUnit.SECONDS), "the handshake completed");
            return this;
        }

        void awaitEnd() throws InterruptedException
        {
            assertTrue(closed.await(60, TimeUnit.SECONDS), "closed at the end of the data");
        }
    }

    /** A clock per connection: each of a test's clients, one after another, gets the whole replay. */
    private static ReplayServer serve(final double speed)
    {
        return ReplayServer.start(new ServeOptions().journal(journal).speed(speed).clock(ServeOptions.Clock.PER_CONNECTION));
    }

    @Test
    void bothUrlFormsReplayEveryFrameAndCloseAtTheEnd() throws Exception
    {
        try (ReplayServer server = serve(Double.POSITIVE_INFINITY))
        {
            final Client raw = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws/btcusdt@trade")).open();
            raw.awaitEnd();
            assertEquals(1000, raw.closeCode);
            assertEquals(counts.get("spot btcusdt@trade"), raw.texts.size());
            assertTrue(raw.texts.stream().allMatch(t -> t.startsWith("{\"e\":\"trade\"")), "raw streams carry the event alone");

            final Client combined = new Client(URI.create(server.baseUri(Market.SPOT) + "/stream?streams=btcusdt@trade/btcusdt@depth@100ms"))
                .open();
            combined.awaitEnd();
            assertEquals(counts.get("spot btcusdt@trade") + counts.get("spot btcusdt@depth@100ms"), combined.texts.size());
            for (final String t : combined.texts)
            {
                final JsonNode n = JSON.readTree(t);
                assertTrue(n.has("stream") && n.has("data"), t);
            }

            final Client micro = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws/btcusdt@trade?timeUnit=MICROSECOND")).open();
            micro.awaitEnd();
            assertEquals(counts.get("spot btcusdt@trade"), micro.texts.size());
            for (final String t : micro.texts)
            {
                assertEquals(16, JSON.readTree(t).get("E").asText().length(), "event times in µs: " + t);
            }

            final Client sbe = new Client(URI.create(server.baseUri(Market.SPOT_SBE) + "/ws/btcusdt@trade")).open();
            sbe.awaitEnd();
            assertEquals(counts.get("spot-sbe btcusdt@trade"), sbe.binaries.get(), "SBE frames as binary frames");
            assertEquals(0, sbe.texts.size());
        }
    }

    @Test
    void futuresRoutesDeliverOnlyTheirStreams() throws Exception
    {
        try (ReplayServer server = serve(Double.POSITIVE_INFINITY))
        {
            final Client pub = new Client(URI.create(server.baseUri(Market.USDM) + "/public/stream?streams=btcusdt@depth@100ms/btcusdt@aggTrade"))
                .open();
            pub.awaitEnd();
            assertEquals(counts.get("usdm btcusdt@depth@100ms"), pub.texts.size(), "aggTrade is a /market stream: silent on /public");
            final Client market = new Client(URI.create(server.baseUri(Market.USDM) + "/market/ws/btcusdt@aggTrade")).open();
            market.awaitEnd();
            assertEquals(counts.get("usdm btcusdt@aggTrade"), market.texts.size());
            assertTrue(market.texts.stream().allMatch(t -> t.startsWith("{\"e\":\"aggTrade\"")));
        }
    }

    @Test
    void controlMessagesAreAnsweredAsBinanceAnswersThem() throws Exception
    {
        // six messages at once: above Binance's 5 a second, so this server allows more
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(1).messagesPerSecond(50)))
        {
            final Client c = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws")).open();
            c.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"BTCUSDT@trade\"],\"id\":1}");
            assertEquals("{\"result\":null,\"id\":1}", c.texts.poll(10, TimeUnit.SECONDS));
            c.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
            c.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":2}");
            c.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}");
            c.send("{\"method\":\"FLY\",\"id\":6}");
            c.send("not json");
            final List<String> replies = new java.util.ArrayList<>();
            while (replies.size() < 5)
            {
                final String m = c.texts.poll(10, TimeUnit.SECONDS);
                assertNotNull(m, "replies: " + replies);
                if (m.contains("\"id\"") || m.contains("\"code\""))
                {
                    replies.add(m);
                }
            }
            assertEquals("{\"result\":[\"btcusdt@trade\"],\"id\":3}", replies.get(0));
            assertEquals("{\"result\":false,\"id\":2}", replies.get(1));
            assertEquals("{\"result\":null,\"id\":5}", replies.get(2));
            assertTrue(replies.get(3).startsWith("{\"code\":2,\"msg\":\"Invalid request: unknown variant FLY"), replies.get(3));
            assertTrue(replies.get(4).startsWith("{\"code\":3,\"msg\":\"Invalid JSON"), replies.get(4));
            final String framed = c.texts.poll(10, TimeUnit.SECONDS);
            assertNotNull(framed);
            assertTrue(framed.startsWith("{\"stream\":\"btcusdt@trade\",\"data\":"), "combined after SET_PROPERTY: " + framed);
            c.closeBlocking();

            final Client bad = new Client(URI.create(server.baseUri(Market.SPOT) + "/nowhere"));
            bad.connect(); // the server accepts the upgrade and closes at once, as Binance does
            assertTrue(bad.closed.await(10, TimeUnit.SECONDS));
            assertEquals(1008, bad.closeCode);
        }
    }

    @Test
    void aClientOverTheMessageRateIsClosedAndOneClientCannotTakeEverySlot() throws Exception
    {
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(1).maxConnectionsPerClient(2)))
        {
            final Client c = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws")).open();
            for (int i = 1; i <= 6; i++)
            {
                c.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
            }
            assertTrue(c.closed.await(10, TimeUnit.SECONDS), "closed for the sixth message within a second");
            assertEquals(1008, c.closeCode);
            // a client sees its connection open or closed before the server has counted it in or out
            awaitConnections(server, 0);

            final Client a = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws")).open();
            final Client b = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws")).open();
            awaitConnections(server, 2);
            final Client third = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws"));
            third.connect();
            assertTrue(third.closed.await(10, TimeUnit.SECONDS), "a third connection from the same address is refused");
            assertEquals(1013, third.closeCode);
            assertFalse(a.closed.await(0, TimeUnit.SECONDS));
            assertFalse(b.closed.await(0, TimeUnit.SECONDS));
            a.closeBlocking();
            b.closeBlocking();
        }
    }

    /** Waits, up to 10 s, until the server counts this many open connections (there is no callback for it). */
    private static void awaitConnections(final ReplayServer server, final int n)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.connections() != n)
        {
            assertTrue(System.nanoTime() < deadline, () -> "the server counts " + server.connections() + " connections, not " + n);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void aClientThatSubscribesToFiveStreamsOneByOneAfterConnectingGetsEveryFrameAtEverySpeed() throws Exception
    {
        for (final double speed : new double[] { Double.POSITIVE_INFINITY, 10, 1 })
        {
            try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(speed)))
            {
                final Client c = new Client(URI.create(server.baseUri(Market.SPOT) + "/stream")).open();
                final String[] streams = { "btcusdt@trade", "btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@aggTrade", "btcusdt@kline_1m" };
                for (int i = 0; i < streams.length; i++)
                {
                    // as connectors do: one SUBSCRIBE, its ack, the next
                    c.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"" + streams[i] + "\"],\"id\":\"s" + i + "\"}");
                    assertEquals("{\"result\":null,\"id\":\"s" + i + "\"}", c.texts.poll(10, TimeUnit.SECONDS), "a string id echoed as sent");
                }
                c.awaitEnd();
                assertEquals(1000, c.closeCode);
                for (final String stream : streams)
                {
                    assertEquals((long) counts.get("spot " + stream), c.texts.stream().filter(t -> t.startsWith("{\"stream\":\"" + stream + "\"")).count(),
                        stream + " at speed " + speed);
                }
            }
        }
    }

    @Test
    void perStreamSocketsOpenedOneAfterAnotherStayOnOneClock() throws Exception
    {
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(10)))
        {
            final List<long[]> arrivals = java.util.Collections.synchronizedList(new java.util.ArrayList<>()); // {nanoTime, E}
            final List<Client> clients = new java.util.ArrayList<>();
            for (final String stream : new String[] { "btcusdt@trade", "btcusdt@depth@100ms" })
            {
                final Client c = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws/" + stream))
                {
                    @Override
                    public void onMessage(final String message)
                    {
                        try
                        {
                            arrivals.add(new long[] { System.nanoTime(), JSON.readTree(message).get("E").asLong() });
                        }
                        catch (final java.io.IOException e)
                        {
                            throw new IllegalStateException(e);
                        }
                        super.onMessage(message);
                    }
                }.open();
                clients.add(c);
                Thread.sleep(200); // one socket after another, within the settle window, as a client opens them
            }
            for (final Client c : clients)
            {
                c.awaitEnd();
            }
            assertEquals(counts.get("spot btcusdt@trade") + counts.get("spot btcusdt@depth@100ms"), arrivals.size());
            final List<long[]> sorted = new java.util.ArrayList<>(arrivals);
            sorted.sort(java.util.Comparator.comparingLong(a -> a[0]));
            long newest = sorted.get(0)[1];
            long worst = 0;
            for (final long[] a : sorted)
            {
                worst = Math.max(worst, newest - a[1]);
                newest = Math.max(newest, a[1]);
            }
            // 1 s of the recording is 100 ms at x10: the sockets never drift further apart than that
            assertTrue(worst <= 1000, "frames of the two sockets arrive " + worst + " ms of event time out of order");
        }
    }

    @Test
    void serverTimeFollowsTheClock() throws Exception
    {
        final long[] range = { Long.MAX_VALUE, Long.MIN_VALUE };
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(f ->
            {
                range[0] = Math.min(range[0], f.recvEpochNanos() / 1_000_000);
                range[1] = Math.max(range[1], f.recvEpochNanos() / 1_000_000);
            }, (i, t, e) -> { }))
            {
                // all
            }
        }
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(10)))
        {
            final long before = serverTime(server, "/api/v3/time");
            assertEquals(range[0], before, 1, "before it starts, the clock is at the first record");
            assertEquals("{}", get(server, "/fapi/v1/ping").body());
            final Client c = new Client(URI.create(server.baseUri(Market.USDM) + "/market/ws/btcusdt@aggTrade")).open();
            assertNotNull(c.texts.poll(30, TimeUnit.SECONDS), "the clock runs once subscribed");
            final long t1 = serverTime(server, "/fapi/v1/time");
            final long wall = System.nanoTime();
            Thread.sleep(300);
            final long t2 = serverTime(server, "/api/v3/time");
            final double elapsedWallMs = (System.nanoTime() - wall) / 1e6;
            assertTrue(t1 >= range[0] && t2 <= range[1] + 10_000, t1 + " .. " + t2);
            assertTrue(t2 - t1 >= elapsedWallMs * 10 * 0.5 && t2 - t1 <= elapsedWallMs * 10 * 2 + 1000,
                "x10: " + (t2 - t1) + " ms of recording in " + elapsedWallMs + " ms");
            c.closeBlocking();
        }
    }

    @Test
    void aClientFollowingBinancesBookProcedureSyncsToTheReplaysBook() throws Exception
    {
        for (final Market market : new Market[] { Market.SPOT, Market.USDM })
        {
            try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(10)))
            {
                final Client c = new Client(URI.create(server.baseUri(market) + "/ws/btcusdt@depth@100ms")).open();
                // Binance's procedure: buffer the stream, then the snapshot
                final String first = c.texts.poll(30, TimeUnit.SECONDS);
                assertNotNull(first);
                // at the recording's start the replay's book waits for the journaled snapshot: until then REST says so
                HttpResult snapshot;
                while ((snapshot = get(server, (market == Market.USDM ? "/fapi/v1/depth" : "/api/v3/depth") + "?symbol=BTCUSDT&limit=1000"))
                    .status() != 200)
                {
                    assertTrue(snapshot.body().contains("not synced at this moment"), snapshot.body());
                    assertFalse(c.closed.await(10, TimeUnit.MILLISECONDS), "synced before the end of the replay");
                }
                final JsonNode snap = JSON.readTree(snapshot.body());
                final long lastUpdateId = snap.get("lastUpdateId").asLong();
                final java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> bids = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
                final java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> asks = new java.util.TreeMap<>();
                apply(bids, snap.get("bids"));
                apply(asks, snap.get("asks"));
                c.awaitEnd();
                final List<String> diffs = new java.util.ArrayList<>();
                diffs.add(first);
                diffs.addAll(c.texts);
                boolean synced = false;
                long previous = -1;
                int applied = 0;
                for (final String d : diffs)
                {
                    final JsonNode e = JSON.readTree(d);
                    final long u = e.get("u").asLong();
                    final long firstId = e.get("U").asLong();
                    if (market == Market.USDM ? u < lastUpdateId : u <= lastUpdateId)
                    {
                        continue; // older than the snapshot (futures keep the event that ends at it)
                    }
                    if (!synced)
                    {
                        final boolean straddles = market == Market.USDM ? firstId <= lastUpdateId && u >= lastUpdateId
                            : firstId <= lastUpdateId + 1 && u >= lastUpdateId + 1;
                        assertTrue(straddles, "the first diff after the snapshot straddles it: U " + firstId + " u " + u + " snapshot " + lastUpdateId);
                        synced = true;
                    }
                    else if (market == Market.USDM)
                    {
                        assertEquals(previous, e.get("pu").asLong(), "futures chain");
                    }
                    else
                    {
                        assertEquals(previous + 1, firstId, "spot chain");
                    }
                    previous = u;
                    apply(bids, e.get("b"));
                    apply(asks, e.get("a"));
                    applied++;
                }
                assertTrue(synced && applied > 0, market + ": synced and applied " + applied);
                // the same journal's book replay, at the same moment (the end)
                final dev.ticktape.core.book.BookReplay replay = new dev.ticktape.core.book.BookReplay(new dev.ticktape.core.decode.MarketDataListener()
                {
                }, new dev.ticktape.core.book.BookListener()
                {
                }, (i, t, e) -> { }, (f, r) -> { });
                try (JournalReader reader = JournalReader.open(journal))
                {
                    while (reader.read(replay, replay))
                    {
                        // all
                    }
                }
                final dev.ticktape.core.book.OrderBook book = replay.books().find(market, "BTCUSDT");
                assertTrue(book.isSynced());
                assertEquals(book.bidLevels(), bids.size(), market + " bid levels");
                assertEquals(book.askLevels(), asks.size(), market + " ask levels");
                int i = 0;
                for (final var level : bids.entrySet())
                {
                    assertEquals(0, java.math.BigDecimal.valueOf(book.bidPrice(i), book.priceScale()).compareTo(level.getKey()), "bid " + i);
                    assertEquals(0, java.math.BigDecimal.valueOf(book.bidQuantity(i), book.quantityScale()).compareTo(level.getValue()), "bid qty " + i);
                    i++;
                }
                i = 0;
                for (final var level : asks.entrySet())
                {
                    assertEquals(0, java.math.BigDecimal.valueOf(book.askPrice(i), book.priceScale()).compareTo(level.getKey()), "ask " + i);
                    assertEquals(0, java.math.BigDecimal.valueOf(book.askQuantity(i), book.quantityScale()).compareTo(level.getValue()), "ask qty " + i);
                    i++;
                }
            }
        }
    }

    @Test
    void binancesOwnJavaConnectorChangedOnlyInItsBaseUrlsReplaysAndSyncsABook() throws Exception
    {
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(10)))
        {
            final com.binance.connector.client.impl.WebSocketStreamClientImpl streams =
                new com.binance.connector.client.impl.WebSocketStreamClientImpl(server.baseUri(Market.SPOT).toString());
            final BlockingQueue<String> trades = new LinkedBlockingQueue<>();
            final BlockingQueue<String> diffs = new LinkedBlockingQueue<>();
            final CountDownLatch tradesClosed = new CountDownLatch(1);
            final CountDownLatch diffsClosed = new CountDownLatch(1);
            streams.tradeStream("btcusdt", open -> { }, trades::add, (code, reason) -> tradesClosed.countDown(),
                (code, reason) -> tradesClosed.countDown(), (e, response) -> tradesClosed.countDown());
            streams.diffDepthStream("btcusdt", 100, open -> { }, diffs::add, (code, reason) -> diffsClosed.countDown(),
                (code, reason) -> diffsClosed.countDown(), (e, response) -> diffsClosed.countDown());
            final String first = diffs.poll(30, TimeUnit.SECONDS);
            assertNotNull(first, "the connector's diff stream delivers");
            final com.binance.connector.client.impl.spot.Market rest =
                new com.binance.connector.client.impl.SpotClientImpl(server.restUri().toString()).createMarket();
            String snapshot = null;
            while (snapshot == null)
            {
                try
                {
                    snapshot = rest.depth(new java.util.LinkedHashMap<>(Map.of("symbol", "BTCUSDT", "limit", 1000)));
                }
                catch (final com.binance.connector.client.exceptions.BinanceClientException notYet)
                {
                    // the replay's book waits for the journal's first snapshot: the connector sees Binance's error shape
                    assertTrue(notYet.getMessage().contains("not synced"), notYet.getMessage());
                    assertFalse(diffsClosed.await(10, TimeUnit.MILLISECONDS), "synced before the end of the replay");
                }
            }
            assertTrue(tradesClosed.await(60, TimeUnit.SECONDS) && diffsClosed.await(60, TimeUnit.SECONDS), "both closed at the end");
            streams.closeAllConnections();
            assertEquals((int) counts.get("spot btcusdt@trade"), trades.size(), "every trade frame");
            final JsonNode snap = JSON.readTree(snapshot);
            final long lastUpdateId = snap.get("lastUpdateId").asLong();
            final java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> bids = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
            final java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> asks = new java.util.TreeMap<>();
            apply(bids, snap.get("bids"));
            apply(asks, snap.get("asks"));
            final List<String> all = new java.util.ArrayList<>();
            all.add(first);
            all.addAll(diffs);
            long previous = -1;
            for (final String d : all)
            {
                final JsonNode e = JSON.readTree(d);
                if (e.get("u").asLong() <= lastUpdateId)
                {
                    continue;
                }
                assertTrue(previous < 0 ? e.get("U").asLong() <= lastUpdateId + 1 : e.get("U").asLong() == previous + 1, d);
                previous = e.get("u").asLong();
                apply(bids, e.get("b"));
                apply(asks, e.get("a"));
            }
            assertTrue(previous > 0, "diffs applied after the snapshot");
            final dev.ticktape.core.book.BookReplay replay = new dev.ticktape.core.book.BookReplay(new dev.ticktape.core.decode.MarketDataListener()
            {
            }, new dev.ticktape.core.book.BookListener()
            {
            }, (i, t, e) -> { }, (f, r) -> { });
            try (JournalReader reader = JournalReader.open(journal))
            {
                while (reader.read(replay, replay))
                {
                    // all
                }
            }
            final dev.ticktape.core.book.OrderBook book = replay.books().find(Market.SPOT, "BTCUSDT");
            assertEquals(book.bidLevels(), bids.size());
            assertEquals(book.askLevels(), asks.size());
            assertEquals(0, java.math.BigDecimal.valueOf(book.bidPrice(0), book.priceScale()).compareTo(bids.firstKey()), "best bid");
            assertEquals(0, java.math.BigDecimal.valueOf(book.askPrice(0), book.priceScale()).compareTo(asks.firstKey()), "best ask");
        }
    }

    @Test
    void exchangeInformationRoundTripsFromTheJournal() throws Exception
    {
        final Map<Market, String> journaled = new HashMap<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(f ->
            {
                if (f.kind() == FrameKind.REST && f.streamName().equals("exchangeInfo"))
                {
                    final byte[] b = new byte[f.payloadLength()];
                    f.buffer().getBytes(f.payloadOffset(), b);
                    journaled.putIfAbsent(f.market(), new String(b, java.nio.charset.StandardCharsets.UTF_8));
                }
            }, (i, t, e) -> { }))
            {
                // all
            }
        }
        assertEquals(java.util.Set.of(Market.SPOT, Market.SPOT_SBE, Market.USDM), journaled.keySet(), "the recorder journals each market's");
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(10)))
        {
            // asked before any stream is subscribed, as clients do at start: the copy the recorder journaled as it started
            final HttpResult spot = get(server, "/api/v3/exchangeInfo");
            assertEquals(200, spot.status());
            assertEquals(journaled.get(Market.SPOT), spot.body());
            assertEquals(journaled.get(Market.USDM), get(server, "/fapi/v1/exchangeInfo").body());
            assertEquals("BTCUSDT", JSON.readTree(spot.body()).get("symbols").get(0).get("symbol").asText());
        }
    }

    @Test
    void withoutJournaledExchangeInformationTheJournalsSymbolsAreListed() throws Exception
    {
        final Path bare = dir.resolve("bare");
        final long t = 1_700_000_000_000_000_000L;
        try (dev.ticktape.core.journal.JournalWriter w = dev.ticktape.core.journal.JournalWriter.open(bare))
        {
            w.appendEvent(new dev.ticktape.core.journal.SessionEvent.Subscribed(1, Market.SPOT, List.of("ethusdt@trade", "solusdt@depth")), t, t);
            final byte[] trade = "{\"e\":\"trade\",\"E\":1700000000000,\"s\":\"ETHUSDT\",\"t\":1,\"p\":\"1.0\",\"q\":\"1.0\",\"T\":1700000000000,\"m\":true,\"M\":true}"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final byte[] name = "ethusdt@trade".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 1; i <= 3; i++)
            {
                w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, t + i * 1_000_000L, t + i * 1_000_000L, name, trade, 0, trade.length);
            }
        }
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(bare).speed(Double.POSITIVE_INFINITY)))
        {
            final Client c = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws/ethusdt@trade")).open();
            c.awaitEnd();
            assertEquals(3, c.texts.size());
            final JsonNode info = JSON.readTree(get(server, "/api/v3/exchangeInfo").body());
            assertEquals("UTC", info.get("timezone").asText());
            assertEquals(List.of("ETHUSDT", "SOLUSDT"), java.util.stream.StreamSupport.stream(info.get("symbols").spliterator(), false)
                .map(n -> n.get("symbol").asText()).toList(), "the symbols the journal's subscriptions name");
        }
    }

    @Test
    void aSymbolWithoutABookGetsBinancesErrorShape() throws Exception
    {
        try (ReplayServer server = ReplayServer.start(new ServeOptions().journal(journal).speed(10)))
        {
            final HttpResult early = get(server, "/api/v3/depth?symbol=BTCUSDT");
            assertEquals(400, early.status());
            assertTrue(early.body().contains("has not started"), "before any subscription: " + early.body());
            final Client c = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws/btcusdt@trade")).open();
            assertNotNull(c.texts.poll(30, TimeUnit.SECONDS), "the clock runs");
            final HttpResult r = get(server, "/api/v3/depth?symbol=NOPEUSDT");
            assertEquals(400, r.status());
            assertEquals("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", r.body());
            final HttpResult missing = get(server, "/fapi/v1/depth");
            assertEquals(400, missing.status());
            assertTrue(missing.body().startsWith("{\"code\":-1102,"), missing.body());
        }
        try (ReplayServer server = serve(10))
        {
            final HttpResult r = get(server, "/api/v3/time");
            assertEquals(400, r.status());
            assertTrue(r.body().contains("per-connection"), r.body());
        }
    }

    private static void apply(final java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> side, final JsonNode levels)
    {
        for (final JsonNode level : levels)
        {
            final java.math.BigDecimal price = new java.math.BigDecimal(level.get(0).asText());
            final java.math.BigDecimal qty = new java.math.BigDecimal(level.get(1).asText());
            if (qty.signum() == 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, qty);
            }
        }
    }

    record HttpResult(int status, String body)
    {
    }

    private static HttpResult get(final ReplayServer server, final String path) throws Exception
    {
        final java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(URI.create(server.restUri() + path)).timeout(Duration.ofSeconds(10)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        return new HttpResult(r.statusCode(), r.body());
    }

    private static long serverTime(final ReplayServer server, final String path) throws Exception
    {
        final HttpResult r = get(server, path);
        assertEquals(200, r.status(), r.body());
        return JSON.readTree(r.body()).get("serverTime").asLong();
    }

    @Test
    void aRangeThatEndsBeforeItStartsIsAUsageErrorAtStart()
    {
        final TicktapeCliTest.Run r = TicktapeCliTest.run("serve", "--journal", journal.toString(),
            "--from", "1700000002000000000", "--to", "1700000001000000000", "--duration", "5s");
        assertEquals(2, r.code(), r.err());
        assertEquals("ticktape: --to is not after --from", r.err().strip());
    }
}
