package dev.ticktape.core.journal;

/**
 * The raw frame callback: receives every frame, from a journal or live from the recorder, as a
 * reused {@link JournalFrame} flyweight. Implementations copy what they keep; the frame's buffer is
 * only valid for the duration of the call.
 */
@FunctionalInterface
public interface FrameHandler
{
    /**
     * Called once per frame, in journal order, on the reading thread.
     *
     * @param frame the frame; valid only until this method returns.
     */
    void onFrame(JournalFrame frame);
}
