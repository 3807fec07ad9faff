package dev.ticktape.core.journal;

/**
 * Receives the session events of a journal (connections, subscriptions, gaps, snapshots).
 */
@FunctionalInterface
public interface SessionEventHandler
{
    /** A handler that ignores every event. */
    SessionEventHandler IGNORE = (index, recvEpochNanos, event) -> { };

    /**
     * Called once per session event, in journal order, on the reading thread.
     *
     * @param index          the journal index of the event.
     * @param recvEpochNanos the wall-clock time the event was recorded, epoch nanoseconds.
     * @param event          the event.
     */
    void onEvent(long index, long recvEpochNanos, SessionEvent event);
}
