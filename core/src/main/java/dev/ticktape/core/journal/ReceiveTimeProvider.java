package dev.ticktape.core.journal;

import net.openhft.chronicle.core.time.TimeProvider;

/**
 * Drives Chronicle's roll cycle by receive time instead of the appender's clock, so that a frame
 * lands in the hourly file of the hour it was received (also when importing old captures), and
 * never goes backwards (a stepped-back wall clock keeps writing into the newest file).
 */
final class ReceiveTimeProvider implements TimeProvider
{
    // Plain, not volatile: Chronicle asks for the time on the appending thread, the only one that observes.
    private long maxNanos = Long.MIN_VALUE;
    private long millis;

    ReceiveTimeProvider(final long floorMillis)
    {
        this.millis = floorMillis;
    }

    void observe(final long epochNanos)
    {
        if (epochNanos > maxNanos)
        {
            maxNanos = epochNanos;
            final long ms = epochNanos / 1_000_000L;
            if (ms > millis)
            {
                millis = ms;
            }
        }
    }

    @Override
    public long currentTimeMillis()
    {
        return millis;
    }

    @Override
    public long currentTimeMicros()
    {
        return millis * 1000L;
    }

    @Override
    public long currentTimeNanos()
    {
        return millis * 1_000_000L;
    }
}
