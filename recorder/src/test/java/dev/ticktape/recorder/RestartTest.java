package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A recorder started on an existing journal says where the last run ended and counts what it missed. */
class RestartTest extends RecorderSupport
{
    @Test
    void aRestartJournalsWhereTheLastRunEndedAndEachDiffStreamsHoleIsAGap() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(100));
        recorder = Recorder.start(config(dir), null);
        await(() -> recorder.frames() > 300, "frames of the first run");
        recorder.stop("first run done");
        final Journal first = Journal.read(dir);
        final long ticksBefore = simulator.ticks();
        await(() -> simulator.ticks() > ticksBefore + 20, "the market to move on"); // updates no recorder hears

        recorder = Recorder.start(config(dir), null);
        await(() -> Journal.read(dir).events(SessionEvent.GapDetected.class).size() >= 4, "the restart's gaps");
        recorder.stop("second run done");
        final Journal j = Journal.read(dir);
        final List<SessionEvent.RecordingResumed> resumes = j.events(SessionEvent.RecordingResumed.class);
        assertEquals(1, resumes.size());
        final SessionEvent.RecordingResumed resumed = resumes.get(0);
        assertTrue(resumed.cleanStop());
        assertEquals("first run done", resumed.previousStop());
        assertEquals(first.records.isEmpty() ? 0 : lastTime(first), resumed.previousEndNanos());
        // every diff-depth stream of the configuration, spot, SBE and futures, with the last id the first run holds
        assertEquals(List.of("spot btcusdt@depth@100ms", "spot ethusdt@depth", "spot-sbe btcusdt@depth", "usdm btcusdt@depth@100ms"),
            java.util.stream.IntStream.range(0, resumed.streams().size())
                .mapToObj(i -> resumed.markets().get(i) + " " + resumed.streams().get(i)).sorted().toList());
        final int resumeAt = j.records.indexOf(resumed);
        for (int i = 0; i < resumed.streams().size(); i++)
        {
            final String stream = resumed.streams().get(i);
            final Market market = Market.fromName(resumed.markets().get(i));
            final long lastId = resumed.lastUpdateIds().get(i);
            final List<SessionEvent.GapDetected> gaps = j.records.subList(resumeAt, j.records.size()).stream()
                .filter(r -> r instanceof SessionEvent.GapDetected g && g.stream().equals(stream) && g.market() == market)
                .map(SessionEvent.GapDetected.class::cast).toList();
            assertEquals(1, gaps.size(), stream + ": the ids missed while stopped are one gap");
            assertEquals(lastId, gaps.get(0).lastId(), stream + ": the gap starts where the first run ended");
        }
    }

    private static long lastTime(final Journal j)
    {
        return j.lastRecordNanos;
    }
}
