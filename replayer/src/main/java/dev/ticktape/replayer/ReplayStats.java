package dev.ticktape.replayer;

import java.util.Map;

/**
 * What a replay did.
 *
 * @param frames          frames delivered.
 * @param duplicates      frames dropped as copies of delivered ones (overlaps, several recorders).
 * @param events          session events delivered, by their wire name ({@code connectionOpened}, ...).
 * @param wallNanos       wall time from the first record to the end.
 * @param paced           whether the replay kept a schedule (false at maximum speed).
 * @param latenessP50Nanos median delivery lateness against the schedule (0 unpaced).
 * @param latenessP99Nanos 99th percentile of the lateness.
 * @param latenessMaxNanos largest lateness.
 */
public record ReplayStats(long frames, long duplicates, Map<String, Long> events, long wallNanos, boolean paced,
    long latenessP50Nanos, long latenessP99Nanos, long latenessMaxNanos)
{
    /** @return all session events delivered. */
    public long eventCount()
    {
        return events.values().stream().mapToLong(Long::longValue).sum();
    }
}
