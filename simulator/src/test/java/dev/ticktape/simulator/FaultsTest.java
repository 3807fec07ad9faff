package dev.ticktape.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DecodeFixtures;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
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
 * Every fault does what it says, seen from a plain client.
 */
@Timeout(60)
class FaultsTest extends SimulatorSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private void start()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200));
    }

    @Test
    void dropAfterFramesCutsTheConnectionWithoutACloseFrame() throws Exception
    {
        start();
        simulator.faults().dropAfterFrames(5);
        final Client c = connect(Market.SPOT, "/ws/btcusdt@depth");
        assertTrue(c.closed.await(10, TimeUnit.SECONDS));
        assertEquals(1006, c.closeCode, "abnormal closure: no close frame");
        assertEquals(5, c.messages.size());
    }

    @Test
    void dropAllNowAndDropAfterAnAge() throws Exception
    {
        start();
        final Client c = connect(Market.SPOT, "/ws/btcusdt@depth");
        c.next();
        simulator.faults().dropAllNow();
        assertTrue(c.closed.await(10, TimeUnit.SECONDS));
        assertEquals(1006, c.closeCode);

        simulator.faults().dropAfter(Duration.ofMillis(300));
        // not connectBlocking: on a loaded machine the drop can come before the client's open is seen
        final Client aged = client(Market.SPOT, "/ws/btcusdt@depth", java.util.Map.of());
        final long start = System.nanoTime();
        aged.connect();
        assertTrue(aged.closed.await(10, TimeUnit.SECONDS), "dropped once 300 ms old");
        assertTrue(System.nanoTime() - start >= 300_000_000L, "not before it was 300 ms old");
    }

    @Test
    void aStallKeepsTheSocketOpenButSilentAndTheMarketMovesOn() throws Exception
    {
        start();
        final Client c = connect(Market.SPOT, "/ws/btcusdt@depth");
        long lastU = JSON.readTree(c.next()).get("u").asLong();
        simulator.faults().stall(Duration.ofSeconds(2));
        c.messages.clear();
        assertNull(c.messages.poll(1, TimeUnit.SECONDS), "nothing arrives during the stall");
        assertTrue(c.isOpen(), "the socket stays open");
        final JsonNode after = JSON.readTree(c.next());
        assertTrue(after.get("U").asLong() > lastU + 1, "the market moved on: ids jump after the stall");
    }

    @Test
    void gapEveryWithholdsDiffsSoTheChainBreaks() throws Exception
    {
        start();
        simulator.faults().gapEvery(3);
        final Client c = connect(Market.SPOT, "/ws/btcusdt@depth");
        long previous = JSON.readTree(c.next()).get("u").asLong();
        int gaps = 0;
        for (int i = 0; i < 20; i++)
        {
            final JsonNode d = JSON.readTree(c.next());
            if (d.get("U").asLong() != previous + 1)
            {
                gaps++;
            }
            previous = d.get("u").asLong();
        }
        assertTrue(gaps >= 3, "withheld events leave gaps: " + gaps);
    }

    @Test
    void malformedEveryCutsFramesTheDecoderRejects() throws Exception
    {
        start();
        simulator.faults().malformedEvery(4);
        final Client c = connect(Market.SPOT, "/stream?streams=btcusdt@depth");
        final List<String> errors = new ArrayList<>();
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
        }, (f, reason) -> errors.add(reason));
        for (int i = 0; i < 12; i++)
        {
            decoder.onFrame(DecodeFixtures.withStreamBefore(new dev.ticktape.core.journal.JournalFrame(), Market.SPOT,
                dev.ticktape.core.journal.FrameKind.TEXT, null, c.next().getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(3, errors.size(), "every 4th frame of 12 is malformed: " + errors);
        assertEquals(3, decoder.errors());
    }

    @Test
    void delayHoldsFramesBackInOrder() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        simulator.faults().delay(Duration.ofMillis(400));
        final Client c = connect(Market.SPOT, "/ws/btcusdt@depth");
        long previous = -1;
        for (int i = 0; i < 10; i++)
        {
            final JsonNode d = JSON.readTree(c.next());
            final long lateness = System.currentTimeMillis() - d.get("E").asLong();
            assertTrue(lateness >= 350, "each frame arrives at least the delay after its event time: " + lateness + " ms");
            if (previous >= 0)
            {
                assertEquals(previous + 1, d.get("U").asLong(), "delayed frames keep their order");
            }
            previous = d.get("u").asLong();
        }
    }

    @Test
    void restErrorsAnswerWithTheStatusAndRetryAfter() throws Exception
    {
        start();
        simulator.faults().restErrors(2, 429);
        final HttpClient http = HttpClient.newHttpClient();
        final HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.restBaseUri() + "/api/v3/depth?symbol=BTCUSDT"))
            .timeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 2; i++)
        {
            final HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(429, r.statusCode());
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
        }
        final HttpResponse<String> ok = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().startsWith("{\"lastUpdateId\":"), ok.body());
    }
}
