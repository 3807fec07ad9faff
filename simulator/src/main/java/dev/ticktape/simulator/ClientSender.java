package dev.ticktape.simulator;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.TextFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends one frame to one client, as the simulator's model thread publishes them to a stream's
 * subscribers: only when the connection is open and not being dropped, in the combined wrapper
 * when the client asked for it, and with the faults that apply to a send ({@link Faults}): a frame
 * cut in half, a delay, a drop after so many frames. Counts what it sent. Called with the
 * simulator's lock held.
 */
final class ClientSender
{
    private final Faults faults;
    private final ScheduledExecutorService delayed;
    private long framesSent;

    /**
     * @param faults  the faults to apply.
     * @param delayed where a delayed send waits (a send scheduled while it stops is dropped).
     */
    ClientSender(final Faults faults, final ScheduledExecutorService delayed)
    {
        this.faults = faults;
        this.delayed = delayed;
    }

    /** Frames sent (queued on their connection, or scheduled to be) so far. */
    long framesSent()
    {
        return framesSent;
    }

    /** A text frame of {@code stream} to one of its subscribers: the payload, or the combined wrapper around it. */
    void text(final MarketEndpoint.Client client, final String stream, final String payload)
    {
        if (!sendable(client))
        {
            return;
        }
        final byte[] text = client.combined ? combined(stream, payload) : payload.getBytes(StandardCharsets.UTF_8);
        // a frame the malformed fault cuts may end inside a character, as a cut frame may
        deliver(client, OPCODE_TEXT, text, malformedNow(client) ? text.length / 2 : text.length);
    }

    /** {@code {"stream":"<stream>","data":<payload>}} in UTF-8. */
    private static byte[] combined(final String stream, final String payload)
    {
        final byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        final byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        final byte[] text = new byte[STREAM_KEY.length + name.length + DATA_KEY.length + data.length + 1];
        System.arraycopy(STREAM_KEY, 0, text, 0, STREAM_KEY.length);
        int at = STREAM_KEY.length;
        System.arraycopy(name, 0, text, at, name.length);
        at += name.length;
        System.arraycopy(DATA_KEY, 0, text, at, DATA_KEY.length);
        at += DATA_KEY.length;
        System.arraycopy(data, 0, text, at, data.length);
        text[text.length - 1] = '}';
        return text;
    }

    private static final byte[] STREAM_KEY = "{\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_KEY = "\",\"data\":".getBytes(StandardCharsets.US_ASCII);

    /** A binary frame to one of its subscribers (SBE streams carry bare messages: no wrapper). */
    void binary(final MarketEndpoint.Client client, final ByteBuffer payload)
    {
        if (!sendable(client))
        {
            return;
        }
        final byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        deliver(client, OPCODE_BINARY, bytes, malformedNow(client) ? bytes.length / 2 : bytes.length);
    }

    /**
     * A user-data event of the client's listen key: no stream to be subscribed to and never cut, but
     * delayed and counted towards a drop like any frame.
     */
    void userData(final MarketEndpoint.Client client, final String event)
    {
        if (sendable(client))
        {
            final byte[] text = event.getBytes(StandardCharsets.UTF_8);
            deliver(client, OPCODE_TEXT, text, text.length);
        }
    }

    /** Whether the connection is open and not marked for a drop. */
    private static boolean sendable(final MarketEndpoint.Client client)
    {
        return client.conn.isOpen() && !client.dropPending && !client.dropDue;
    }

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    /** A client's batch goes out before the step ends once it holds this much. */
    private static final int BATCH_BYTES = 256 * 1024;

    /** The clients with frames in their batch, to be flushed at the end of the step. */
    private final java.util.ArrayList<MarketEndpoint.Client> batched = new java.util.ArrayList<>();

    /**
     * Adds a frame of the first {@code length} bytes of {@code data} to the client's batch, or sends
     * it after the delay fault's time, and marks the connection for a drop when a fault says so.
     */
    private void deliver(final MarketEndpoint.Client client, final int opcode, final byte[] data, final int length)
    {
        final long delay = faults.delayNanos();
        if (delay > 0)
        {
            final ByteBuffer payload = ByteBuffer.wrap(data, 0, length);
            final Object frame = opcode == OPCODE_TEXT ? textFrame(payload) : payload;
            delayed.schedule(() -> sendQuietly(client.conn, frame), delay, TimeUnit.NANOSECONDS);
            framesSent++;
            dropIfDue(client);
            client.dropPending |= client.dropDue; // nothing of it waits in a batch
            return;
        }
        if (client.batchFrames == 0)
        {
            batched.add(client);
        }
        client.batch = frame(client.batch, client.batchLength, opcode, data, length);
        client.batchLength += headerLength(length) + length;
        client.batchFrames++;
        if (client.batchLength >= BATCH_BYTES)
        {
            flush(client);
        }
        dropIfDue(client);
    }

