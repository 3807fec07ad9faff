package dev.ticktape.recorder;

import java.nio.ByteBuffer;

/** Receives a connection's data frames as raw bytes, never as {@code String}. */
interface FrameSink
{
    /**
     * One complete message (fragments already joined), called on the connection's read thread.
     *
     * @param text    whether it was a text frame (else binary).
     * @param payload the bytes exactly as received, from position to limit; valid only during the call.
     */
    void onFrame(boolean text, ByteBuffer payload);

    /**
     * The server answered the upgrade with a status other than 101.
     *
     * @param status            the HTTP status.
     * @param retryAfterSeconds its {@code Retry-After} header, or -1.
     */
    void onRefused(int status, long retryAfterSeconds);
}
