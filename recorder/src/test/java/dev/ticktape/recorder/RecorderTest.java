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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** The recorder against the simulator on loopback: completeness, sessions, snapshots, chains. */
class RecorderTest extends RecorderSupport
{
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
        assertEquals(List.of("btcusdt@depth", "btcusdt@depth@100ms", "ethusdt@depth", "exchangeInfo"),
            j.frames(FrameKind.REST).stream().map(Journal.Frame::stream).distinct().sorted().toList());
        // Each market's exchange information, journaled at the start as a REST frame of its own.
        final List<Journal.Frame> info = j.frames(FrameKind.REST).stream().filter(f -> f.stream().equals("exchangeInfo")).toList();
        assertEquals(java.util.Set.of(Market.SPOT, Market.SPOT_SBE, Market.USDM), info.stream().map(Journal.Frame::market)
            .collect(java.util.stream.Collectors.toSet()), "one per market");
        assertTrue(info.stream().allMatch(f -> new String(f.payload(), java.nio.charset.StandardCharsets.UTF_8)
            .contains("\"symbol\":\"BTCUSDT\"")), "the simulator's exchange information");

        // In order: per stream, update ids chain and trade ids follow each other.
        assertChains(j);
        // SBE frames carry their stream names.
        assertTrue(j.frames(FrameKind.BINARY).stream().map(Journal.Frame::stream).allMatch(
            s -> s.equals("btcusdt@depth") || s.equals("btcusdt@trade") || s.equals("ethusdt@bestBidAsk")));
    }

    @Test
    void aTaskScheduledAfterAStopIsDroppedNotAnError()
    {
        // A connection that fails at once stops the recorder from another thread, possibly before
        // start() has scheduled its timers: those must not fail with an internal error.
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(10));
        recorder = Recorder.start(config(dir), null);
        recorder.stop("test");
        assertTrue(recorder.scheduler().isShutdown());
        assertDoesNotThrow(() -> recorder.scheduler().schedule(() -> { }, 1, TimeUnit.MILLISECONDS));
        assertDoesNotThrow(() -> recorder.scheduler().scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.SECONDS));
    }
}
