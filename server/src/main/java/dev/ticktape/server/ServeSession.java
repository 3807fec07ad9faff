package dev.ticktape.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.binance.StreamUrl;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.replayer.Replayer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.TextFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;

/**
 * One client connection of the {@link ReplayServer}: its streams, its {@code combined} property,
 * its control messages, and the frames it is sent, from the shared clock ({@link SharedReplay}) or,
 * with a clock per connection, from a replay of its own on its own thread.
 */
final class ServeSession implements FrameHandler
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DATA_KEY = "\",\"data\":".length();
    /** Frames queued for a slow client before its replay waits. */
    private static final int MAX_QUEUED = 10_000;
    /** How long a client's queue may stay full before it is closed, as Binance drops a client that does not read. */
    private static final long STALLED_NANOS = 10_000_000_000L;

    private final WebSocket conn;
    private final Market market;
    private final String route;
    private final ServeOptions options;
    private final Set<String> subscribed = new LinkedHashSet<>();
    private volatile byte[][] active = new byte[0][];
    private volatile boolean combined;
    private volatile Replayer replayer;
    private volatile boolean stopped;
    private boolean microseconds;
    /** When (System.nanoTime) the connection last subscribed or unsubscribed: the shared clock waits for it to settle. */
    private volatile long lastSubscriptionChange = System.nanoTime();
    /** Runs control messages after {@link ServeOptions#REPLY_DELAY_NANOS}, in order; shared by the server. */
    private ScheduledExecutorService replies;

    private ServeSession(final WebSocket conn, final Market market, final String route, final boolean combined,
        final ServeOptions options)
    {
        this.conn = conn;
        this.market = market;
        this.route = route;
        this.combined = combined;
        this.options = options;
    }

    /**
     * Reads a connection's URL the way Binance does.
     *
     * @throws IllegalArgumentException for a path Binance would refuse (the message is the close reason).
     */
    static ServeSession open(final WebSocket conn, final Market market, final String resource, final ServeOptions options,
        final ScheduledExecutorService replies)
    {
        final StreamUrl url = StreamUrl.parse(market, resource);
        final ServeSession session = new ServeSession(conn, market, url.route(), url.combined(), options);
        session.microseconds = url.microseconds(market);
        session.replies = replies;
        final List<String> streams = url.streams();
        session.subscribe(streams);
        return session;
    }

    private synchronized void subscribe(final List<String> streams)
    {
        for (final String s : streams)
        {
            subscribed.add(StreamNames.normalise(s));
        }
        refresh();
        lastSubscriptionChange = System.nanoTime();
    }

    private synchronized void unsubscribe(final List<String> streams)
    {
        for (final String s : streams)
        {
            subscribed.remove(StreamNames.normalise(s));
        }
        refresh();
        lastSubscriptionChange = System.nanoTime();
    }

    /** @return the connection's market. */
    Market market()
    {
        return market;
    }

    /** @return whether frames of some stream would go out on this connection. */
    boolean hasStreams()
    {
        return active.length > 0;
    }

    /** @return when the connection last subscribed or unsubscribed (System.nanoTime). */
    long lastSubscriptionChangeNanos()
    {
        return lastSubscriptionChange;
    }

    /** The end of the data: closed with 1000, as Binance closes a connection it is done with. */
    void end()
    {
        stopped = true;
        if (conn.isOpen())
        {
            conn.close(1000, "end of replay");
        }
    }

    /** The replay could not go on. */
    void fail(final String why)
    {
        stopped = true;
        if (conn.isOpen())
        {
            conn.close(1011, why);
        }
    }

    /** The names frames are matched against: a futures stream of the other route is kept but silent, as on Binance. */
    private void refresh()
    {
        active = subscribed.stream().filter(s -> market != Market.USDM || StreamNames.route(market, s).equals(route))
            .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    /** Starts this connection's replay on its own thread; {@code onEnd} runs when it ends. */
    void start(final Runnable onEnd)
    {
        final Thread t = new Thread(() ->
        {
            try (Replayer r = Replayer.open(options.replay(market)))
            {
                replayer = r;
                if (!stopped)
                {
                    r.run(this, (index, time, event) -> { });
                }
            }
            catch (final RuntimeException e)
            {
                fail("replay failed: " + e.getMessage());
            }
            finally
            {
                end();
                onEnd.run();
            }
        }, "ticktape-serve-" + market.wireName());
        t.setDaemon(true);
        t.start();
    }

    void stop()
    {
        stopped = true;
        final Replayer r = replayer;
        if (r != null)
        {
            r.stop();
        }
    }

    @Override
    public void onFrame(final JournalFrame frame)
    {
        if (stopped || frame.kind() == FrameKind.REST || frame.streamLength() == 0)
        {
            return;
        }
        final byte[][] names = active;
        boolean wanted = false;
        for (final byte[] name : names)
        {
            if (frame.streamEquals(name))
            {
                wanted = true;
                break;
            }
        }
        if (!wanted || !conn.isOpen() || !waitWhileClientIsSlow())
        {
            return;
        }
        if (frame.kind() == FrameKind.BINARY)
        {
            final byte[] bytes = new byte[frame.payloadLength()];
            frame.buffer().getBytes(frame.payloadOffset(), bytes);
            send(() -> conn.send(bytes));
            return;
        }
        int offset = frame.payloadOffset();
        int length = frame.payloadLength();
        if (!combined && isCombined(frame))
        {
            // {"stream":"<name>","data":<data>} -> <data>
            final int data = JournalFormat.COMBINED_PREFIX_LENGTH + frame.streamLength() + DATA_KEY;
            offset += data;
            length -= data + 1;
        }
        byte[] bytes = new byte[length];
        frame.buffer().getBytes(offset, bytes);
        if (microseconds)
        {
            bytes = TimeUnits.toMicroseconds(bytes);
        }
        final TextFrame text = new TextFrame();
        text.setPayload(ByteBuffer.wrap(bytes));
        text.setFin(true);
        send(() -> conn.sendFrame(text));
    }

    /** Sends a frame; a connection that closed meanwhile stops this session, never the replay that feeds others too. */
    private void send(final Runnable sending)
    {
        try
        {
            sending.run();
        }
        catch (final RuntimeException closed)
        {
            stop();
        }
    }

    /** A combined frame: the journal found its stream name inside the payload, right after <code>&#123;"stream":"</code>. */
    private static boolean isCombined(final JournalFrame frame)
    {
        return frame.streamLength() > 0
            && frame.streamOffset() == frame.payloadOffset() + JournalFormat.COMBINED_PREFIX_LENGTH
            && frame.payloadLength() > JournalFormat.COMBINED_PREFIX_LENGTH + frame.streamLength() + DATA_KEY + 1
            && frame.buffer().getByte(frame.payloadOffset() + frame.payloadLength() - 1) == '}';
    }

    /**
     * A slow client holds its replay back instead of growing the server's queue without bound.
     *
     * @return whether to send on: false once the connection closed, or was closed for taking nothing.
     */
    private boolean waitWhileClientIsSlow()
    {
        if (!(conn instanceof WebSocketImpl impl))
        {
            return true;
        }
        long since = 0;
        while (impl.outQueue.size() > MAX_QUEUED && conn.isOpen() && !stopped)
        {
            final long now = System.nanoTime();
            if (since == 0)
            {
                since = now;
            }
            else if (now - since > STALLED_NANOS)
            {
                // a client that takes nothing for this long would hold the shared clock, and every other client, still
                stopped = true;
                conn.close(1008, "client too slow: " + MAX_QUEUED + " frames queued and none taken for "
                    + STALLED_NANOS / 1_000_000_000L + " s");
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return conn.isOpen() && !stopped;
    }

    private long rateWindowStart;
    private int rateCount;

    /**
     * Counts an incoming message against the connection's rate, as Binance does (5 a second on spot,
     * 10 on futures): a connection over it is closed with 1008, and the message is not acted on.
     *
     * @return whether the message is within the rate.
     */
    synchronized boolean withinRate(final org.java_websocket.WebSocket conn, final int perSecond)
    {
        final long now = System.nanoTime();
        if (now - rateWindowStart >= 1_000_000_000L)
        {
            rateWindowStart = now;
            rateCount = 0;
        }
        if (++rateCount > perSecond)
        {
            conn.close(1008, "too many messages per second (at most " + perSecond + ")");
            return false;
        }
        return true;
    }

    /**
     * A control message, acted on and answered as Binance does, after {@link ServeOptions#REPLY_DELAY_NANOS}
     * (as a network would deliver it: some clients register a request only once their own write has
     * completed) and in the order they came; what a SUBSCRIBE adds is sent only after its reply.
     */
    void onControl(final String message)
    {
        if (replies == null)
        {
            control(message);
            return;
        }
        try
        {
            replies.schedule(() -> control(message), ServeOptions.REPLY_DELAY_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        catch (final java.util.concurrent.RejectedExecutionException stopping)
        {
            // the server is stopping
        }
    }

    private void control(final String message)
    {
        final JsonNode request;
        try
        {
            request = JSON.readTree(message);
        }
        catch (final JsonProcessingException e)
        {
            reply(error(3, "Invalid JSON: expected value at line " + lineOf(e) + " column " + columnOf(e), null));
            return;
        }
        if (request == null || !request.isObject())
        {
            reply(error(3, "Invalid JSON: expected value at line 1 column 1", null));
            return;
        }
        final JsonNode id = request.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isTextual() || id.isNull()))
        {
            reply(error(2, "Invalid request: request ID must be an unsigned integer", null));
            return;
        }
        final JsonNode method = request.get("method");
        if (method == null || !method.isTextual())
        {
            reply(error(2, "Invalid request: missing field `method` at line 1 column " + message.length(), id));
            return;
        }
        final JsonNode params = request.get("params");
        switch (method.asText())
        {
            case "SUBSCRIBE", "UNSUBSCRIBE" ->
            {
                final List<String> streams = new ArrayList<>();
                if (params != null && params.isArray())
                {
                    params.forEach(p -> streams.add(p.asText()));
                }
                if (method.asText().equals("SUBSCRIBE"))
                {
                    synchronized (this)
                    {
                        if (subscribed.size() + streams.size() > StreamUrl.MAX_STREAMS)
                        {
                            reply(error(2, "Invalid request: too many parameters", id));
                            return;
                        }
                    }
                    // the reply goes first, then the streams are live: no frame of them comes before their ack
                    reply(result(null, id));
                    subscribe(streams);
                    return;
                }
                unsubscribe(streams);
                reply(result(null, id));
            }
            case "LIST_SUBSCRIPTIONS" ->
            {
                final ArrayNode list = JSON.createArrayNode();
                synchronized (this)
                {
                    subscribed.forEach(list::add);
                }
                reply(result(list, id));
            }
            case "SET_PROPERTY", "GET_PROPERTY" ->
            {
                final ObjectNode invalid = propertyError(params, id);
                if (invalid != null)
                {
                    reply(invalid);
                }
                else if (method.asText().equals("GET_PROPERTY"))
                {
                    reply(result(JSON.getNodeFactory().booleanNode(combined), id));
                }
                else if (params.size() < 2 || !params.get(1).isBoolean())
                {
                    reply(error(1, "Invalid value type: expected Boolean", id));
                }
                else
                {
                    combined = params.get(1).asBoolean();
                    reply(result(null, id));
                }
            }
            default -> reply(error(2, "Invalid request: unknown variant " + method.asText()
                + ", expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28",
                id));
        }
    }

    /** The reply to a SET_PROPERTY or GET_PROPERTY naming no property, or one other than {@code combined}; null if it names that. */
    private static ObjectNode propertyError(final JsonNode params, final JsonNode id)
    {
        if (params == null || !params.isArray() || params.size() < 1 || !params.get(0).isTextual())
        {
            return error(2, "Invalid request: property name must be a string", id);
        }
        return params.get(0).asText().equals("combined") ? null : error(0, "Unknown property", id);
    }

    private static ObjectNode result(final JsonNode result, final JsonNode id)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.set("result", result == null ? JSON.nullNode() : result);
        o.set("id", id);
        return o;
    }

    private static ObjectNode error(final int code, final String msg, final JsonNode id)
    {
        final ObjectNode o = JSON.createObjectNode();
        o.put("code", code);
        o.put("msg", msg);
        if (id != null)
        {
            o.set("id", id);
        }
        return o;
    }

    private static int lineOf(final JsonProcessingException e)
    {
        return e.getLocation() == null ? 1 : e.getLocation().getLineNr();
    }

    private static int columnOf(final JsonProcessingException e)
    {
        return e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
    }

    private void reply(final ObjectNode reply)
    {
        if (conn.isOpen())
        {
            conn.send(reply.toString());
        }
    }
}
