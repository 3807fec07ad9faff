package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;

/**
 * Receives frames the decoder could not decode (bad JSON, a cut SBE message, an unknown schema),
 * with the reason. Decoding goes on with the next frame.
 */
@FunctionalInterface
public interface DecodeErrorHandler
{
    /** Ignores errors (the decoder still counts them). */
    DecodeErrorHandler IGNORE = (frame, reason) -> { };

    /**
     * @param frame  the frame that failed; valid only during the call.
     * @param reason a constant, one-line reason (never allocated per error).
     */
    void onDecodeError(JournalFrame frame, String reason);
}
