package dev.ticktape.exporter;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Keeps the export's helper thread ({@link ExportHelper}) busy until closed: the encoding thread then does its work alone. */
final class BusyHelper implements AutoCloseable
{
    private final CountDownLatch release = new CountDownLatch(1);
    private final Future<?> task;

    /** Returns once the helper thread is busy. */
    BusyHelper() throws InterruptedException
    {
        final CountDownLatch busy = new CountDownLatch(1);
        task = ExportHelper.submit(() ->
        {
            busy.countDown();
            try
            {
                release.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
    }

    /** @return whether the helper thread is still kept busy (nothing else has run on it since). */
    boolean busy()
    {
        return !task.isDone();
    }

    @Override
    public void close() throws InterruptedException, ExecutionException
    {
        release.countDown();
        task.get();
    }
}
