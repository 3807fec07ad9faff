package dev.ticktape.recorder;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.exceptions.InvalidFrameException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.handshake.Handshakedata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6455 as Java-WebSocket implements it, except that this draft parses the incoming frames
 * itself and hands data frames to a {@link FrameSink} as the received bytes, straight from the read
 * buffer. Java-WebSocket would copy every frame into a new buffer, validate its UTF-8 byte by byte
 * and decode it into a {@code String} before handing it over: that is where a recorder's
 * throughput is lost (the peers measured 0.7 M frames/s through it) and where bytes could change.
 * Fragmented messages are joined in a reused buffer, and a frame split across reads is completed in
 * another. Control frames (ping, pong, close) are returned to Java-WebSocket, which answers them,
 * so pings get their pongs.
 * <p>
 * It also reads the HTTP status and {@code Retry-After} of a refused upgrade, which
 * Java-WebSocket reports only as an exception message.
 */
final class RawDraft extends Draft_6455
{
    private final FrameSink sink;
    private final int maxMessageSize;
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private ByteBuffer fragments;
    private ByteBuffer partial;
    private int fragmentType;

    RawDraft(final FrameSink sink, final int maxMessageSize)
    {
        super(Collections.emptyList(), maxMessageSize);
        this.sink = sink;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public Draft copyInstance()
    {
        return new RawDraft(sink, maxMessageSize);
    }

    /**
     * Parses the frames in {@code buffer} itself: data frames go to the sink from the read buffer
     * (no copy, no {@code String}, no UTF-8 pass, nothing allocated); only control frames are
     * returned, for Java-WebSocket to answer. A frame split across reads is kept in a reused buffer.
     */
    @Override
    public List<Framedata> translateFrame(final ByteBuffer buffer) throws InvalidDataException
    {
        List<Framedata> control = Collections.emptyList();
        while (partial != null && partial.position() > 0)
        {
            final int have = partial.position();
            final int size = frameSize(partial, 0, have);
            final int want = size >= 0 ? size : headerSize(partial, have);
            final int take = Math.min(buffer.remaining(), want - have);
            ensurePartial(want);
            partial.put(have, buffer, buffer.position(), take);
            partial.position(have + take);
            buffer.position(buffer.position() + take);
            if (size >= 0 && have + take == size)
            {
                control = frame(partial, 0, size, control);
                partial.clear();
            }
            else if (!buffer.hasRemaining())
            {
                return control;
            }
        }
        while (buffer.hasRemaining())
        {
            final int start = buffer.position();
            final int available = buffer.remaining();
            final int size = frameSize(buffer, start, available);
            if (size < 0 || size > available)
            {
                ensurePartial(Math.max(available, size));
                partial.clear();
                partial.put(buffer);
                break;
            }
            final int limit = buffer.limit();
            control = frame(buffer, start, size, control);
            buffer.limit(limit).position(start + size);
        }
        return control;
    }

    /** The size of the header of the frame at the start of {@code b}, given its first {@code have} bytes. */
    private static int headerSize(final ByteBuffer b, final int have)
    {
        if (have < 2)
        {
            return 2;
        }
        final int length7 = b.get(1) & 0x7f;
        return length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
    }

    /** The whole size of the frame starting at {@code from}, or -1 while its header is incomplete. */
    private int frameSize(final ByteBuffer b, final int from, final int available) throws InvalidDataException
    {
        if (available < 2)
        {
            return -1;
        }
        final int b0 = b.get(from);
        final int b1 = b.get(from + 1);
        if ((b0 & 0x70) != 0)
        {
            throw new InvalidFrameException("reserved bits set without a negotiated extension");
        }
        if ((b1 & 0x80) != 0)
        {
            throw new InvalidFrameException("a masked frame from the server");
        }
        final int length7 = b1 & 0x7f;
        final long payload;
        final int header;
        if (length7 < 126)
        {
            payload = length7;
            header = 2;
        }
        else if (length7 == 126)
        {
            if (available < 4)
            {
                return -1;
            }
            payload = ((b.get(from + 2) & 0xff) << 8) | (b.get(from + 3) & 0xff);
            header = 4;
        }
        else
        {
            if (available < 10)
            {
                return -1;
            }
            payload = b.getLong(from + 2);
            header = 10;
        }
        if (payload < 0 || payload > maxMessageSize)
        {
            throw new LimitExceededException("a frame of more than " + maxMessageSize + " bytes", maxMessageSize);
        }
        return header + (int) payload;
    }

    /** Handles one complete frame of {@code size} bytes at {@code from}; leaves the buffer's bounds changed. */
    private List<Framedata> frame(final ByteBuffer b, final int from, final int size, final List<Framedata> control)
        throws InvalidDataException
    {
        final int b0 = b.get(from);
        final boolean fin = (b0 & 0x80) != 0;
        final int opcode = b0 & 0x0f;
        final int length7 = b.get(from + 1) & 0x7f;
        final int header = length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
        b.limit(from + size).position(from + header);
        switch (opcode)
        {
            case OP_TEXT:
            case OP_BINARY:
                if (fragmentType != 0)
                {
                    throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "a new message began before the fragmented one ended");
                }
                if (fin)
                {
                    sink.onFrame(opcode == OP_TEXT, b);
                }
                else
                {
                    fragmentType = opcode;
                    append(b);
                }
                return control;
            case OP_CONTINUATION:
                if (fragmentType == 0)
                {
                    throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "a continuation frame without a message to continue");
                }
                append(b);
                if (fin)
                {
                    fragments.flip();
                    final boolean text = fragmentType == OP_TEXT;
                    fragmentType = 0;
                    sink.onFrame(text, fragments);
                    fragments.clear();
                }
                return control;
            case OP_CLOSE:
            case OP_PING:
            case OP_PONG:
                if (!fin || size - header > 125)
                {
                    throw new InvalidFrameException("a fragmented or oversized control frame");
                }
                final FramedataImpl1 frame = FramedataImpl1.get(
                    opcode == OP_CLOSE ? Opcode.CLOSING : opcode == OP_PING ? Opcode.PING : Opcode.PONG);
                final ByteBuffer payload = ByteBuffer.allocate(size - header);
                payload.put(b).flip();
                frame.setFin(true);
                frame.setPayload(payload);
                frame.isValid();
                final List<Framedata> frames = control.isEmpty() ? new ArrayList<>(2) : control;
                frames.add(frame);
                return frames;
            default:
                throw new InvalidFrameException("an unknown opcode " + opcode);
        }
    }

    private void ensurePartial(final int capacity)
    {
        if (partial == null || partial.capacity() < capacity)
        {
            final ByteBuffer grown = ByteBuffer.allocate(Math.max(capacity, 64 << 10));
            if (partial != null)
            {
                partial.flip();
                grown.put(partial);
            }
            partial = grown;
        }
    }

    private void append(final ByteBuffer part) throws LimitExceededException
    {
        final int needed = (fragments == null ? 0 : fragments.position()) + part.remaining();
        if (needed > maxMessageSize)
        {
            fragmentType = 0;
            if (fragments != null)
            {
                fragments.clear();
            }
            throw new LimitExceededException("a message of more than " + maxMessageSize + " bytes", maxMessageSize);
        }
        if (fragments == null || fragments.capacity() < needed)
        {
            final ByteBuffer grown = ByteBuffer.allocate(Math.min(maxMessageSize, Math.max(needed, 2 * needed)));
            if (fragments != null)
            {
                fragments.flip();
                grown.put(fragments);
            }
            fragments = grown;
        }
        fragments.put(part);
    }

    @Override
    public void reset()
    {
        super.reset();
        fragmentType = 0;
        if (fragments != null)
        {
            fragments.clear();
        }
        if (partial != null)
        {
            partial.clear();
        }
    }

    @Override
    public Handshakedata translateHandshake(final ByteBuffer buffer) throws InvalidHandshakeException
    {
        if (role == org.java_websocket.enums.Role.CLIENT)
        {
            noteRefusal(buffer.duplicate());
        }
        return super.translateHandshake(buffer);
    }

    /** Reads the status line and Retry-After of a non-101 answer, before Java-WebSocket rejects it. */
    private void noteRefusal(final ByteBuffer response)
    {
        final byte[] bytes = new byte[Math.min(response.remaining(), 4096)];
        response.get(bytes);
        final String head = new String(bytes, StandardCharsets.ISO_8859_1);
        final int end = head.indexOf("\r\n");
        if (end < 0)
        {
            return;
        }
        final String[] status = head.substring(0, end).split(" ", 3);
        if (status.length < 2 || status[1].equals("101"))
        {
            return;
        }
        long retryAfter = -1;
        for (final String line : head.split("\r\n"))
        {
            if (line.toLowerCase(Locale.ROOT).startsWith("retry-after:"))
            {
                try
                {
                    retryAfter = Long.parseLong(line.substring(12).trim());
                }
                catch (final NumberFormatException e)
                {
                    retryAfter = -1; // an HTTP date: treated as absent
                }
            }
        }
        try
        {
            sink.onRefused(Integer.parseInt(status[1]), retryAfter);
        }
        catch (final NumberFormatException e)
        {
            sink.onRefused(0, -1);
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o;
    }

    @Override
    public int hashCode()
    {
        return System.identityHashCode(this);
    }
}
