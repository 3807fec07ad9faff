package dev.ticktape.core.journal;

import java.nio.file.Path;

/**
 * A separate archiver process for the SIGKILL test: seals every hour of a journal (in small blocks,
 * so that each hour takes many steps), printing {@code READY} before it starts and {@code SEALED}
 * after each hour, until it is done or killed. Bounded: a journal has a handful of hours.
 */
public final class KillableArchiverSupport
{
    private KillableArchiverSupport()
    {
    }

    /**
     * @param args the journal directory.
     */
    public static void main(final String[] args)
    {
        System.out.println("READY");
        System.out.flush();
        JournalArchiver.of(Path.of(args[0])).clock(() -> Long.MAX_VALUE / 4).blockRecords(20).onSealed(s ->
        {
            System.out.println("SEALED");
            System.out.flush();
        }).run();
        System.out.println("DONE");
    }
}
