package dev.ticktape.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings the pages a journal writer is about to write into memory on a thread of its own, so that
 * the writing thread does not stop in the kernel at the first write to each of them.
 * <p>
 * Chronicle writes through a memory-mapped file that it extends ahead of the writer, a chunk at a
 * time, as a sparse file. The first write to each 4 KiB page of it faults: the kernel finds a page
 * of memory, zeroes it (the file has no data there yet) and maps it. On this machine kind that was
 * a quarter of an importing thread's time. This thread reads the newest
 * cycle file from where it last read up to the file's current end: the read puts the zeroed pages
 * in the page cache, and the writer's fault is left only to map them. It never writes, so it cannot
 * change a journal or take disk space; it reads only the part of the newest file that did not
 * exist when it started (an existing hour's records stay where they are, on disk or in memory).
 * <p>
 * {@code ticktape import} uses it. The recorder does not: in a whole-market recording (39 k frames
 * a second) it took 0.40 µs of CPU a frame and saved the journal thread 0.15 to 0.40, and the
 * recorder is held to its CPU per frame.
 * <p>
 * Start it before the writer's first append (so that it sees which cycle file is new), close it
 * before the writer. An I/O error (a file removed under it) makes it look again at the next pass.
 * It holds only the newest cycle file open: after a roll, the hour before for at most a tenth of a
 * second (an archiver removing it meanwhile loses nothing: its space comes back at the close).
 */
public final class JournalPretoucher implements AutoCloseable
{
    /** How much is read at a time: a buffer that stays in the core's cache. */
    private static final int CHUNK = 256 * 1024;
    /** The longest wait between looks at an idle journal, and the shortest. */
    private static final long MAX_PARK_NANOS = 20_000_000;
    private static final long MIN_PARK_NANOS = 500_000;
    /** How often the directory is listed for a newer cycle file (an hour rolled). */
    private static final long LIST_NANOS = 100_000_000;

    private final Path directory;
    private final Thread thread;
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile boolean running = true;
    /** The newest cycle file when this started, and its size then: only what lies past that is new. */
    private final Path existing;
    private final long existingSize;

    private JournalPretoucher(final Path directory)
    {
        this.directory = directory;
        this.existing = newestCycleFile(directory);
        this.existingSize = existing == null ? 0 : size(existing);
        this.thread = new Thread(this::run, "ticktape-pretouch");
        this.thread.setDaemon(true);
    }

    /**
     * Starts pretouching a journal's newest cycle file.
     *
     * @param directory the journal directory (need not hold a cycle file yet).
     * @return the pretoucher, running.
     */
    public static JournalPretoucher start(final Path directory)
    {
        final JournalPretoucher pretoucher = new JournalPretoucher(directory);
        pretoucher.thread.start();
        return pretoucher;
    }

    /** @return the bytes read ahead of the writer so far. */
    public long bytesRead()
    {
        return bytesRead.get();
    }

    /** Stops the thread and waits for it (it closes the file it holds). Safe to call twice. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        Path file = null;
        FileChannel channel = null;
        long position = 0;
        long park = MIN_PARK_NANOS;
        long listedAt = System.nanoTime() - LIST_NANOS;
        try
        {
            while (running)
            {
                boolean progressed = false;
                try
                {
                    final long now = System.nanoTime();
                    if (channel == null || now - listedAt >= LIST_NANOS)
                    {
                        listedAt = now;
                        final Path newest = newestCycleFile(directory);
                        if (newest != null && !newest.equals(file))
                        {
                            close(channel);
                            channel = null;
                            file = newest;
                            position = newest.equals(existing) ? existingSize : 0;
                            channel = FileChannel.open(newest, StandardOpenOption.READ);
                        }
                    }
                    if (channel != null)
                    {
                        final long end = channel.size();
                        while (running && position < end)
                        {
                            buffer.clear();
                            final int n = channel.read(buffer, position);
                            if (n <= 0)
                            {
                                break;
                            }
                            position += n;
                            bytesRead.addAndGet(n);
                            progressed = true;
                        }
                    }
                }
                catch (final IOException | RuntimeException e)
                {
                    // the file went away (an hour archived, a journal removed): look again at the next pass
                    close(channel);
                    channel = null;
                    file = null;
                }
                park = progressed ? MIN_PARK_NANOS : Math.min(MAX_PARK_NANOS, park * 2);
                if (running)
                {
                    LockSupport.parkNanos(park);
                }
            }
        }
        finally
        {
            close(channel);
        }
    }

    private static void close(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // read-only: nothing to lose
            }
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException e)
        {
            return Long.MAX_VALUE; // unreadable: leave it alone
        }
    }

    /** The journal's newest hourly file ({@link JournalVerifier#cycleFiles}), or null: none yet, or none to be listed. */
    private static Path newestCycleFile(final Path directory)
    {
        try
        {
            final List<Path> files = JournalVerifier.cycleFiles(directory);
            return files.isEmpty() ? null : files.get(files.size() - 1);
        }
        catch (final RuntimeException e)
        {
            return null;
        }
    }
}