    /**
     * Hands every client's batch of this step to its connection, as one write: Java-WebSocket's own
     * send path costs, per frame, a check of the text's UTF-8, a string of the whole frame built for
     * a trace log that is off, and a selector wake-up, which at market scale took more of the model
     * thread than building the frames. The frames are framed here (RFC 6455 §5.2, unmasked as a
     * server's are) and queued as Java-WebSocket queues its own.
     */
    void flush()
    {
        for (final MarketEndpoint.Client client : batched)
        {
            flush(client);
        }
        batched.clear();
    }

    private void flush(final MarketEndpoint.Client client)
    {
        if (client.batchLength == 0)
        {
            return;
        }
        final ByteBuffer bytes = ByteBuffer.wrap(client.batch, 0, client.batchLength);
        final int frames = client.batchFrames;
        client.batch = new byte[Math.min(BATCH_BYTES + (BATCH_BYTES >> 1), Math.max(1024, client.batchLength + (client.batchLength >> 2)))];
        client.batchLength = 0;
        client.batchFrames = 0;
        if (client.conn.isOpen() && client.conn instanceof WebSocketImpl impl)
        {
            impl.outQueue.add(bytes);
            impl.getWebSocketListener().onWriteDemand(impl);
            framesSent += frames;
        }
        if (client.dropDue)
        {
            client.dropPending = true;
        }
    }

    /** A frame's header length for a payload of {@code length} bytes. */
    private static int headerLength(final int length)
    {
        return length < 126 ? 2 : length < 65536 ? 4 : 10;
    }

    /** Appends a frame at {@code at} of {@code batch}, grown when it has no room; @return the batch. */
    private static byte[] frame(final byte[] batch, final int at, final int opcode, final byte[] data, final int length)
    {
        final int header = headerLength(length);
        byte[] b = batch;
        if (at + header + length > b.length)
        {
            b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, at + header + length));
        }
        b[at] = (byte) (0x80 | opcode);
        if (header == 2)
        {
            b[at + 1] = (byte) length;
        }
        else if (header == 4)
        {
            b[at + 1] = 126;
            b[at + 2] = (byte) (length >>> 8);
            b[at + 3] = (byte) length;
        }
        else
        {
            b[at + 1] = 127;
            for (int i = 0; i < 8; i++)
            {
                b[at + 2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(data, 0, b, at + header, length);
        return b;
    }

    /** A text frame of bytes built here, for a delayed send (Java-WebSocket's send(String) would check its UTF-8 again). */
    private static TextFrame textFrame(final ByteBuffer text)
    {
        final TextFrame frame = new TextFrame();
        frame.setPayload(text);
        return frame;
    }

    /** Sends a frame at once, outside every fault and count (a notice before a close); false when the connection has closed meanwhile. */
    static boolean sendQuietly(final WebSocket conn, final Object frame)
    {
        try
        {
            if (frame instanceof String text)
            {
                conn.send(text);
            }
            else if (frame instanceof Framedata data)
            {
                conn.sendFrame(data);
            }
            else
            {
                conn.send((ByteBuffer) frame);
            }
            return true;
        }
        catch (final RuntimeException closed)
        {
            return false;
        }
    }

    private boolean malformedNow(final MarketEndpoint.Client client)
    {
        client.framesSent++;
        final int every = faults.malformedEvery();
        return every > 0 && client.framesSent % every == 0;
    }

    /**
     * Marks a connection to be dropped: it gets no more frames, and once its batch is queued the
     * keep-alive pass drops it ({@link MarketEndpoint.Client#dropPending}).
     */
    private void dropIfDue(final MarketEndpoint.Client client)
    {
        final long afterFrames = faults.dropAfterFrames();
        if (afterFrames > 0 && client.framesSent >= afterFrames)
        {
            client.dropDue = true;
        }
    }
}
