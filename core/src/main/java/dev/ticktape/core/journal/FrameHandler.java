package dev.ticktape.core.journal;

/**
 * The raw frame callback: receives every frame of a journal (from {@link JournalReader}, or the
 * replayer that paces and merges journals) as a reused {@link JournalFrame} flyweight. The recorder
 * does not call it: it writes frames, it does not decode them. Implementations copy what they keep; the frame's buffer is
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
