package dev.ticktape.exporter;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's helper thread, one for the JVM: it takes work off the encoding thread, the busier
 * of an export's two when tables are clustered by thousands of keys or hold whole payloads, using
 * the time the decoding thread would spend waiting for it. It compresses chunks of payload pages
 * ({@link BlobPages}) and writes half of the columns of a clustered block's rows
 * ({@link TableWriter}). Every task it is given is also claimable by the thread that gave it, which
 * does the task itself when the helper has not started it by the time it is needed: a busy or
 * descheduled helper delays nothing. A daemon thread, gone after a second idle.
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
}
