package dev.ticktape.replayer;

import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a replay on schedule: record {@code k} is due at {@code start + (recv_k - recv_0) / speed}
 * of the wall clock, anchored to the start (not to the previous record), so lateness never
 * accumulates into drift. Waits park until shortly before the due time and spin the rest. Every
 * delivery's lateness goes into a histogram (nanoseconds, 3 significant digits, up to an hour).
 * <p>
 * How long before: the replay's spin window ({@link ReplayOptions#spinWindow}, 2 ms unless told
 * otherwise), and never less than what is learned: a park wakes late by a machine-dependent amount
 * (timer slack, the scheduler, a busy host: about 0.1 ms on the 2-core VMs we measure on, and far
 * more at times), so the pacer tracks the 99th percentile of its own parks' oversleep and spins for
 * at least that long plus a margin.
 */
final class Pacer
{
    /** The learned spin before a due time never goes below or above these. */
    static final long MIN_SPIN_NANOS = 20_000;
    static final long MAX_SPIN_NANOS = 2_000_000;
    /** Added to the oversleep estimate: the spin loop's own granularity and a little room. */
    private static final long SPIN_MARGIN_NANOS = 20_000;
    /** Step of the quantile estimate: up by 0.99 of it when a park oversleeps it, down by 0.01 when not. */
    private static final long OVERSLEEP_STEP_NANOS = 4_000;

    private final double speed;
    private final boolean paced;
    private final long spinWindowNanos;
    private final Histogram lateness = new Histogram(3_600_000_000_000L, 3);
    private long anchorWall = Long.MIN_VALUE;
    private long anchorRecv;
    /** Running estimate of the 99th percentile of a park's oversleep (a stochastic quantile estimate). */
    private long oversleepP99 = 100_000;

    Pacer(final double speed, final long spinWindowNanos)
    {
        this.speed = speed;
        this.paced = !Double.isInfinite(speed);
        this.spinWindowNanos = spinWindowNanos;
    }

    boolean paced()
    {
        return paced;
    }

    /** Waits until the record received at {@code recvEpochNanos} is due. */
    void await(final long recvEpochNanos)
    {
        if (!paced)
        {
            return;
        }
        if (anchorWall == Long.MIN_VALUE)
        {
            anchorWall = System.nanoTime();
            anchorRecv = recvEpochNanos;
            lateness.recordValue(0);
            return;
        }
        final long due = anchorWall + (long) ((recvEpochNanos - anchorRecv) / speed);
        long now = System.nanoTime();
        while (now < due)
        {
            final long left = due - now;
            final long spin = spinNanos();
            if (left > spin)
            {
                final long asked = left - spin;
                LockSupport.parkNanos(asked);
                final long woke = System.nanoTime();
                oversleep(woke - now - asked);
                now = woke;
            }
            else
            {
                Thread.onSpinWait();
                now = System.nanoTime();
            }
        }
        lateness.recordValue(Math.min(now - due, lateness.getHighestTrackableValue()));
    }

    /** How long before a due time waiting turns from parking to spinning. */
    long spinNanos()
    {
        return Math.max(spinWindowNanos, Math.min(MAX_SPIN_NANOS, Math.max(MIN_SPIN_NANOS, oversleepP99 + SPIN_MARGIN_NANOS)));
    }

    /** Feeds one park's oversleep into the 99th-percentile estimate. */
    void oversleep(final long nanos)
    {
        if (nanos > oversleepP99)
        {
            oversleepP99 = Math.min(MAX_SPIN_NANOS, oversleepP99 + OVERSLEEP_STEP_NANOS * 99 / 100);
        }
        else
        {
            oversleepP99 = Math.max(0, oversleepP99 - OVERSLEEP_STEP_NANOS / 100);
        }
    }

    /** Moves the schedule later by a pause's length, so a pause is not made up for by a rush. */
    void shift(final long nanos)
    {
        if (anchorWall != Long.MIN_VALUE)
        {
            anchorWall += nanos;
        }
    }

    Histogram lateness()
    {
        return lateness;
    }
}
