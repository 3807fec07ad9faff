package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Decodes the next blocks of an archived hour on other threads while the reader delivers the
 * current one: blocks decode independently, so a forward read keeps up to {@value #SLOTS} - 1 of
 * them in flight on a process-wide pool of one thread fewer than the cores (at least one). The
 * reader's own thread is the last core: a block no pool thread has started yet it decodes itself,
 * and while it waits for a block it decodes a later one that nobody has started. Each slot owns its
 * decoder and buffers, and a block's slot is handed out again only once the reader has moved past
 * it, so nothing is shared between threads but the file's positional reads. Confined to the
 * reader's thread.
 */
final class ArchiveReadAhead implements AutoCloseable
{
    /** The block being read plus the blocks decoding ahead of it. */
    static final int SLOTS = 4;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
        r ->
        {
            final Thread t = new Thread(r, "ticktape-archive-decode-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });

    private static final class Slot
    {
        final ArchiveBlock block = new ArchiveBlock();
        final ArchiveBlockDecoder decoder = new ArchiveBlockDecoder();
        final CRC32C crc = new CRC32C();
        byte[] body = new byte[1 << 16];
        Job job;
    }

    /** One block's decoding into its slot: run once, by whichever thread claims it first. */
    private final class Job implements Runnable
    {
        final Slot slot;
        final int block;
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Job(final Slot slot, final int block)
        {
            this.slot = slot;
            this.block = block;
        }

        @Override
        public void run()
        {
            if (!claimed.compareAndSet(false, true))
            {
                return;
            }
            try
            {
                slot.body = archive.readBlock(block, slot.block, slot.decoder, slot.body, slot.crc);
                done.complete(null);
            }
            catch (final Throwable t)
            {
                done.completeExceptionally(t);
            }
        }
    }

    private final ArchiveFile archive;
    private final Slot[] slots = new Slot[SLOTS];
    private final int first;

    ArchiveReadAhead(final ArchiveFile archive, final int first)
    {
        this.archive = archive;
        this.first = first;
        for (int k = 0; k < SLOTS; k++)
        {
            slots[k] = new Slot();
        }
        for (int b = first; b < Math.min(archive.blocks(), first + SLOTS); b++)
        {
            submit(b);
        }
    }

    private void submit(final int b)
    {
        final Slot slot = slots[b % SLOTS];
        slot.job = new Job(slot, b);
        POOL.execute(slot.job);
    }

    /**
     * The decoded block {@code b}, the next after the one the reader last took; the slot of that
     * one goes to the block {@value #SLOTS} - 1 further on.
     */
    ArchiveBlock take(final int b)
    {
        if (b > first)
        {
            final int next = b - 1 + SLOTS;
            if (next < archive.blocks())
            {
                submit(next);
            }
        }
        final Slot slot = slots[b % SLOTS];
        final Job job = slot.job;
        if (job == null || job.block != b)
        {
            throw new IllegalStateException("read-ahead asked for block " + b + " out of order");
        }
        // not started by the pool: decode it here; started: decode a later block nobody has started meanwhile
        job.run();
        for (int k = 1; k < SLOTS && !job.done.isDone(); k++)
        {
            final Job later = slots[(b + k) % SLOTS].job;
            if (later != null && later.block == b + k)
            {
                later.run();
            }
        }
        try
        {
            job.done.get();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new TicktapeException(ErrorCode.IO, "interrupted while reading archive " + archive.file(), e);
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof TicktapeException t)
            {
                throw new TicktapeException(t.code(), t.getMessage(), t);
            }
            throw new TicktapeException(ErrorCode.INTERNAL, "reading archive " + archive.file() + ": " + e.getCause(), e.getCause());
        }
        return slot.block;
    }

    @Override
    public void close()
    {
        // jobs still queued find themselves claimed and do nothing; a running one finishes into its slot
        for (final Slot slot : slots)
        {
            if (slot.job != null)
            {
                slot.job.claimed.set(true);
            }
        }
    }
}
