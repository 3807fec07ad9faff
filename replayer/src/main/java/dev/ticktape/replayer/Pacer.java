package dev.ticktape.replayer;

import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a replay on schedule: record {@code k} is due at {@code start + (recv_k - recv_0) / speed}
 * of the wall clock, anchored to the start (not to the previous record), so lateness never
 * accumulates into drift. Waits park until shortly before the due time and spin the rest. Every
 * delivery's lateness goes into a histogram (nanoseconds, 3 significant digits, up to an hour).
 */
final class Pacer
{
    private static final long SPIN_NANOS = 100_000;

    private final double speed;
    private final boolean paced;
    private final Histogram lateness = new Histogram(3_600_000_000_000L, 3);
    private long anchorWall = Long.MIN_VALUE;
    private long anchorRecv;

    Pacer(final double speed)
    {
        this.speed = speed;
        this.paced = !Double.isInfinite(speed);
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
            if (left > 2 * SPIN_NANOS)
            {
                LockSupport.parkNanos(left - SPIN_NANOS);
            }
            else
            {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
        lateness.recordValue(Math.min(now - due, lateness.getHighestTrackableValue()));
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
