package dev.ticktape.simulator;

import org.java_websocket.WebSocket;

import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends one frame to one client, as the simulator's model thread publishes them: only to a client
 * subscribed to the stream whose connection is open and not being dropped, in the combined wrapper
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

    /** Frames sent (or scheduled to be) so far. */
    long framesSent()
    {
        return framesSent;
    }

    /** A text frame of {@code stream}: the payload, or the combined wrapper around it. */
    void text(final WebSocket conn, final MarketEndpoint.Client client, final String stream, final String payload)
    {
        if (!client.streams.contains(stream) || !sendable(conn, client))
        {
            return;
        }
        String text = client.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}" : payload;
        if (malformedNow(client))
        {
            text = text.substring(0, text.length() / 2);
        }
        deliver(conn, client, text);
    }

    /** A binary frame of {@code stream} (SBE streams carry bare messages: no wrapper). */
    void binary(final WebSocket conn, final MarketEndpoint.Client client, final String stream, final ByteBuffer payload)
    {
        if (!client.streams.contains(stream) || !sendable(conn, client))
        {
            return;
        }
        final ByteBuffer frame = payload.duplicate();
        if (malformedNow(client))
        {
            frame.limit(frame.limit() / 2);
        }
        deliver(conn, client, frame);
    }

    /**
     * A user-data event of the client's listen key: no stream to be subscribed to and never cut, but
     * delayed and counted towards a drop like any frame.
     */
    void userData(final WebSocket conn, final MarketEndpoint.Client client, final String event)
    {
        if (sendable(conn, client))
        {
            deliver(conn, client, event);
        }
    }

    /** Whether the connection is open and not marked for a drop. */
    private static boolean sendable(final WebSocket conn, final MarketEndpoint.Client client)
    {
        return conn.isOpen() && !client.dropPending;
    }

    /**
     * Sends a text or binary frame now, or after the delay fault's time, counts it, and marks the
     * connection for a drop when a fault says so.
     */
    private void deliver(final WebSocket conn, final MarketEndpoint.Client client, final Object frame)
    {
        final long delay = faults.delayNanos();
        if (delay > 0)
        {
            delayed.schedule(() -> sendQuietly(conn, frame), delay, TimeUnit.NANOSECONDS);
        }
        else if (!sendQuietly(conn, frame))
        {
            return; // the connection closed between the check and the send; its onClose removes it
        }
        framesSent++;
        dropIfDue(client);
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

    /** Marks a connection to be dropped; the keep-alive pass drops it once what was sent has gone out. */
    private void dropIfDue(final MarketEndpoint.Client client)
    {
        final long afterFrames = faults.dropAfterFrames();
        if (afterFrames > 0 && client.framesSent >= afterFrames)
        {
            client.dropPending = true;
        }
    }
}
