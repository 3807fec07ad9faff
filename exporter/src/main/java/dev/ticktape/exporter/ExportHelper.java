package dev.ticktape.exporter;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exporter's helper thread, one for the JVM: it takes work off the encoding thread, the busier
 * of an export's two when tables are clustered by thousands of keys or hold whole payloads, using
 * the time the decoding thread would spend waiting for it. It compresses chunks of payload pages
 * ({@link BlobPages}) and writes half of the columns of a clustered block's rows
 * ({@link TableWriter}). Every task it is given is also claimable by the thread that gave it, which
 * does the task itself when the helper has not started it by the time it is needed: a busy or
 * descheduled helper delays nothing ({@link Task}). A daemon thread, gone after a second idle.
 */
final class ExportHelper
{
    private static final ThreadPoolExecutor HELPER = helper();

    private ExportHelper()
    {
    }

    private static ThreadPoolExecutor helper()
    {
        final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r ->
        {
            final Thread t = new Thread(r, "ticktape-export-helper");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs a task on the helper thread, after those given before it. */
    static Future<?> submit(final Runnable task)
    {
        return HELPER.submit(task);
    }

    /**
     * A task given to the helper thread that the thread which gave it may take back: it is claimed
     * once, by the helper when it gets to it or by the giving thread ({@link #claim}) when it needs
     * the result first, and only the thread that claimed it does the work. Reusable: each giving has
     * a claim of its own, so that the helper's turn at an earlier giving, still queued when the giving
     * thread took that one back, never runs a later one's work.
     */
    static final class Task
    {
        /** The claim of the latest giving (claimed: nothing to take until the task is given or kept). */
        private AtomicBoolean claimed = new AtomicBoolean(true);
        private Future<?> turn;

        /** Gives the task to the helper thread, which runs {@code work} unless this giving has been claimed by then. */
        void give(final Runnable work)
        {
            final AtomicBoolean claim = new AtomicBoolean();
            claimed = claim;
            turn = submit(() ->
            {
                if (claim.compareAndSet(false, true))
                {
                    work.run();
                }
            });
        }

        /** Readies the task for the giving thread alone: the next {@link #claim} takes it. */
        void keep()
        {
            claimed = new AtomicBoolean();
            turn = null;
        }

        /**
         * @return true when the calling thread has claimed the task and so does its work; false when
         *         the helper thread has (it is doing it or has done it: {@link #await}).
         */
        boolean claim()
        {
            return claimed.compareAndSet(false, true);
        }

        /** Whether the helper thread's turn at the latest giving, if any, has passed. */
        boolean settled()
        {
            return turn == null || turn.isDone();
        }

        /**
         * Waits until the helper thread's turn at the task has passed.
         *
         * @throws ExecutionException   what the helper's run of the work threw (its cause).
         * @throws InterruptedException when this thread is interrupted while it waits.
         */
        void await() throws ExecutionException, InterruptedException
        {
            if (turn != null)
            {
                turn.get();
            }
        }

        /**
         * Takes the task back if the helper has not started it, or waits for the helper to finish
         * it, on a path that is failing already: whatever the helper's run threw is dropped (the
         * first failure is the one reported), and an interrupt is kept for the caller.
         */
        void cancel()
        {
            if (claim())
            {
                return;
            }
            try
            {
                await();
            }
            catch (final ExecutionException ignored)
            {
                // the first failure is the one reported
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
