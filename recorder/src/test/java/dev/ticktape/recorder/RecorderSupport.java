package dev.ticktape.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** Base of the recorder tests: a simulator on loopback, a recorder, a journal directory, and checks. */
@Timeout(90)
abstract class RecorderSupport
{
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "test-api-key-5f0c2e";

    @TempDir
    Path dir;
    Simulator simulator;
    Recorder recorder;

    @AfterEach
    void stop()
    {
        if (recorder != null)
        {
            recorder.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
    }

    /** Waits for a condition the test cannot get a callback for, within the test's timeout. */
    static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(5_000_000);
        }
    }

    RecorderConfig config(final Path journal)
    {
        return new RecorderConfig().journal(journal).apiKey(KEY).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "ethusdt@depth", "btcusdt@trade",
                "ethusdt@bookTicker", "btcusdt@kline_1m"), simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
            .add(new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of("btcusdt@depth", "btcusdt@trade", "ethusdt@bestBidAsk"),
                simulator.baseUri(Market.SPOT_SBE), simulator.restBaseUri()))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@depth@100ms", "ethusdt@bookTicker", "btcusdt@aggTrade",
                "ethusdt@markPrice@1s"), simulator.baseUri(Market.USDM), simulator.restBaseUri()));
    }

    /** Stops the simulator's frames, waits until the recorder has journaled every one, stops the recorder. */
    void drainAndStop()
    {
        simulator.faults().stall(Duration.ofMinutes(5));
        final long[] last = { -1 };
        await(() ->
        {
            final long sent = simulator.framesSent();
            final boolean same = sent == last[0] && recorder.frames() >= sent;
            last[0] = sent;
            return same;
        }, "the recorder to catch up with the simulator");
        recorder.stop("test done");
    }

    /**
     * Diff-depth chains and trade ids, per market and stream, over every connection: the union of
     * what the journal holds has no hole (an overlap's connections may each be ahead in turn, so
     * the journal's own order is not the chain's).
     */
    static void assertChains(final Journal j) throws Exception
    {
        final Map<String, List<long[]>> depth = new HashMap<>(); // {follows, last}
        final Map<String, java.util.TreeSet<Long>> trades = new HashMap<>();
        for (final Journal.Frame f : j.frames(FrameKind.TEXT))
        {
            final JsonNode m = JSON.readTree(f.payload());
            if (!m.has("stream") || !m.has("data"))
            {
                continue;
            }
            final String key = f.market() + " " + m.get("stream").asText();
            final JsonNode d = m.get("data");
            if (m.get("stream").asText().matches(".*@depth(@\\d+ms)?") && d.has("U"))
            {
                final long follows = f.market() == Market.USDM ? d.get("pu").asLong() : d.get("U").asLong() - 1;
                depth.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(new long[] { follows, d.get("u").asLong() });
            }
            else if (d.has("e") && (d.get("e").asText().equals("trade") || d.get("e").asText().equals("aggTrade")))
            {
                trades.computeIfAbsent(key, k -> new java.util.TreeSet<>()).add(d.get(d.get("e").asText().equals("trade") ? "t" : "a").asLong());
            }
        }
        int checked = 0;
        for (final Map.Entry<String, List<long[]>> e : depth.entrySet())
        {
            final List<long[]> events = new java.util.ArrayList<>(e.getValue());
            events.sort(java.util.Comparator.comparingLong((long[] x) -> x[1]));
            long frontier = events.get(0)[1];
            for (final long[] event : events)
            {
                if (event[1] <= frontier)
                {
                    continue;
                }
                assertTrue(event[0] <= frontier, e.getKey() + ": ids after " + frontier + " missing up to " + event[0]);
                frontier = event[1];
                checked++;
            }
        }
        for (final Map.Entry<String, java.util.TreeSet<Long>> e : trades.entrySet())
        {
            final java.util.TreeSet<Long> ids = e.getValue();
            assertEquals(ids.last() - ids.first() + 1, ids.size(), e.getKey() + " trade ids have a hole");
            checked += ids.size();
        }
        assertTrue(checked > 100, "chains checked: " + checked);
    }
}
