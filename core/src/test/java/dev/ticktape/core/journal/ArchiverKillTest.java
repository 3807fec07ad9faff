package dev.ticktape.core.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An archiver process killed with SIGKILL at random moments, again and again: after every kill each
 * hour is live or archived and complete, every record is read exactly once, and a last run finishes.
 */
class ArchiverKillTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void sigkilledArchiverLeavesEveryHourLiveOrArchivedAndNothingTwice() throws Exception
    {
        final List<String> before = ArchiveTest.writeJournal(dir, 8);
        final SplittableRandom random = new SplittableRandom(19);
        int kills = 0;
        for (int round = 0; round < 8 && count(".cq4") > 0; round++)
        {
            final Process child = start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                // let it seal 0, 1 or 2 hours, then kill it at a random moment of the next
                final int sealedFirst = round % 3;
                int sealed = -1;
                String line;
                while ((line = out.readLine()) != null && !line.equals("DONE") && sealed < sealedFirst)
                {
                    sealed += line.equals("READY") || line.equals("SEALED") ? 1 : 0;
                }
                // the fault's timing, not a wait for anything: somewhere within the next hour's work
                LockSupport.parkNanos(random.nextLong(40_000_000L));
                child.destroyForcibly(); // SIGKILL on Unix
                final int exit = child.waitFor();
                kills += exit == 137 ? 1 : 0;
            }
            finally
            {
                child.destroyForcibly();
            }
            assertEquals(before, ArchiveTest.describe(dir), "round " + round + ": every record once, in order");
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertEquals(before.size(), reader.recordCount(), "round " + round + ": no hour counted twice");
            }
        }
        assertTrue(kills >= 3, "the archiver was killed mid-run " + kills + " times");
        JournalArchiver.of(dir).clock(() -> Long.MAX_VALUE / 4).run();
        assertEquals(0, count(".cq4"));
        assertEquals(0, count(ArchiveFormat.PARTIAL_SUFFIX));
        assertEquals(before, ArchiveTest.describe(dir), "a last run finishes the job");
        assertFalse(JournalVerifier.verify(dir).damaged());
    }

    private Process start() throws Exception
    {
        final List<String> command = JournalFixtures.javaCommand(KillableArchiverSupport.class, dir.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private long count(final String suffix) throws Exception
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
