package dev.ticktape.tools;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How the serving commands ({@code simulate}, {@code serve}) run: until SIGINT/SIGTERM, or for a duration. */
final class UntilStopped
{
    private UntilStopped()
    {
    }

    /**
     * Blocks until the JVM is asked to stop or the duration has passed.
     *
     * @param durationMillis how long at most, or a negative number for no limit.
     */
    static void await(final long durationMillis) throws InterruptedException
    {
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(stop::countDown, "ticktape-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            if (durationMillis >= 0)
            {
                stop.await(durationMillis, TimeUnit.MILLISECONDS);
            }
            else
            {
                stop.await();
            }
        }
        finally
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the JVM is already stopping: the hook has run
            }
        }
    }
}
