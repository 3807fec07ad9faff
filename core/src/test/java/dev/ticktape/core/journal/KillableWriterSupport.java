package dev.ticktape.core.journal;

import java.nio.file.Path;

/**
 * A separate writer process for the SIGKILL test: appends fixture frames of a seed to a journal,
 * prints {@code READY} once the first batch is written, and goes on appending until killed. It
 * bounds itself in time and count, so it can never outlive a broken test for long.
 */
public final class KillableWriterSupport
{
    private KillableWriterSupport()
    {
    }

    /**
     * @param args journal directory, seed, frames before READY.
     */
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final long ready = Long.parseLong(args[2]);
        final long deadline = System.nanoTime() + 60_000_000_000L;
        final JournalFixtures.Expected scratch = new JournalFixtures.Expected();
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (long i = 0; i < 50_000_000L && System.nanoTime() < deadline; i++)
            {
                JournalFixtures.append(writer, seed, i, scratch);
                if (i + 1 == ready)
                {
                    System.out.println("READY");
                    System.out.flush();
                }
            }
        }
    }
}
