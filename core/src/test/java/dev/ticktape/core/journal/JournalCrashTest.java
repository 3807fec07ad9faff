package dev.ticktape.core.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class JournalCrashTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void sigkilledWriterLeavesAnUncorruptedPrefixAndANewWriterAppendsAfterIt() throws Exception
    {
        final long seed = 99;
        final long ready = 50_000;
        final List<String> command = JournalFixtures.javaCommand(KillableWriterSupport.class, dir.toString(), Long.toString(seed),
            Long.toString(ready));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY"))
            {
                // wait for the child to have written the first batch
            }
            assertEquals("READY", line, "the writer process reported progress");
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close
            assertEquals(137, child.waitFor(), "killed by SIGKILL");
        }
        finally
        {
            child.destroyForcibly();
        }

        final long survived = verifyPrefix(seed);
        assertTrue(survived >= ready, "at least the frames written before READY survived: " + survived);

        final JournalFixtures.Expected scratch = new JournalFixtures.Expected();
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (long i = survived; i < survived + 1000; i++)
            {
                JournalFixtures.append(writer, seed, i, scratch);
            }
        }
        assertEquals(survived + 1000, verifyPrefix(seed));
    }

    private long verifyPrefix(final long seed)
    {
        final JournalFixtures.Expected e = new JournalFixtures.Expected();
        final long[] n = { 0 };
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.read(f ->
            {
                JournalFixtures.frame(seed, n[0], e);
                final String diff = JournalFixtures.difference(f, e);
                assertNull(diff, () -> "frame " + n[0] + ": " + diff);
                n[0]++;
            }, (i, t, ev) -> fail("no events were written")))
            {
                // checks are in the handler
            }
        }
        return n[0];
    }
}
