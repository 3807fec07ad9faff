package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.ArchiveFormat;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.JournalHour;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The recorder seals its own closed hours on a thread of its own, and retention removes archived hours, journaled. */
class ArchiveRecorderTest extends RecorderSupport
{
    private static final long HOUR = 3_600_000_000_000L;

    /** A clock the test moves: the recording's receive times, and so its hours, follow it. */
    private final AtomicLong offset = new AtomicLong();

    private Recorder start(final RecorderConfig config)
    {
        final SystemEpochNanoClock system = new SystemEpochNanoClock();
        final long now = system.nanoTime();
        offset.set((now / HOUR) * HOUR + HOUR / 4 - now); // a quarter into the hour
        return Recorder.start(config.journal(dir).statusInterval(Duration.ZERO).clock(() -> system.nanoTime() + offset.get())
            .archiveInterval(Duration.ofMillis(200))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "btcusdt@trade"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri())), null);
    }

    private List<String> files(final String suffix) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void closedHoursAreSealedInTheBackgroundAndStayReadableWithTheLiveOnes() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200));
        recorder = start(new RecorderConfig().archiveAfter(Duration.ofHours(1)));
        await(() -> recorder.frames() > 50, "frames in the first hour");
        final long firstHourFrames = recorder.frames();
        offset.addAndGet(3 * HOUR); // three hours on: the first hour ended over an hour ago
        await(() -> recorder.frames() > firstHourFrames + 50, "frames in a later hour");
        // counted once the hour is sealed and its .cq4 removed (the archive's file appears a moment before that)
        await(() -> recorder.metrics().archivedHours.get() >= 1, "the first hour archived");
        assertEquals(1, files(ArchiveFormat.SUFFIX).size(), "the first hour's archive");
        assertEquals(1, files(".cq4").size(), "only the live hour's .cq4 remains");
        drainAndStop();
        final Journal j = Journal.read(dir);
        assertTrue(j.frames.size() >= firstHourFrames + 50, "frames of both hours read back: " + j.frames.size());
        for (int i = 1; i < j.frames.size(); i++)
        {
            assertTrue(j.frames.get(i).epochNanos() >= j.frames.get(i - 1).epochNanos(), "one timeline, in order");
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<JournalHour> hours = reader.hours();
            assertEquals(2, hours.size());
            assertTrue(hours.get(0).archived() && !hours.get(1).archived());
            assertTrue(hours.get(0).bytesPerRecord() < hours.get(1).bytesPerRecord());
        }
    }

    @Test
    void retentionRemovesArchivedHoursAndJournalsEachRemoval() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200));
        recorder = start(new RecorderConfig().archiveAfter(Duration.ofMinutes(30)).retain(Duration.ofHours(2)));
        await(() -> recorder.frames() > 50, "frames in the first hour");
        final long firstHourFrames = recorder.frames();
        offset.addAndGet(HOUR); // the first hour ends: it is sealed, and kept (younger than 2 h)
        await(() -> recorder.frames() > firstHourFrames + 50, "frames in the second hour");
        offset.addAndGet(HOUR); // now the first hour has been over for more than 30 min, the second not yet
        await(() -> filesQuietly(ArchiveFormat.SUFFIX).size() == 1, "the first hour archived");
        assertEquals(0, recorder.metrics().archiveRemovals.size(), "nothing older than 2 h yet");
        offset.addAndGet(2 * HOUR); // the first hour is now more than 2 h over: removed; the second archived
        await(() -> recorder.metrics().archiveRemovals.containsKey("age"), "the first hour removed by age");
        drainAndStop();
        final Journal j = Journal.read(dir);
        final List<SessionEvent.ArchiveRemoved> removed = j.events(SessionEvent.ArchiveRemoved.class);
        assertFalse(removed.isEmpty(), "the removal is journaled");
        assertEquals("age", removed.get(0).reason());
        assertTrue(removed.get(0).records() > 50);
        assertFalse(Files.exists(dir.resolve(removed.get(0).file())), "its file is gone");
        assertTrue(j.frames.stream().allMatch(f -> f.epochNanos() >= removed.get(0).hourStartMillis() * 1_000_000L + HOUR),
            "what is left starts after the removed hour");
    }

    private List<String> filesQuietly(final String suffix)
    {
        try
        {
            return files(suffix);
        }
        catch (final IOException e)
        {
            return List.of();
        }
    }
}
