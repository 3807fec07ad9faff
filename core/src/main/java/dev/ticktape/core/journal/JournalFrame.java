package dev.ticktape.core.journal;

import dev.ticktape.core.Market;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A flyweight over one received frame: its header fields and its payload bytes, exactly as they
 * arrived. A reader or the live recorder reuses one instance for every frame, so nothing is
 * allocated per frame; copy what you keep.
 * <p>
 * Not thread-safe: use it only on the thread that delivered it, during the callback.
 */
public final class JournalFrame
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private long index;
    private Market market;
    private FrameKind kind;
    private int connectionId;
    private long recvEpochNanos;
    private long recvMonoNanos;
    private int streamOffset;
    private int streamLength;
    private int payloadOffset;
    private int payloadLength;

    /**
     * Points this flyweight at a frame. Used by the journal reader and by live producers.
     *
     * @param index          the journal index, or -1 for a live frame not yet journaled.
     * @param market         the market it came from.
     * @param kind           text, binary or REST.
     * @param connectionId   the connection it arrived on.
     * @param recvEpochNanos wall-clock receive time, epoch nanoseconds.
     * @param recvMonoNanos  monotonic receive time, nanoseconds.
     * @param buffer         the buffer holding stream name and payload.
     * @param streamOffset   offset of the stream name in {@code buffer}.
     * @param streamLength   length of the stream name, 0 when the frame has none.
     * @param payloadOffset  offset of the payload in {@code buffer}.
     * @param payloadLength  length of the payload.
     * @return this.
     */
    public JournalFrame wrap(
        final long index,
        final Market market,
        final FrameKind kind,
        final int connectionId,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final DirectBuffer buffer,
        final int streamOffset,
        final int streamLength,
        final int payloadOffset,
        final int payloadLength)
    {
        this.buffer.wrap(buffer);
        header(index, market, kind, connectionId, recvEpochNanos, recvMonoNanos, streamOffset, streamLength,
            payloadOffset, payloadLength);
        return this;
    }

    JournalFrame wrapAddress(final long address, final int length)
    {
        buffer.wrap(address, length);
        return this;
    }

    JournalFrame wrapArray(final byte[] array, final int length)
    {
        buffer.wrap(array, 0, length);
        return this;
    }

    JournalFrame wrapArray(final byte[] array, final int offset, final int length)
    {
        buffer.wrap(array, offset, length);
        return this;
    }

    void header(
        final long index,
        final Market market,
        final FrameKind kind,
        final int connectionId,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final int streamOffset,
        final int streamLength,
        final int payloadOffset,
        final int payloadLength)
    {
        this.index = index;
        this.market = market;
        this.kind = kind;
        this.connectionId = connectionId;
        this.recvEpochNanos = recvEpochNanos;
        this.recvMonoNanos = recvMonoNanos;
        this.streamOffset = streamOffset;
        this.streamLength = streamLength;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /**
     * @return the journal index of this frame, or -1 for a live frame.
     */
    public long index()
    {
        return index;
    }

    /**
     * @return the market the frame came from.
     */
    public Market market()
    {
        return market;
    }

    /**
     * @return whether it was a text frame, a binary frame or a REST body.
     */
    public FrameKind kind()
    {
        return kind;
    }

    /**
     * @return the id of the connection it arrived on.
     */
    public int connectionId()
    {
        return connectionId;
    }

    /**
     * @return the wall-clock time the frame was complete, epoch nanoseconds.
     */
    public long recvEpochNanos()
    {
        return recvEpochNanos;
    }

    /**
     * @return the monotonic time the frame was complete ({@link System#nanoTime()} of the recorder).
     */
    public long recvMonoNanos()
    {
        return recvMonoNanos;
    }

    /**
     * @return the buffer holding the stream name and payload; valid only during the callback.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the stream name in {@link #buffer()}.
     */
    public int streamOffset()
    {
        return streamOffset;
    }

    /**
     * @return length in bytes of the stream name; 0 when the frame names no stream.
     */
    public int streamLength()
    {
        return streamLength;
    }

    /**
     * @return offset of the payload in {@link #buffer()}.
     */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /**
     * @return length of the payload in bytes.
     */
    public int payloadLength()
    {
        return payloadLength;
    }

    /**
     * Compares the stream name with the given bytes without allocating.
     *
     * @param name the stream name as ASCII/UTF-8 bytes.
     * @return whether the frame's stream name is exactly {@code name}.
     */
    public boolean streamEquals(final byte[] name)
    {
        if (name.length != streamLength)
        {
            return false;
        }
        for (int i = 0; i < streamLength; i++)
        {
            if (buffer.getByte(streamOffset + i) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the stream name as a new string, or {@code ""} when there is none. Allocates: for edges, not hot paths.
     */
    public String streamName()
    {
        return streamLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(streamOffset, streamLength);
    }

    /**
     * @return a copy of the payload bytes. Allocates: for edges, not hot paths.
     */
    public byte[] payloadBytes()
    {
        final byte[] bytes = new byte[payloadLength];
        buffer.getBytes(payloadOffset, bytes);
        return bytes;
    }

    /**
     * @return the payload decoded as UTF-8. Allocates: for edges, not hot paths.
     */
    public String payloadAsString()
    {
        return new String(payloadBytes(), StandardCharsets.UTF_8);
    }
}
