package dev.ticktape.recorder;

import java.util.ArrayDeque;

/**
 * Keeps connection attempts within Binance's limit (300 per 5 minutes per IP, for all
 * connections of this recorder together) and away from a server that asked to wait
 * ({@code Retry-After} on a 429 or 418).
 */
final class ConnectionGate
{
    private static final long WINDOW_NANOS = 5 * 60 * 1_000_000_000L;
    private final int attemptsPerWindow;
    private final ArrayDeque<Long> attempts = new ArrayDeque<>();
    private long blockedUntilNanos;

    ConnectionGate(final int attemptsPerWindow)
    {
        this.attemptsPerWindow = attemptsPerWindow;
    }

    /**
     * Takes an attempt now, or says how long to wait for one.
     *
     * @return 0 if the attempt may go ahead (and is counted), else nanoseconds to wait.
     */
    synchronized long tryAcquire(final long nowNanos)
    {
        while (!attempts.isEmpty() && nowNanos - attempts.peekFirst() >= WINDOW_NANOS)
        {
            attempts.pollFirst();
        }
        long wait = Math.max(0, blockedUntilNanos - nowNanos);
        if (attempts.size() >= attemptsPerWindow)
        {
            wait = Math.max(wait, attempts.peekFirst() + WINDOW_NANOS - nowNanos);
        }
        if (wait > 0)
        {
            return wait;
        }
        attempts.addLast(nowNanos);
        return 0;
    }

    /** No attempt before {@code untilNanos}: the server said to retry after then. */
    synchronized void blockUntil(final long untilNanos)
    {
        if (untilNanos - blockedUntilNanos > 0)
        {
            blockedUntilNanos = untilNanos;
        }
    }
}
