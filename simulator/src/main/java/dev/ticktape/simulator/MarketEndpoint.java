package dev.ticktape.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.StreamUrl;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The WebSocket endpoint of one market: Binance's URL forms ({@code /ws/<s>[/<s2>]},
 * {@code /stream?streams=a/b}; futures under {@code /public} or {@code /market}), the combined-stream
 * wrapper, and the live control messages with Binance's replies and error codes.
 */
final class MarketEndpoint extends WebSocketServer
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A connection's subscriptions, properties and keep-alive state. */
    static final class Client
    {
        /** The connection, for the model thread's sends. */
        final WebSocket conn;
        /** The endpoint's index of subscribers, kept in step with {@link #streams}. */
        private final Subscriptions index;
        private final Set<String> streams = ConcurrentHashMap.newKeySet();
        volatile boolean combined;
        final String route;
        final long openedNanos = System.nanoTime();
        long windowStartNanos = openedNanos;
        int messagesInWindow;
        volatile long lastPingNanos = openedNanos;
        volatile long unansweredPingSinceNanos = -1;
        long framesSent;
        /** Set for the keep-alive pass to drop the connection (a fault), once its frames are queued. */
        volatile boolean dropPending;
        /** The drop fault's count is reached: no more frames (model thread only). */
        boolean dropDue;
        /** 1 for milliseconds, 1000 for a spot connection opened with {@code timeUnit=MICROSECOND}. */
        int timeScale = 1;
        /** Frames of this step not yet handed to the connection ({@link ClientSender#flush}): model thread only. */
        byte[] batch = new byte[1024];
        int batchLength;
        int batchFrames;
        /** The listen key of a user-data connection, else null. */
        String listenKey;
        long accountEvents;

        Client(final WebSocket conn, final String route, final Subscriptions index)
        {
            this.conn = conn;
            this.route = route;
            this.index = index;
        }

        /** @return the streams subscribed to, as a live read-only view. */
        Set<String> streams()
        {
            return java.util.Collections.unmodifiableSet(streams);
        }

        synchronized void subscribe(final String stream)
        {
            if (!closed && streams.add(stream))
            {
                index.add(stream, this);
            }
        }

        synchronized void unsubscribe(final String stream)
        {
            if (streams.remove(stream))
            {
                index.remove(stream, this);
            }
        }

        /** Leaves every stream: the connection closed. */
        synchronized void closed()
        {
            closed = true;
            streams.forEach(s -> index.remove(s, this));
            streams.clear();
        }

        private boolean closed;
    }

    private final Market market;
    private final Map<WebSocket, Client> clients = new ConcurrentHashMap<>();
    private final Subscriptions subscriptions = new Subscriptions();
    private final CountDownLatch started = new CountDownLatch(1);

    private final SimulatorConfig config;
    private final Faults faults;
    private final ListenKeys listenKeys;

    MarketEndpoint(final Market market, final InetSocketAddress address, final SimulatorConfig config, final Faults faults,
        final ListenKeys listenKeys)
    {
        super(address, 1);
        this.market = market;
        this.config = config;
        this.faults = faults;
        this.listenKeys = listenKeys;
        setReuseAddr(true);
        setConnectionLostTimeout(0);
        setWebSocketFactory(new RefusingFactory());
    }

    Market market()
    {
        return market;
    }

    Map<WebSocket, Client> clients()
    {
        return clients;
    }

    /** @return the clients subscribed to a stream (empty when none); not to be changed. */
    Client[] subscribers(final String stream)
    {
        return subscriptions.of(stream);
    }

    private volatile Exception startFailure;

    /** Waits until the endpoint listens, or throws why it could not (a bind error arrives through onError). */
    void awaitStarted() throws InterruptedException, java.io.IOException
    {
        started.await();
        if (startFailure != null)
        {
            throw new java.io.IOException(market + " endpoint: " + startFailure.getMessage(), startFailure);
        }
    }

    @Override
    public void onStart()
    {
        started.countDown();
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake)
    {
        final StreamUrl url;
        try
        {
            url = StreamUrl.parse(market, handshake.getResourceDescriptor());
        }
        catch (final IllegalArgumentException e)
        {
            conn.close(CloseFrame.POLICY_VALIDATION, e.getMessage());
            return;
        }
        final String route = url.route();
        final Client client = new Client(conn, route, subscriptions);
        client.combined = url.combined();
        final String[] streams = url.streams().toArray(new String[0]);
        if (url.microseconds(market))
        {
            client.timeScale = 1000; // spot JSON only: Binance documents timeUnit for it alone
        }
        if (streams.length == 1 && !client.combined && market != Market.SPOT_SBE
            && listenKeys.exists(market, streams[0]))
        {
            if (!listenKeys.valid(market, streams[0], System.nanoTime()))
            {
                conn.close(CloseFrame.POLICY_VALIDATION, "listen key expired");
                return;
            }
            client.listenKey = streams[0];
        }
        else if ("private".equals(route))
        {
            conn.close(CloseFrame.POLICY_VALIDATION, "unknown listen key");
            return;
        }
        else
        {
            Arrays.asList(streams).forEach(client::subscribe);
        }
        clients.put(conn, client);
        if (!conn.isOpen())
        {
            // closed while opening: onClose found nothing to remove
            clients.remove(conn);
            client.closed();
        }
    }

    /** SBE streams need an API key on the upgrade request, as Binance's do (any non-empty key is accepted here). */
    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(final WebSocket conn, final Draft draft,
        final ClientHandshake request) throws InvalidDataException
    {
        final long now = System.nanoTime();
        final int refusal = faults.refusalStatus(now);
        if (refusal != 0)
        {
            // The factory's channel answers with this instead of Java-WebSocket's own 404.
            conn.setAttachment(new Refusal(refusal, faults.refusalSecondsLeft(now)));
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "refused with HTTP " + refusal);
        }
        if (!StreamUrl.known(market, request.getResourceDescriptor()))
        {
            conn.setAttachment(new Refusal(404, -1));
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no such path");
        }
        if (market == Market.SPOT_SBE)
        {
            final String key = request.getFieldValue("X-MBX-APIKEY");
            if (!config.accepts(key))
            {
                conn.setAttachment(new Refusal(401, -1));
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "an X-MBX-APIKEY header is required for SBE streams");
            }
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onWebsocketPing(final WebSocket conn, final Framedata frame)
    {
        if (withinRate(conn))
        {
            super.onWebsocketPing(conn, frame);
        }
    }

    @Override
    public void onWebsocketPong(final WebSocket conn, final Framedata frame)
    {
        final Client client = clients.get(conn);
        if (client != null && withinRate(conn))
        {
            client.unansweredPingSinceNanos = -1;
        }
    }

    @Override
    public void onMessage(final WebSocket conn, final ByteBuffer message)
    {
        withinRate(conn); // counted; binary control messages mean nothing
    }

    /**
     * Counts an incoming message against Binance's per-connection limit (5 per second on spot, 10 on
     * futures); a connection over it is closed.
     */
    private boolean withinRate(final WebSocket conn)
    {
        final Client client = clients.get(conn);
        if (client == null)
        {
            return false;
        }
        synchronized (client)
        {
            final long now = System.nanoTime();
            if (now - client.windowStartNanos >= 1_000_000_000L)
            {
                client.windowStartNanos = now;
                client.messagesInWindow = 0;
            }
            if (++client.messagesInWindow > config.messagesPerSecond(market))
            {
                conn.close(CloseFrame.POLICY_VALIDATION, "too many messages per second");
                return false;
            }
        }
        return true;
    }

    /**
     * Pings every connection at the market's interval, closes those whose pong is overdue or whose
     * lifetime is up, and drops those a fault marked.
     */
    void housekeeping(final long nowNanos, final Faults faults)
    {
        final long dropAfterNanos = faults.dropAfterNanos();
        final long pingInterval = config.pingInterval(market).toNanos();
        final long pongTimeout = config.pongTimeout(market).toNanos();
        final long lifetime = config.maxLifetime().toNanos();
        for (final Map.Entry<WebSocket, Client> e : clients.entrySet())
        {
            final WebSocket conn = e.getKey();
            final Client client = e.getValue();
            if (!conn.isOpen())
            {
                continue;
            }
            if (client.dropPending || (dropAfterNanos > 0 && nowNanos - client.openedNanos >= dropAfterNanos))
            {
                conn.closeConnection(1006, "dropped by a simulator fault"); // no close frame, as a lost network
                continue;
            }
            if (nowNanos - client.openedNanos >= lifetime)
            {
                if (market != Market.USDM)
                {
                    // Spot announces the end of a connection with serverShutdown (futures documents none).
                    final String event = Payloads.serverShutdown(new Payloads.Stamp(System.currentTimeMillis(), client.timeScale));
                    conn.send(client.combined ? "{\"stream\":\"!serverShutdown\",\"data\":" + event + "}" : event);
                }
                conn.close(CloseFrame.NORMAL, "connection lifetime reached");
                continue;
            }
            final long unanswered = client.unansweredPingSinceNanos;
            if (unanswered >= 0 && nowNanos - unanswered >= pongTimeout)
            {
                conn.close(CloseFrame.POLICY_VALIDATION, "no pong within " + config.pongTimeout(market).toSeconds() + " s");
                continue;
            }
            if (nowNanos - client.lastPingNanos >= pingInterval)
            {
                client.lastPingNanos = nowNanos;
                if (unanswered < 0)
                {
                    client.unansweredPingSinceNanos = nowNanos;
                }
                try
                {
                    conn.sendPing();
                }
                catch (final RuntimeException closed)
                {
                    // closed meanwhile; onClose removes it
                }
            }
        }
    }

    @Override
    public void onMessage(final WebSocket conn, final String message)
    {
        final Client client = clients.get(conn);
        if (client == null || !withinRate(conn))
        {
            return;
        }
        final String reply = reply(client, message);
        if (reply == CLOSE)
        {
            conn.close(CloseFrame.POLICY_VALIDATION, "more than " + StreamUrl.MAX_STREAMS + " streams");
            return;
        }
        conn.send(reply);
    }

    /** The reply that means: close the connection, as Binance does when a limit is exceeded. */
    static final String CLOSE = new String("close");

    /** Binance's reply to one control message. */
    static String reply(final Client client, final String message)
    {
        final JsonNode request;
        try
        {
            request = JSON.readTree(message);
        }
        catch (final Exception e)
        {
            return "{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"}";
        }
        if (request == null || !request.isObject())
        {
            return "{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"}";
        }
        final JsonNode id = request.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isTextual() || id.isNull()))
        {
            return "{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"}";
        }
        final JsonNode method = request.get("method");
        if (method == null || !method.isTextual())
        {
            return "{\"code\":2,\"msg\":\"Invalid request: missing field `method` at line 1 column " + message.length() + "\"}";
        }
        final JsonNode params = request.get("params");
        final ObjectNode response = JSON.createObjectNode();
        switch (method.asText())
        {
            case "SUBSCRIBE", "UNSUBSCRIBE" ->
            {
                if (params == null || !params.isArray())
                {
                    return error(2, "Invalid request: missing field `params`", id);
                }
                for (final JsonNode p : params)
                {
                    if (!p.isTextual())
                    {
                        return error(2, "Invalid request: stream names must be strings", id);
                    }
                }
                if (method.asText().equals("SUBSCRIBE"))
                {
                    int added = 0;
                    for (final JsonNode p : params)
                    {
                        added += client.streams().contains(p.asText()) ? 0 : 1;
                    }
                    if (client.streams().size() + added > StreamUrl.MAX_STREAMS)
                    {
                        return CLOSE;
                    }
                    params.forEach(p -> client.subscribe(p.asText()));
                }
                else
                {
                    params.forEach(p -> client.unsubscribe(p.asText()));
                }
                response.putNull("result");
            }
            case "LIST_SUBSCRIPTIONS" ->
            {
                final ArrayNode list = response.putArray("result");
                client.streams().stream().sorted().forEach(list::add);
            }
            case "SET_PROPERTY" ->
            {
                if (params == null || !params.isArray() || params.size() == 0 || !params.get(0).isTextual())
                {
                    return error(2, "Invalid request: property name must be a string", id);
                }
                if (params.size() > 2)
                {
                    return error(2, "Invalid request: too many parameters", id);
                }
                if (!params.get(0).asText().equals("combined"))
                {
                    return error(0, "Unknown property", id);
                }
                if (params.size() < 2 || !params.get(1).isBoolean())
                {
                    return "{\"code\":1,\"msg\":\"Invalid value type: expected Boolean\"}";
                }
                client.combined = params.get(1).asBoolean();
                response.putNull("result");
            }
            case "GET_PROPERTY" ->
            {
                if (params == null || !params.isArray() || params.size() == 0 || !params.get(0).isTextual())
                {
                    return error(2, "Invalid request: property name must be a string", id);
                }
                if (params.size() > 1)
                {
                    return error(2, "Invalid request: too many parameters", id);
                }
                if (!params.get(0).asText().equals("combined"))
                {
                    return error(0, "Unknown property", id);
                }
                response.put("result", client.combined);
            }
            default ->
            {
                return error(2, "Invalid request: unknown variant " + method.asText() + ", expected one of `SUBSCRIBE`, "
                    + "`UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28", id);
            }
        }
        response.set("id", id);
        return response.toString();
    }

    private static String error(final int code, final String message, final JsonNode id)
    {
        final ObjectNode node = JSON.createObjectNode();
        node.put("code", code);
        node.put("msg", message);
        if (code == 0)
        {
            node.set("id", id);
        }
        return node.toString();
    }

    @Override
    public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
    {
        forget(conn);
    }

    private void forget(final WebSocket conn)
    {
        final Client client = clients.remove(conn);
        if (client != null)
        {
            client.closed();
        }
    }

    @Override
    public void onError(final WebSocket conn, final Exception ex)
    {
        if (conn != null)
        {
            forget(conn);
        }
        else
        {
            // A server-level error before onStart is a failure to bind: report it instead of waiting forever.
            startFailure = ex;
            started.countDown();
        }
    }

    /** Why a connection's upgrade was refused: the HTTP status and the seconds for {@code Retry-After}. */
    record Refusal(int status, long retryAfterSeconds)
    {
        ByteBuffer response()
        {
            final String body = switch (status)
            {
                case 418 -> "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned for " + retryAfterSeconds + " seconds.\"}";
                case 429 -> "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP is 300 connection attempts per 5 minutes.\"}";
                case 401 -> "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}";
                default -> "";
            };
            final String phrase = switch (status)
            {
                case 418 -> "I'm a teapot";
                case 429 -> "Too Many Requests";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "Not Found";
                default -> "Error";
            };
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            final String head = "HTTP/1.1 " + status + " " + phrase + "\r\n"
                + (retryAfterSeconds >= 0 ? "Retry-After: " + retryAfterSeconds + "\r\n" : "")
                + "Content-Type: application/json;charset=UTF-8\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
            final ByteBuffer response = ByteBuffer.allocate(head.length() + bytes.length);
            response.put(head.getBytes(StandardCharsets.US_ASCII)).put(bytes).flip();
            return response;
        }
    }

    /**
     * Java-WebSocket answers a refused upgrade with a fixed 404 or 500. This factory wraps each
     * accepted socket in a channel that, for a connection marked with a {@link Refusal}, writes
     * Binance's answer (429 or 418 with {@code Retry-After}, 401 for a missing API key, 404 for an unknown path) in place of that answer.
     */
    private static final class RefusingFactory implements WebSocketServerFactory
    {
        @Override
        public WebSocketImpl createWebSocket(final WebSocketAdapter adapter, final Draft draft)
        {
            return new WebSocketImpl(adapter, draft);
        }

        @Override
        public WebSocketImpl createWebSocket(final WebSocketAdapter adapter, final List<Draft> drafts)
        {
            return new WebSocketImpl(adapter, drafts);
        }

        @Override
        public ByteChannel wrapChannel(final SocketChannel channel, final SelectionKey key)
        {
            return new RefusableChannel(channel, key);
        }

        @Override
        public void close()
        {
        }
    }

    private static final class RefusableChannel implements ByteChannel
    {
        private final SocketChannel channel;
        private final SelectionKey key;
        private boolean answered;

        RefusableChannel(final SocketChannel channel, final SelectionKey key)
        {
            this.channel = channel;
            this.key = key;
        }

        @Override
        public int read(final ByteBuffer dst) throws IOException
        {
            return channel.read(dst);
        }

        @Override
        public int write(final ByteBuffer src) throws IOException
        {
            if (!answered && key.attachment() instanceof WebSocketImpl impl && impl.getAttachment() instanceof Refusal refusal)
            {
                answered = true;
                final int swallowed = src.remaining();
                src.position(src.limit());
                final ByteBuffer response = refusal.response();
                for (int attempts = 0; response.hasRemaining() && attempts < 1000; attempts++)
                {
                    channel.write(response); // a few hundred bytes into an empty socket buffer: one write
                }
                return swallowed;
            }
            return answered ? drain(src) : channel.write(src);
        }

        /** After the refusal nothing else goes out. */
        private static int drain(final ByteBuffer src)
        {
            final int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen()
        {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
