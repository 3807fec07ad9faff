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

/** The recorder against the simulator on loopback: completeness, sessions, snapshots, chains. */
@Timeout(90)
class RecorderTest
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

    @Test
    void recordsThreeMarketsCompletelyWithSessionsAndSnapshots() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(200));
        recorder = Recorder.start(config(dir), null);
        await(() -> recorder.frames() > 2_000, "2,000 frames");
        drainAndStop();
        assertNull(recorder.failure());

        final Journal j = Journal.read(dir);
        final long sent = simulator.framesSent();
        final int rest = j.frames(FrameKind.REST).size();
        assertEquals(sent, j.frames.size() - rest, "every frame the simulator sent is journaled exactly once");
        assertTrue(j.events.get(0) instanceof SessionEvent.RecordingStarted, j.events.get(0).toString());
        assertTrue(j.records.get(j.records.size() - 1) instanceof SessionEvent.RecordingStopped);
        assertEquals(4, j.events(SessionEvent.ConnectionOpened.class).size(), "spot, sbe, usdm /public and /market");
        assertEquals(4, j.events(SessionEvent.ConnectionClosed.class).size());
        assertTrue(j.events(SessionEvent.GapDetected.class).isEmpty(), j.events(SessionEvent.GapDetected.class).toString());
        for (final SessionEvent.ConnectionOpened o : j.events(SessionEvent.ConnectionOpened.class))
        {
            assertFalse(o.url().contains(KEY));
        }

        // A snapshot per diff-depth stream, journaled as a REST frame named after it.
        final List<SessionEvent.SnapshotTaken> snapshots = j.events(SessionEvent.SnapshotTaken.class);
        assertEquals(4, snapshots.size(), snapshots.toString());
        assertTrue(snapshots.stream().allMatch(s -> s.httpStatus() == 200 && s.lastUpdateId() > 0));
        assertEquals(List.of("btcusdt@depth", "btcusdt@depth@100ms", "ethusdt@depth"),
            j.frames(FrameKind.REST).stream().map(Journal.Frame::stream).distinct().sorted().toList());

        // In order: per stream, update ids chain and trade ids follow each other.
        assertChains(j);
        // SBE frames carry their stream names.
        assertTrue(j.frames(FrameKind.BINARY).stream().map(Journal.Frame::stream).allMatch(
            s -> s.equals("btcusdt@depth") || s.equals("btcusdt@trade") || s.equals("ethusdt@bestBidAsk")));
    }

    /** Diff-depth chains and trade ids, per market and stream, in journal order (duplicates from overlaps skipped). */
    static void assertChains(final Journal j) throws Exception
    {
        final Map<String, Long> lastU = new HashMap<>();
        final Map<String, Long> lastTrade = new HashMap<>();
        int checked = 0;
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
                final long u = d.get("u").asLong();
                final Long last = lastU.get(key);
                if (last != null && u <= last)
                {
                    continue;
                }
                if (last != null)
                {
                    if (f.market() == Market.USDM)
                    {
                        assertEquals(last.longValue(), d.get("pu").asLong(), key + " pu chain");
                    }
                    else
                    {
                        assertEquals(last + 1, d.get("U").asLong(), key + " U chain");
                    }
                }
                lastU.put(key, u);
                checked++;
            }
            else if (d.has("e") && (d.get("e").asText().equals("trade") || d.get("e").asText().equals("aggTrade")))
            {
                final long id = d.get(d.get("e").asText().equals("trade") ? "t" : "a").asLong();
                final Long last = lastTrade.get(key);
                if (last != null && id <= last)
                {
                    continue;
                }
                if (last != null)
                {
                    assertEquals(last + 1, id, key + " trade ids");
                }
                lastTrade.put(key, id);
                checked++;
            }
        }
        assertTrue(checked > 100, "chains checked: " + checked);
    }
}
