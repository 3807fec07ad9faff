package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.SbeLayout;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.SessionEvent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One WebSocket connection of a {@link Shard}. Its read thread timestamps each data frame as it
 * arrives and hands the raw bytes to the journal pump; nothing on that path allocates or decodes
 * text. Pings are answered with pongs by Java-WebSocket and count as activity for the watchdog.
 */
final class Connection extends WebSocketClient implements FrameSink
{
    /** Frames and messages above this are refused by the draft (Binance's are far smaller). */
    static final int MAX_MESSAGE = 8 << 20;
    private static final byte[] SHUTDOWN = "\"serverShutdown\"".getBytes();
    /** The stream name journaled with user-data frames (Binance sends them without a wrapper). */
    static final String USER_DATA = "userData";
    private static final byte[] USER_DATA_BYTES = USER_DATA.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Lets the draft reach the connection that is built around it. */
    private static final class SinkRef implements FrameSink
    {
        FrameSink target;

        @Override
        public void onFrame(final boolean text, final ByteBuffer payload)
        {
            target.onFrame(text, payload);
        }

        @Override
        public void onRefused(final int status, final long retryAfterSeconds)
        {
            target.onRefused(status, retryAfterSeconds);
        }
    }

    final int id;
    final Market market;
    final String safeUrl;
    private final Shard shard;
    private final JournalPump pump;
    private final EpochNanoClock clock;
    private final byte[] streamScratch = new byte[256];
    /** A binary frame as the SBE layout reads it. */
    private final UnsafeBuffer binary = new UnsafeBuffer(0, 0);
    private final byte[] textStream;
    private final FrameFacts facts = new FrameFacts();
    final long createdNanos = System.nanoTime();
    volatile long openedNanos;
    volatile long lastActivityNanos = createdNanos;
    private static final java.lang.invoke.VarHandle LAST_ACTIVITY;

    static
    {
        try
        {
            LAST_ACTIVITY = java.lang.invoke.MethodHandles.lookup().findVarHandle(Connection.class, "lastActivityNanos", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }
    volatile boolean opened;
    volatile boolean delivered;
    volatile boolean closedByUs;
    volatile int refusedStatus;
    volatile long retryAfterSeconds = -1;
    volatile String error;

    private Connection(final SinkRef ref, final int id, final Shard shard, final URI uri, final String shownUrl,
        final Map<String, String> headers, final JournalPump pump, final EpochNanoClock clock)
    {
        super(uri, new RawDraft(ref, MAX_MESSAGE), headers, 10_000);
        ref.target = this;
        this.id = id;
        this.market = shard.market;
        this.shard = shard;
        this.pump = pump;
        this.clock = clock;
        this.safeUrl = shownUrl;
        this.textStream = shard.userData ? USER_DATA_BYTES : null;
        setConnectionLostTimeout(0); // the shard's watchdog decides when a connection is dead
        setDaemon(true);
    }

    /**
     * @param uri      where to connect.
     * @param shownUrl the URL as the journal and messages may show it (no listen key).
     */
    static Connection create(final int id, final Shard shard, final URI uri, final String shownUrl, final Map<String, String> headers,
        final JournalPump pump, final EpochNanoClock clock)
    {
        return new Connection(new SinkRef(), id, shard, uri, shownUrl, headers, pump, clock);
    }

    @Override
    public void onOpen(final ServerHandshake handshake)
    {
        openedNanos = System.nanoTime();
        lastActivityNanos = openedNanos;
        opened = true;
        pump.offerEvent(new SessionEvent.ConnectionOpened(id, market, safeUrl));
        shard.onOpen(this);
    }

    @Override
    public void onFrame(final boolean text, final ByteBuffer payload)
    {
        final long epoch = clock.nanoTime();
        final long mono = System.nanoTime();
        LAST_ACTIVITY.setRelease(this, mono); // no fence per frame: the watchdog reads it once a second
        if (text)
        {
            facts.text(payload);
            pump.offerFrame(market, id, FrameKind.TEXT, epoch, mono, textStream, textStream == null ? 0 : textStream.length, payload, facts);
        }
        else
        {
            binary.wrap(payload, payload.position(), payload.remaining());
            final int nameLength = SbeLayout.streamName(binary, payload.remaining(), streamScratch);
            facts.sbe(payload, nameLength);
            pump.offerFrame(market, id, FrameKind.BINARY, epoch, mono, streamScratch, nameLength, payload, facts);
        }
        if (!delivered && !(text && controlReply(payload)))
        {
            delivered = true;
            shard.onFirstData(this);
        }
        if (text && payload.remaining() < 120 && contains(payload, SHUTDOWN))
        {
            shard.onServerShutdown(this);
        }
    }

    /** {@code {"result":...} or {"code":...}}: a reply to a control message, not market data. */
    private static boolean controlReply(final ByteBuffer payload)
    {
        final int p = payload.position();
        return payload.remaining() > 3 && payload.get(p) == '{' && payload.get(p + 1) == '"'
            && (payload.get(p + 2) == 'r' || payload.get(p + 2) == 'c') && payload.remaining() < 4096
            && (startsWith(payload, "{\"result\"") || startsWith(payload, "{\"code\""));
    }

    private static boolean startsWith(final ByteBuffer b, final String prefix)
    {
        if (b.remaining() < prefix.length())
        {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (b.get(b.position() + i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(final ByteBuffer b, final byte[] needle)
    {
        final int end = b.limit() - needle.length;
        outer:
        for (int i = b.position(); i <= end; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (b.get(i + j) != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void onRefused(final int status, final long retryAfter)
    {
        refusedStatus = status;
        retryAfterSeconds = retryAfter;
    }

    @Override
    public void onWebsocketPing(final WebSocket conn, final Framedata frame)
    {
        lastActivityNanos = System.nanoTime();
        super.onWebsocketPing(conn, frame); // the pong, echoing the payload
    }

    @Override
    public void onMessage(final String message)
    {
        // never called: RawDraft hands text frames over as bytes
    }

    @Override
    public void onMessage(final ByteBuffer bytes)
    {
        // never called: RawDraft hands binary frames over directly
    }

    @Override
    public void onClose(final int code, final String reason, final boolean remote)
    {
        shard.onClose(this, code, reason, remote);
    }

    @Override
    public void onError(final Exception ex)
    {
        final String message = ex.getMessage();
        error = ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Closes without waiting, marking the close as ours (planned: no reconnect follows). */
    void closeQuietly(final int code, final String reason)
    {
        closeQuietly(code, reason, true);
    }

    /** Closes without waiting; a close that is not planned is a loss, and the shard reconnects. */
    void closeQuietly(final int code, final String reason, final boolean planned)
    {
        closedByUs = planned;
        try
        {
            close(code, reason);
        }
        catch (final RuntimeException e)
        {
            // already closing
        }
    }
}
