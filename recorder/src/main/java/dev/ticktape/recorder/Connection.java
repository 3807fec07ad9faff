package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.SbeLayout;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.SessionEvent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket connection of a {@link Shard}. Its read thread timestamps each data frame as it
 * arrives and hands the raw bytes to the journal pump; nothing on that path allocates or decodes
 * text. Pings are answered with pongs by Java-WebSocket and count as activity for the watchdog.
 * <p>
 * Its life is a {@link ConnectionState}, changed only by {@link #moveTo}, which journals the
 * transitions that matter; the shard decides when (subscribed, live, overlapping, replaced) and
 * the connection reports what happened to it (opened, first data, closed). Everything a reader
 * needs to follow one connection is here and in {@link Shard}.
 */
final class Connection extends WebSocketClient implements FrameSink
{
    /** Frames and messages above this are refused by the draft (Binance's are far smaller). */
    static final int MAX_MESSAGE = 8 << 20;
    private static final byte[] SHUTDOWN = "\"serverShutdown\"".getBytes();
    /** A futures {@code !contractInfo} event (a listing, a settlement, a bracket change), in the combined wrapper. */
    private static final String CONTRACT_INFO = "{\"stream\":\"!contractInfo\"";
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
    /** The market-data streams this connection was opened with, as later SUBSCRIBE and UNSUBSCRIBE messages changed them. */
    volatile List<String> streams = List.of();
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
    private ConnectionState state = ConnectionState.CONNECTING;
    /** Read on every frame, without the lock: whether no market data has come yet. */
    private volatile boolean awaitingData = true;
    private volatile boolean closedByUs;
    private volatile int refusedStatus;
    private volatile long retryAfterSeconds = -1;
    private volatile String error;

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

    /** @return where the connection is in its life. */
    synchronized ConnectionState state()
    {
        return state;
    }

    /**
     * The one way the connection's state changes: to {@code to} if the state it is in leads there
     * ({@link ConnectionState#leadsTo}), journaling {@code event} (null: nothing to journal) as it does.
     *
     * @return whether it moved; false leaves it where it was, and journals nothing.
     */
    boolean moveTo(final ConnectionState to, final SessionEvent event)
    {
        synchronized (this)
        {
            if (!state.leadsTo(to))
            {
                return false;
            }
            state = to;
            if (to != ConnectionState.CONNECTING && to != ConnectionState.SUBSCRIBING)
            {
                awaitingData = false;
            }
        }
        if (event != null)
        {
            pump.offerEvent(event);
        }
        return true;
    }

    /** @return whether the upgrade ever completed. */
    boolean wasOpened()
    {
        return openedNanos != 0;
    }

    /** @return whether the recorder closed it as planned (replaced, stopping): no reconnect follows. */
    boolean closedByUs()
    {
        return closedByUs;
    }

    /** @return the HTTP status the upgrade was refused with, or 0. */
    int refusedStatus()
    {
        return refusedStatus;
    }

    /** @return the refusal's {@code Retry-After} in seconds, or -1. */
    long retryAfterSeconds()
    {
        return retryAfterSeconds;
    }

    /** @return what went wrong, or null. */
    String error()
    {
        return error;
    }

    @Override
    public void onOpen(final ServerHandshake handshake)
    {
        openedNanos = System.nanoTime();
        lastActivityNanos = openedNanos;
        if (moveTo(ConnectionState.SUBSCRIBING, new SessionEvent.ConnectionOpened(id, market, safeUrl)))
        {
            shard.onOpen(this);
        }
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
        if (awaitingData && !(text && controlReply(payload)))
        {
            awaitingData = false;
            shard.onFirstData(this);
        }
        // a serverShutdown notice: searched for in a small frame of no combined stream, or of an
        // announcement's; small trades and book tickers were searched byte by byte before, a tenth of a
        // read thread's time at a whole market
        if (text && payload.remaining() < 120 && (facts.nameLength == 0 || announcement(payload)) && contains(payload, SHUTDOWN))
        {
            shard.onServerShutdown(this);
        }
        if (text && market == Market.USDM && payload.remaining() > CONTRACT_INFO.length() && announcement(payload)
            && startsWith(payload, CONTRACT_INFO))
        {
            shard.onContractInfo();
        }
    }

    /**
     * Whether a text frame, its facts just read, is of a combined stream that is an announcement
     * ({@code !contractInfo}, {@code !serverShutdown}), not a symbol's stream.
     */
    private boolean announcement(final ByteBuffer payload)
    {
        return facts.nameLength > 0 && payload.get(payload.position() + JournalFormat.COMBINED_PREFIX_LENGTH) == '!';
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

    /**
     * The watchdog's verdict on an open connection that went quiet: a loss, not a planned close,
     * so the shard reconnects.
     */
    void dropSilent(final long silentNanos)
    {
        error = "no frame or ping for " + java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s";
        closeQuietly(1001, "silent", false);
    }

    /** Closes an open connection that can no longer serve ({@code why}, with 1000): a loss, so the shard reconnects. */
    void drop(final String why)
    {
        error = why;
        closeQuietly(1000, why, false);
    }

    /** The watchdog's verdict on an upgrade that never completed. */
    void abortHandshake()
    {
        error = "no handshake within 30 s";
        moveTo(ConnectionState.CLOSING, null); // a loss all the same: not closedByUs, so the shard reconnects
        closeConnection(1006, "handshake timeout");
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
        moveTo(ConnectionState.CLOSING, null);
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
