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
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@depth@100ms"),
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
    static final class Client extends WebSocketClient
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

    private static ReplayServer serve(final double speed)
    {
        return ReplayServer.start(new ServeOptions().journal(journal).speed(speed));
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

            final Client a = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws")).open();
            final Client b = new Client(URI.create(server.baseUri(Market.SPOT) + "/ws")).open();
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

    @Test
    void aRangeThatEndsBeforeItStartsIsAUsageErrorAtStart()
    {
        final TicktapeCliTest.Run r = TicktapeCliTest.run("serve", "--journal", journal.toString(),
            "--from", "1700000002000000000", "--to", "1700000001000000000", "--duration", "5s");
        assertEquals(2, r.code(), r.err());
        assertEquals("ticktape: --to is not after --from", r.err().strip());
    }
}
