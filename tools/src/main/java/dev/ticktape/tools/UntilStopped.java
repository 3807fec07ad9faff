package dev.ticktape.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How the long-running commands ({@code record}, {@code simulate}, {@code serve}) stop: SIGTERM and
 * SIGINT are handled, so that the command returns and exits 0 as documented (a shutdown hook alone
 * leaves the JVM's 143 or 130), and a shutdown hook covers any other way the JVM is asked to stop.
 */
final class UntilStopped
{
    private UntilStopped()
    {
    }

    /** Signal handlers and a shutdown hook in force until closed. */
    static final class Stopping implements AutoCloseable
    {
        private final List<sun.misc.Signal> signals = new ArrayList<>();
        private final List<sun.misc.SignalHandler> previous = new ArrayList<>();
        private final Thread hook;

        private Stopping(final java.util.function.Consumer<String> stop)
        {
            for (final String name : List.of("TERM", "INT"))
            {
                try
                {
                    final sun.misc.Signal signal = new sun.misc.Signal(name);
                    previous.add(sun.misc.Signal.handle(signal, s -> new Thread(() -> stop.accept("SIG" + s.getName()),
                        "ticktape-signal").start()));
                    signals.add(signal);
                }
                catch (final IllegalArgumentException unavailable)
                {
                    // this JVM does not let the signal be handled (-Xrs, or the OS lacks it): the hook covers it
                }
            }
            hook = new Thread(() -> stop.accept("JVM shutdown"), "ticktape-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close()
        {
            for (int i = 0; i < signals.size(); i++)
            {
                sun.misc.Signal.handle(signals.get(i), previous.get(i));
            }
            signals.clear();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // the JVM is stopping: the hook has run
            }
        }
    }

    /**
     * Calls {@code stop} with the reason ("SIGTERM", "SIGINT", "JVM shutdown") when the process is asked to stop.
     *
     * @param stop what stops the command (it must make the command return).
     * @return the handlers, to close once the command has stopped.
     */
    static Stopping onStop(final java.util.function.Consumer<String> stop)
    {
        return new Stopping(stop);
    }

    /**
     * Installs the handlers now, to wait later: a command arms them before it prints that it is up,
     * so that a stop asked as soon as it is seen up is a clean stop (exit 0), not the JVM's default.
     *
     * @return the armed handlers.
     */
    static Waiting arm()
    {
        return new Waiting();
    }

    /** Armed stop handlers and the latch they release. */
    static final class Waiting implements AutoCloseable
    {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final Stopping stopping = onStop(reason -> stop.countDown());

        /**
         * @param durationMillis how long at most, or a negative number for no limit.
         */
        void await(final long durationMillis) throws InterruptedException
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

        @Override
        public void close()
        {
            stopping.close();
        }
    }
}
