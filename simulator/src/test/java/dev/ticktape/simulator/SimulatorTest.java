package dev.ticktape.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.book.OrderBooks;
import dev.ticktape.core.decode.DecodeFixtures;
import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The simulator through a plain WebSocket client (not the recorder): URL forms, the combined
 * wrapper, control messages and their errors, futures routes, determinism, and book consistency.
 */
@Timeout(60)
class SimulatorTest extends SimulatorSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_704_067_200_000L;

    private void start(final double ticksPerSecond)
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("btcusdt", "ETHUSDT")).seed(7)
            .ticksPerSecond(ticksPerSecond).startMillis(START));
    }

    @Test
    void combinedStreamsAreWrappedAndRawStreamsAreNot() throws Exception
    {
        start(200);
        assertTrue(simulator.baseUri(Market.SPOT).toString().startsWith("ws://127.0.0.1:"), "binds loopback");
        final Client combined = connect(Market.SPOT, "/stream?streams=btcusdt@depth@100ms/ethusdt@trade");
        final List<String> streams = new ArrayList<>();
        while (!(streams.contains("btcusdt@depth@100ms") && streams.contains("ethusdt@trade")))
        {
            final JsonNode m = JSON.readTree(combined.next());
            streams.add(m.get("stream").asText());
            final JsonNode data = m.get("data");
            assertTrue(m.get("stream").asText().startsWith("btcusdt@depth") ? data.get("e").asText().equals("depthUpdate")
                : data.get("e").asText().equals("trade"), m.toString());
        }
        assertTrue(streams.stream().allMatch(s -> s.equals("btcusdt@depth@100ms") || s.equals("ethusdt@trade")), streams.toString());

        final Client raw = connect(Market.SPOT, "/ws/btcusdt@bookTicker");
        final JsonNode ticker = JSON.readTree(raw.next());
        assertFalse(ticker.has("stream"), "raw streams are not wrapped");
        assertEquals("BTCUSDT", ticker.get("s").asText());
        assertTrue(ticker.has("u") && !ticker.has("e"), "spot bookTicker has no e: " + ticker);
    }

    @Test
    void controlMessagesGetBinancesReplies() throws Exception
    {
        // More than Binance's 5 messages per second are sent here; the limit has its own test.
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("btcusdt")).seed(7).ticksPerSecond(100)
            .startMillis(START).messagesPerSecond(1000));
        final Client c = connect(Market.SPOT, "/ws");
        c.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"btcusdt@depth\"],\"id\":1}");
        assertEquals("{\"result\":null,\"id\":1}", nextReply(c));
        c.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
        assertEquals("{\"result\":[\"btcusdt@aggTrade\",\"btcusdt@depth\"],\"id\":3}", nextReply(c));
        c.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":312}");
        assertEquals("{\"result\":null,\"id\":312}", nextReply(c));
        c.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":2}");
        assertEquals("{\"result\":false,\"id\":2}", nextReply(c));
        c.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}");
        assertEquals("{\"result\":null,\"id\":5}", nextReply(c));
        c.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":6}");
        assertEquals("{\"result\":true,\"id\":6}", nextReply(c));
        String m;
        do
        {
            m = c.next();
        }
        while (!m.startsWith("{\"stream\""));
        assertEquals("btcusdt@aggTrade", JSON.readTree(m).get("stream").asText(), "combined after SET_PROPERTY");

        c.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",\"yes\"],\"id\":7}");
        assertEquals("{\"code\":1,\"msg\":\"Invalid value type: expected Boolean\"}", nextReply(c));
        c.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"colour\"],\"id\":8}");
        assertEquals("{\"code\":0,\"msg\":\"Unknown property\",\"id\":8}", nextReply(c));
        c.send("{\"method\":\"NOPE\",\"id\":9}");
        assertTrue(nextReply(c).startsWith("{\"code\":2,\"msg\":\"Invalid request: unknown variant NOPE"));
        c.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"x\"],\"id\":[1]}");
        assertEquals("{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"}", nextReply(c));
        c.send("{not json");
        assertTrue(nextReply(c).startsWith("{\"code\":3,\"msg\":\"Invalid JSON"));
        c.send("{\"params\":[],\"id\":10}");
        assertTrue(nextReply(c).startsWith("{\"code\":2,\"msg\":\"Invalid request: missing field `method`"));
    }

    @Test
    void unknownPathsAndTooManyStreamsAreRefused() throws Exception
    {
        start(10);
        final Client bad = client(Market.SPOT, "/nowhere", java.util.Map.of());
        bad.connectBlocking(10, TimeUnit.SECONDS); // the server may refuse before or after the handshake completes
        assertTrue(bad.closed.await(10, TimeUnit.SECONDS), "an unknown path is refused");
        assertFalse(bad.isOpen());
        final Client tooMany = connect(Market.SPOT, "/ws");
        final StringBuilder params = new StringBuilder();
        for (int i = 0; i <= dev.ticktape.core.binance.StreamUrl.MAX_STREAMS; i++)
        {
            params.append(i > 0 ? "," : "").append("\"s").append(i).append("@trade\"");
        }
        tooMany.send("{\"method\":\"SUBSCRIBE\",\"params\":[" + params + "],\"id\":1}");
        assertTrue(tooMany.closed.await(10, TimeUnit.SECONDS), "1025 streams close the connection");
        assertEquals(1008, tooMany.closeCode);
    }

    @Test
    void futuresRoutesDeliverOnlyTheirStreams() throws Exception
    {
        start(200);
        final Client publicRoute = connect(Market.USDM, "/public/stream?streams=btcusdt@depth@100ms/btcusdt@aggTrade");
        final Client marketRoute = connect(Market.USDM, "/market/ws/btcusdt@aggTrade");
        final JsonNode agg = JSON.readTree(marketRoute.next());
        assertEquals("aggTrade", agg.get("e").asText());
        assertTrue(agg.has("nq") && !agg.has("M"), "futures aggTrade fields: " + agg);
        for (int i = 0; i < 20; i++)
        {
            final JsonNode m = JSON.readTree(publicRoute.next());
            assertEquals("btcusdt@depth@100ms", m.get("stream").asText(), "aggTrade is a /market stream");
            assertTrue(m.get("data").has("pu"), "futures diffs carry pu");
        }
    }

    @Test
    void framesAreASliceOfTheSameSeedsModel() throws Exception
    {
        start(500);
        final Client c = connect(Market.SPOT, "/ws/btcusdt@depth");
        final List<String> received = new ArrayList<>();
        for (int i = 0; i < 30; i++)
        {
            received.add(c.next());
        }
        // The same seed, offline: the frames received must be a contiguous run of its sequence.
        final SymbolModel model = new SymbolModel("btcusdt", Market.SPOT, 7, 0);
        final List<String> expected = new ArrayList<>();
        final long interval = 1_000_000_000L / 500;
        final DepthWindow window = model.windows()[0]; // btcusdt@depth
        for (long tick = 0; tick < simulator.ticks() + 10; tick++)
        {
            model.step(tick);
            window.add(model, true);
            expected.add(Payloads.depthUpdate(model, window, Payloads.Stamp.millis(START + tick * interval / 1_000_000L)));
            window.pushed();
        }
        final int at = expected.indexOf(received.get(0));
        assertTrue(at >= 0, "the first frame is one of the model's");
        assertEquals(expected.subList(at, at + received.size()), received);
    }

    @Test
    void restSnapshotPlusDiffsRebuildTheBookThatBookTickersShow() throws Exception
    {
        start(300);
        for (final Market market : new Market[] { Market.SPOT, Market.USDM })
        {
            final String prefix = market == Market.USDM ? "/public" : "";
            final Client c = connect(market, prefix + "/stream?streams=btcusdt@depth/btcusdt@bookTicker");
            final List<String> gaps = new ArrayList<>();
            final OrderBooks books = new OrderBooks(new BookListener()
            {
                @Override
                public void onBookGap(final OrderBook book, final long expected, final long actual, final String reason)
                {
                    gaps.add(reason.equals(OrderBook.SNAPSHOT_MISALIGNED) ? "snapshot: " + reason : reason);
                }
            }, 10_000);
            final MarketDataDecoder decoder = new MarketDataDecoder(books, (f, r) -> fail(r));
            // Buffer from the first frame on, as the documented procedure does: the event that contains
            // the snapshot's lastUpdateId must be among the buffered ones (futures checks U <= id <= u).
            final String first = c.next();
            final JsonNode firstNode = JSON.readTree(first);
            decoder.onFrame(DecodeFixtures.textFrame(market, firstNode.get("stream").asText(),
                firstNode.get("data").toString().getBytes(StandardCharsets.UTF_8), true));
            final String path = market == Market.USDM ? "/fapi/v1/depth" : "/api/v3/depth";
            HttpResponse<String> snapshot = snapshot(path);
            boolean snapshotFed = false;
            int checked = 0;
            final Decimal price = new Decimal();
            final Decimal quantity = new Decimal();
            while (checked < 40)
            {
                final String message = c.next();
                final JsonNode m = JSON.readTree(message);
                final String stream = m.get("stream").asText();
                final byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                decoder.onFrame(DecodeFixtures.textFrame(market, stream, m.get("data").toString().getBytes(StandardCharsets.UTF_8), true));
                if (snapshotFed && !gaps.isEmpty() && gaps.get(gaps.size() - 1).equals("snapshot: " + OrderBook.SNAPSHOT_MISALIGNED))
                {
                    // The snapshot fell on an event this client did not buffer: fetch a new one, as the procedure says.
                    gaps.remove(gaps.size() - 1);
                    snapshot = snapshot(path);
                    snapshotFed = false;
                }
                if (!snapshotFed && stream.endsWith("@depth"))
                {
                    decoder.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), market, FrameKind.REST, "btcusdt@depth",
                        snapshot.body().getBytes(StandardCharsets.UTF_8)));
                    snapshotFed = true;
                }
                final OrderBook book = books.find(market, "BTCUSDT");
                if (stream.endsWith("@bookTicker") && book != null && book.isSynced()
                    && m.get("data").get("u").asLong() == book.lastUpdateId())
                {
                    assertTrue(book.bestBid(price, quantity));
                    assertEquals(m.get("data").get("b").asText(), price.toString(), market + " best bid");
                    assertEquals(m.get("data").get("B").asText(), quantity.toString(), market + " best bid quantity");
                    assertTrue(book.bestAsk(price, quantity));
                    assertEquals(m.get("data").get("a").asText(), price.toString(), market + " best ask");
                    checked++;
                }
                assertTrue(bytes.length > 0);
            }
            assertEquals(List.of(), gaps, market + ": the chain never breaks");
            c.close();
        }
    }

    @Test
    void aPortInUseIsAClearIoErrorNotAHang()
    {
        start(10);
        final int taken = simulator.baseUri(Market.SPOT).getPort();
        final dev.ticktape.core.TicktapeException e = assertThrows(dev.ticktape.core.TicktapeException.class,
            () -> Simulator.start(new SimulatorConfig().port(taken)).close());
        assertEquals(dev.ticktape.core.ErrorCode.IO, e.code());
        assertTrue(e.getMessage().contains("cannot start the simulator"), e.getMessage());
    }

    @Test
    void restErrorsLookLikeBinances() throws Exception
    {
        start(10);
        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(simulator.restBaseUri() + "/api/v3/depth"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("-1102"), missing.body());
        final HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(simulator.restBaseUri()
            + "/fapi/v1/depth?symbol=NOPEUSDT")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("-1121"), unknown.body());
    }

    private HttpResponse<String> snapshot(final String path) throws Exception
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(simulator.restBaseUri() + path + "?symbol=BTCUSDT&limit=1000")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response;
    }

    private static String nextReply(final Client c) throws InterruptedException
    {
        while (true)
        {
            final String m = c.next();
            if (m.contains("\"id\"") || m.contains("\"code\""))
            {
                if (!m.contains("\"e\""))
                {
                    return m;
                }
            }
        }
    }
}
