package dev.ticktape.core.journal;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pretoucher reads the cycle file a writer is filling up to its end, as the file grows, and
 * nothing else: not the part of an hour that was there before it started; it follows the writer
 * into each new cycle file; the journal reads back frame for frame; closing it stops its thread.
 */
@Timeout(120)
class JournalPretoucherTest
{
    private static final long SEED = 7;
    /** Enough frames (about 350 B each) that Chronicle extends the cycle file more than once. */
    private static final int FRAMES = 250_000;

    @TempDir
    Path dir;

    @Test
    void readsANewCycleFileToItsEndAsItGrowsAndTheJournalReadsBackFrameForFrame()
    {
        final JournalFixtures.Expected e = new JournalFixtures.Expected();
        final long read;
        final long size;
        final long firstSize;
        try (JournalWriter writer = JournalWriter.open(dir); JournalPretoucher pretoucher = JournalPretoucher.start(dir))
        {
            JournalFixtures.append(writer, SEED, 0, e);
            firstSize = size(cycleFile());
            await(() -> pretoucher.bytesRead() == firstSize, "the first extent read");
            for (int i = 1; i < FRAMES; i++)
            {
                JournalFixtures.append(writer, SEED, i, e);
            }
            size = size(cycleFile());
            await(() -> pretoucher.bytesRead() == size, "the whole file read");
            read = pretoucher.bytesRead();
        }
        assertTrue(size > firstSize, "the file grew while written: " + firstSize + " -> " + size);
        assertEquals(size, read, "read from its start to its end, once");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("ticktape-pretouch")),
            "closing stops the thread");
        assertEquals(FRAMES, JournalFixtures.readBack(dir, SEED));
    }

    @Test
    void readsOnlyWhatTheNewestFileGrewByAfterItStarted()
    {
        final JournalFixtures.Expected e = new JournalFixtures.Expected();
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                JournalFixtures.append(writer, SEED, i, e);
            }
        }
        final long before = size(cycleFile());
        final long after;
        final long read;
        try (JournalWriter writer = JournalWriter.open(dir); JournalPretoucher pretoucher = JournalPretoucher.start(dir))
        {
            for (int i = FRAMES; i < 2 * FRAMES; i++)
            {
                JournalFixtures.append(writer, SEED, i, e); // the same hour: the same cycle file goes on
            }
            after = size(cycleFile());
            await(() -> pretoucher.bytesRead() == after - before, "the part added read");
            read = pretoucher.bytesRead();
        }
        assertTrue(after > before, "the file grew: " + before + " -> " + after);
        assertEquals(after - before, read, "nothing of what was there before it started is read");
        assertEquals(2 * FRAMES, JournalFixtures.readBack(dir, SEED));
    }

    @Test
    void followsTheWriterIntoEachNewCycleFile()
    {
        final byte[] payload = "{\"e\":\"trade\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long expected = 0;
        try (JournalWriter writer = JournalWriter.open(dir, TestRollCycles.TEST_SECONDLY);
            JournalPretoucher pretoucher = JournalPretoucher.start(dir))
        {
            for (int second = 0; second < 3; second++)
            {
                final long t = JournalFixtures.T0 + second * 1_000_000_000L;
                writer.appendFrame(dev.ticktape.core.Market.SPOT, 1, FrameKind.TEXT, t, t, null, payload, 0, payload.length);
                final List<Path> files = cycleFiles();
                assertEquals(second + 1, files.size(), "a file a second: " + files);
                // each new hour's file is read from its start, once the pretoucher finds it
                expected += size(files.get(files.size() - 1));
                final long target = expected;
                await(() -> pretoucher.bytesRead() == target, "second " + second + "'s file read");
            }
            assertEquals(expected, pretoucher.bytesRead());
        }
    }

    private Path cycleFile()
    {
        final List<Path> cycles = cycleFiles();
        assertEquals(1, cycles.size(), "one hour's file: " + cycles);
        return cycles.get(0);
    }

    /** The journal's cycle files, oldest first. */
    private List<Path> cycleFiles()
    {
        return JournalVerifier.cycleFiles(dir);
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits for the pretoucher's thread to get somewhere (the class's timeout bounds it). */
    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
