package dev.ticktape.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Binance's update speeds, {@code timeUnit=MICROSECOND}, user-data streams with their listen-key
 * calls, refused connections (HTTP 429/418 with {@code Retry-After}) and the RPI depth snapshot.
 */
@Timeout(60)
class SpeedsAndAccountsTest extends SimulatorSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_700_000_000_000L; // a whole second
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads combined messages until {@code count} have arrived on each of the streams. */
    private static Map<String, List<JsonNode>> collect(final Client c, final int count, final String... streams) throws Exception
    {
        final Map<String, List<JsonNode>> by = new HashMap<>();
        for (final String s : streams)
        {
            by.put(s, new ArrayList<>());
        }
        while (by.values().stream().anyMatch(l -> l.size() < count))
        {
            final JsonNode m = JSON.readTree(c.next());
            final List<JsonNode> list = by.get(m.get("stream").asText());
            if (list != null && list.size() < count)
            {
                list.add(m.get("data"));
            }
        }
        return by;
    }

    @Test
    void spotDiffDepthIsAggregatedAtItsUpdateSpeedWithAnUnbrokenChain() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).startMillis(START));
        final Client c = connect(Market.SPOT, "/stream?streams=btcusdt@depth/btcusdt@depth@100ms/btcusdt@trade");
        final Map<String, List<JsonNode>> by = collect(c, 3, "btcusdt@depth", "btcusdt@depth@100ms", "btcusdt@trade");
        assertSpeed(by.get("btcusdt@depth"), 1000, false);
        assertSpeed(by.get("btcusdt@depth@100ms"), 100, false);
        final List<JsonNode> second = by.get("btcusdt@depth");
        assertTrue(second.get(1).get("u").asLong() - second.get(1).get("U").asLong() >= 50,
            "a one-second window aggregates the changes of 100 steps: " + second.get(1));
    }

    @Test
    void futuresDiffDepthChainsPuAtEachSpeed() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).startMillis(START));
        final Client c = connect(Market.USDM, "/public/stream?streams=btcusdt@depth/btcusdt@depth@500ms/btcusdt@rpiDepth@500ms");
        final Map<String, List<JsonNode>> by = collect(c, 3, "btcusdt@depth", "btcusdt@depth@500ms", "btcusdt@rpiDepth@500ms");
        assertSpeed(by.get("btcusdt@depth"), 250, true);
        assertSpeed(by.get("btcusdt@depth@500ms"), 500, true);
        assertSpeed(by.get("btcusdt@rpiDepth@500ms"), 500, true);
    }

    /** Events one period apart on the model's clock, each starting where the one before ended. */
    private static void assertSpeed(final List<JsonNode> events, final long periodMillis, final boolean futures)
    {
        for (int i = 1; i < events.size(); i++)
        {
            final JsonNode before = events.get(i - 1);
            final JsonNode e = events.get(i);
            assertEquals(0, e.get("E").asLong() % periodMillis, "pushed on the period's boundary: " + e.get("E"));
            assertEquals(periodMillis, e.get("E").asLong() - before.get("E").asLong(), "one push per period");
            if (futures)
            {
                assertEquals(before.get("u").asLong(), e.get("pu").asLong(), "pu is the previous event's u");
            }
            else
            {
                assertEquals(before.get("u").asLong() + 1, e.get("U").asLong(), "U follows the previous u");
            }
        }
    }

    @Test
    void sbeDepthComesEvery20msAndDepth20Every50ms() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).startMillis(START));
        final Client c = client(Market.SPOT_SBE, "/ws/btcusdt@depth/btcusdt@depth20", Map.of("X-MBX-APIKEY", "k"));
        assertTrue(c.connectBlocking(10, TimeUnit.SECONDS));
        final dev.ticktape.core.sbe.spot.MessageHeaderDecoder header = new dev.ticktape.core.sbe.spot.MessageHeaderDecoder();
        final List<Long> diffTimes = new ArrayList<>();
        final List<Long> snapshotTimes = new ArrayList<>();
        while (diffTimes.size() < 5 || snapshotTimes.size() < 5)
        {
            final java.nio.ByteBuffer b = c.binary.poll(20, TimeUnit.SECONDS);
            assertNotNull(b);
            final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(b);
            header.wrap(buffer, 0);
            final long eventMicros = buffer.getLong(header.encodedLength(), java.nio.ByteOrder.LITTLE_ENDIAN);
            (header.templateId() == 10003 ? diffTimes : snapshotTimes).add(eventMicros / 1000);
        }
        for (int i = 1; i < 5; i++)
        {
            assertEquals(20, diffTimes.get(i) - diffTimes.get(i - 1), "diff depth every 20 ms: " + diffTimes);
            assertEquals(50, snapshotTimes.get(i) - snapshotTimes.get(i - 1), "depth20 every 50 ms: " + snapshotTimes);
        }
    }

    @Test
    void timeUnitMicrosecondPrintsEveryTimeInMicroseconds() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200).startMillis(START));
        final String streams = "/stream?streams=btcusdt@trade/btcusdt@kline_1m";
        final Client micros = connect(Market.SPOT, streams + "&timeUnit=MICROSECOND");
        final Client millis = connect(Market.SPOT, streams);
        final Map<Long, JsonNode> microTrades = new HashMap<>();
        JsonNode microKline = null;
        while (microTrades.size() < 20 || microKline == null)
        {
            final JsonNode m = JSON.readTree(micros.next());
            if (m.get("stream").asText().endsWith("@trade"))
            {
                microTrades.put(m.get("data").get("t").asLong(), m.get("data"));
            }
            else
            {
                microKline = m.get("data");
            }
        }
        int compared = 0;
        while (compared == 0)
        {
            final JsonNode m = JSON.readTree(millis.next()).get("data");
            final JsonNode micro = m.get("e").asText().equals("trade") ? microTrades.get(m.get("t").asLong()) : null;
            if (micro != null)
            {
                assertEquals(m.get("E").asLong() * 1000, micro.get("E").asLong());
                assertEquals(m.get("T").asLong() * 1000, micro.get("T").asLong());
                assertEquals(m.get("p").asText(), micro.get("p").asText(), "prices are untouched");
                compared++;
            }
            else if (m.get("e").asText().equals("kline"))
            {
                assertTrue(m.get("E").asLong() < 10_000_000_000_000L, "milliseconds by default: " + m);
            }
        }
        assertEquals(0, microKline.get("k").get("t").asLong() % 60_000_000L, "candle open in µs: " + microKline);
        assertTrue(microKline.get("E").asLong() > 1_000_000_000_000_000L, "event time in µs: " + microKline);
    }

    private HttpResponse<String> rest(final String method, final String path, final String apiKey) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.restBaseUri() + path))
            .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (apiKey != null)
        {
            request.header("X-MBX-APIKEY", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void spotUserDataStreamFollowsItsListenKey() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        assertEquals(401, rest("POST", "/api/v3/userDataStream", null).statusCode(), "an API key is required");
        final HttpResponse<String> created = rest("POST", "/api/v3/userDataStream", "my-key");
        assertEquals(200, created.statusCode());
        final String listenKey = JSON.readTree(created.body()).get("listenKey").asText();
        assertEquals(60, listenKey.length());
        assertEquals(listenKey, JSON.readTree(rest("POST", "/api/v3/userDataStream", "my-key").body()).get("listenKey").asText(),
            "a second POST returns the same key");

        final Client c = connect(Market.SPOT, "/ws/" + listenKey);
        final JsonNode first = JSON.readTree(c.next());
        final JsonNode second = JSON.readTree(c.next());
        assertEquals("balanceUpdate", first.get("e").asText(), first.toString());
        assertEquals("outboundAccountPosition", second.get("e").asText(), second.toString());

        final HttpResponse<String> kept = rest("PUT", "/api/v3/userDataStream?listenKey=" + listenKey, "my-key");
        assertEquals(200, kept.statusCode());
        assertEquals("{}", kept.body());
        assertEquals(200, rest("DELETE", "/api/v3/userDataStream?listenKey=" + listenKey, "my-key").statusCode());
        final HttpResponse<String> gone = rest("PUT", "/api/v3/userDataStream?listenKey=" + listenKey, "my-key");
        assertEquals(400, gone.statusCode());
        assertEquals(-1125, JSON.readTree(gone.body()).get("code").asInt());
    }

    @Test
    void futuresUserDataStreamAndAnExpiredListenKey() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100)
            .listenKeyValidity(Duration.ofSeconds(1)));
        final String listenKey = JSON.readTree(rest("POST", "/fapi/v1/listenKey", "k").body()).get("listenKey").asText();
        final Client c = connect(Market.USDM, "/private/ws/" + listenKey);
        assertEquals("ACCOUNT_UPDATE", JSON.readTree(c.next()).get("e").asText());
        assertTrue(c.closed.await(10, TimeUnit.SECONDS), "closed once the key expires");
        assertTrue(c.messages.stream().anyMatch(m -> m.contains("\"e\":\"listenKeyExpired\"") && m.contains(listenKey)),
            "listenKeyExpired before the close");
        final HttpResponse<String> late = rest("PUT", "/fapi/v1/listenKey", "k");
        assertEquals(400, late.statusCode(), "an expired key cannot be kept alive");
    }

    /** An upgrade request on a plain socket, so the HTTP answer can be read whatever its status. */
    private String upgrade(final Market market) throws Exception
    {
        final URI base = simulator.baseUri(market);
        try (Socket socket = new Socket(base.getHost(), base.getPort()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/btcusdt@trade HTTP/1.1\r\nHost: " + base.getHost() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final ByteArrayOutputStream response = new ByteArrayOutputStream();
            final byte[] chunk = new byte[1024];
            int n;
            while (!response.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && (n = in.read(chunk)) > 0)
            {
                response.write(chunk, 0, n);
            }
            return response.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void refusedConnectionsGet429Or418WithRetryAfter() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(50));
        final Client open = connect(Market.SPOT, "/ws/btcusdt@depth");
        simulator.faults().refuseConnections(Duration.ofSeconds(30), 429);
        final String refused = upgrade(Market.SPOT);
        assertTrue(refused.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), refused);
        final int retryAfter = Integer.parseInt(refused.replaceAll("(?s).*\r\nRetry-After: (\\d+)\r\n.*", "$1"));
        assertTrue(retryAfter >= 29 && retryAfter <= 30, "Retry-After in seconds left: " + refused);
        simulator.faults().refuseConnections(Duration.ofSeconds(5), 418);
        assertTrue(upgrade(Market.USDM).startsWith("HTTP/1.1 418 "), "a ban is a 418");
        assertTrue(open.isOpen(), "open connections are not touched");
        open.messages.clear();
        open.next();

        simulator.faults().clear();
        assertTrue(upgrade(Market.SPOT).startsWith("HTTP/1.1 101 "), "accepted again after the refusal");
    }

    @Test
    void rpiDepthSnapshotHasTheRestShape() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(50));
        final HttpResponse<String> r = rest("GET", "/fapi/v1/rpiDepth?symbol=BTCUSDT&limit=1000", null);
        assertEquals(200, r.statusCode());
        final JsonNode snapshot = JSON.readTree(r.body());
        assertTrue(snapshot.get("lastUpdateId").asLong() > 0);
        assertTrue(snapshot.has("E") && snapshot.has("T"), r.body());
        assertTrue(snapshot.get("bids").size() > 10 && snapshot.get("asks").size() > 10, r.body());
    }
}
