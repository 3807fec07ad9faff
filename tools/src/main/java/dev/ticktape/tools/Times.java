package dev.ticktape.tools;

import java.time.Instant;

/**
 * Formatting of epoch-nanosecond times for people.
 */
final class Times
{
    private Times()
    {
    }

    static String iso(final long epochNanos)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
            .toString();
    }
}
