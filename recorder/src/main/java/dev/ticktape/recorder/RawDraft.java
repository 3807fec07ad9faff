package dev.ticktape.recorder;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.Handshakedata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;

/**
 * RFC 6455 as Java-WebSocket implements it, except that data frames go to a {@link FrameSink} as
 * the received bytes: Java-WebSocket would decode every text frame into a {@code String} (and
 * validate its UTF-8) before handing it over, which is where a recorder's throughput is lost and
 * where bytes could change. Fragmented messages are joined in a reused buffer. Control frames
 * (ping, pong, close) keep Java-WebSocket's handling, so pings are answered with pongs.
 * <p>
 * It also reads the HTTP status and {@code Retry-After} of a refused upgrade, which
 * Java-WebSocket reports only as an exception message.
 */
final class RawDraft extends Draft_6455
{
    private final FrameSink sink;
    private final int maxMessageSize;
    private ByteBuffer fragments;
    private Opcode fragmentType;

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

    @Override
    public void processFrame(final WebSocketImpl webSocket, final Framedata frame) throws InvalidDataException
    {
        final Opcode opcode = frame.getOpcode();
        if (opcode == Opcode.TEXT || opcode == Opcode.BINARY)
        {
            if (fragmentType != null)
            {
                throw new InvalidDataException(1002, "a new message began before the fragmented one ended");
            }
            if (frame.isFin())
            {
                sink.onFrame(opcode == Opcode.TEXT, frame.getPayloadData());
                return;
            }
            fragmentType = opcode;
            append(frame.getPayloadData());
            return;
        }
        if (opcode == Opcode.CONTINUOUS)
        {
            if (fragmentType == null)
            {
                throw new InvalidDataException(1002, "a continuation frame without a message to continue");
            }
            append(frame.getPayloadData());
            if (frame.isFin())
            {
                fragments.flip();
                final boolean text = fragmentType == Opcode.TEXT;
                fragmentType = null;
                sink.onFrame(text, fragments);
                fragments.clear();
            }
            return;
        }
        super.processFrame(webSocket, frame);
    }

    private void append(final ByteBuffer part) throws LimitExceededException
    {
        final int needed = (fragments == null ? 0 : fragments.position()) + part.remaining();
        if (needed > maxMessageSize)
        {
            fragmentType = null;
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
        fragments.put(part.duplicate());
    }

    @Override
    public void reset()
    {
        super.reset();
        fragmentType = null;
        if (fragments != null)
        {
            fragments.clear();
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
