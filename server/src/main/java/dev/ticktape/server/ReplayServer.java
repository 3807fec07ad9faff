package dev.ticktape.server;

import com.sun.net.httpserver.HttpServer;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.journal.JournalReader;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An exchange-native replay server ({@code ticktape serve}): it speaks Binance's market-data
 * WebSocket protocol, so an unmodified Binance client replays a journal by changing only its base
 * URL. One endpoint per market (spot JSON, spot SBE, USDⓈ-M), and REST ({@link ServeRest}); every
 * connection follows the run's one replay clock ({@link SharedReplay}; with
 * {@link ServeOptions.Clock#PER_CONNECTION}, a replay of its own from the chosen start), at the
 * chosen speed, and gets the streams it asked for in the
 * URL ({@code /ws/<s>[/<s2>]}, {@code /stream?streams=a/b}; futures under {@code /public} and
 * {@code /market}) or subscribes to later (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
 * SET_PROPERTY and GET_PROPERTY {@code combined}, answered as Binance answers them). Frames go out
 * as they were journaled: combined frames as received on a {@code /stream} connection, their
 * {@code data} alone on a {@code /ws} one, SBE frames as binary. At the end of the data the
 * connection is closed with 1000. Binds loopback unless told otherwise.
 */
public final class ReplayServer implements AutoCloseable
{
    /** How far into the recording the server looks, at start, for the exchange information a recorder journals as it starts. */
    private static final long FIRST_EXCHANGE_INFO_NANOS = 60_000_000_000L;
    /** Control messages above this are refused (Binance's are a few hundred bytes). */
    static final int MAX_MESSAGE = 64 << 10;

    private final ServeOptions options;
    private final Map<Market, Endpoint> endpoints = new EnumMap<>(Market.class);
    /** The serve run's clock, or null with a clock per connection. */
    private final SharedReplay clock;
    /** Control messages, in order, after the reply delay. */
    private final ScheduledThreadPoolExecutor replies;
    private HttpServer rest;

    private ReplayServer(final ServeOptions options, final long startEpochNanos, final Map<Market, byte[]> firstExchangeInfo)
    {
        this.options = options;
        this.clock = options.clock() == ServeOptions.Clock.SHARED ? new SharedReplay(options, startEpochNanos, firstExchangeInfo) : null;
        this.replies = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "ticktape-serve-control");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /**
     * Starts one endpoint per market.
     *
     * @param options what and where to serve.
     * @return the running server.
     * @throws TicktapeException {@code USAGE} for bad options, {@code IO}/{@code DATA} for a journal that
     *                           cannot be read, {@code IO} for a port that cannot be bound.
     */
    public static ReplayServer start(final ServeOptions options)
    {
        options.validate();
        long first = Long.MAX_VALUE;
        final Map<Market, byte[]> exchangeInfo = new EnumMap<>(Market.class);
        for (final java.nio.file.Path journal : options.journals())
        {
            // opens and checks: a missing or foreign journal fails here, not on the first connection
            try (JournalReader check = JournalReader.open(journal))
            {
                if (options.from() != Long.MIN_VALUE)
                {
                    check.seek(options.from());
                }
                // the first record's time; with a shared clock, on to the exchange information a recorder journals
                // as it starts (served before the clock reaches it), within the recording's first minute
                final long[] time = { Long.MAX_VALUE, Long.MAX_VALUE }; // the first record's, the last one read
                final boolean lookForInfo = options.clock() == ServeOptions.Clock.SHARED;
                while ((time[0] == Long.MAX_VALUE || lookForInfo && time[1] - time[0] < FIRST_EXCHANGE_INFO_NANOS
                    && exchangeInfo.size() < 3) && check.read(f ->
                    {
                        seen(time, f.recvEpochNanos());
                        final byte[] info = SharedReplay.exchangeInfoOf(f);
                        if (info != null)
                        {
                            exchangeInfo.putIfAbsent(f.market(), info);
                        }
                    }, (index, t, event) -> seen(time, t)))
                {
                    // on to the first record and the first copies
                }
                first = Math.min(first, time[0]);
            }
        }
        final long start = options.from() != Long.MIN_VALUE ? options.from() : first == Long.MAX_VALUE ? 0 : first;
        final ReplayServer server = new ReplayServer(options, start, exchangeInfo);
        try
        {
            int offset = 0;
            for (final Market market : new Market[] { Market.SPOT, Market.SPOT_SBE, Market.USDM })
            {
                final int port = options.port() == 0 ? 0 : options.port() + offset;
                offset++;
                final Endpoint e = new Endpoint(server, market, new InetSocketAddress(options.host(), port));
                server.endpoints.put(market, e);
                e.begin();
            }
            try
            {
                server.rest = HttpServer.create(new InetSocketAddress(options.host(), options.restPort()), 64);
            }
            catch (final java.io.IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot serve REST on " + options.host() + ":" + options.restPort() + ": "
                    + e.getMessage(), e);
            }
            new ServeRest(server.clock).serveOn(server.rest);
            server.rest.start();
            if (server.clock != null)
            {
                server.clock.begin();
            }
        }
        catch (final RuntimeException e)
        {
            server.close();
            throw e;
        }
        return server;
    }

    private static void seen(final long[] time, final long recvEpochNanos)
    {
        if (time[0] == Long.MAX_VALUE)
        {
            time[0] = recvEpochNanos;
        }
        time[1] = recvEpochNanos;
    }

    /** @return the base URL of a market's endpoint, such as {@code ws://127.0.0.1:9443}. */
    public URI baseUri(final Market market)
    {
        final Endpoint e = endpoints.get(market);
        return URI.create("ws://" + hostForUri(options.host()) + ":" + e.getPort());
    }

    private static String hostForUri(final String host)
    {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** @return the base URL of the REST endpoint, such as {@code http://127.0.0.1:9446}. */
    public URI restUri()
    {
        return URI.create("http://" + hostForUri(options.host()) + ":" + rest.getAddress().getPort());
    }

    /** @return open connections over all endpoints. */
    public int connections()
    {
        return endpoints.values().stream().mapToInt(e -> e.sessions.size()).sum();
    }

    ServeOptions options()
    {
        return options;
    }

    @Override
    public void close()
    {
        if (clock != null)
        {
            clock.stop();
        }
        for (final Endpoint e : endpoints.values())
        {
            e.shutdown();
        }
        replies.shutdownNow();
        if (rest != null)
        {
            rest.stop(0);
        }
    }

    SharedReplay clock()
    {
        return clock;
    }

    ScheduledThreadPoolExecutor replies()
    {
        return replies;
    }

    /** The WebSocket server of one market. */
    static final class Endpoint extends WebSocketServer
    {
        private final ReplayServer server;
        final Market market;
        final Map<WebSocket, ServeSession> sessions = new ConcurrentHashMap<>();
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile Exception startFailure;

        Endpoint(final ReplayServer server, final Market market, final InetSocketAddress address)
        {
            super(address, 2, List.of(new Draft_6455(Collections.emptyList(), MAX_MESSAGE)));
            this.server = server;
            this.market = market;
            setReuseAddr(true);
            setDaemon(true);
        }

        void begin()
        {
            start();
            try
            {
                if (!started.await(10, TimeUnit.SECONDS))
                {
                    throw new TicktapeException(ErrorCode.IO, "the " + market.wireName() + " endpoint did not start");
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new TicktapeException(ErrorCode.IO, "interrupted while starting the server");
            }
            if (startFailure != null)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot serve " + market.wireName() + " on " + getAddress() + ": "
                    + startFailure.getMessage(), startFailure);
            }
        }

        void shutdown()
        {
            sessions.values().forEach(ServeSession::stop);
            try
            {
                stop(1000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
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
            final ServeSession session;
            // the server's worker threads open connections side by side: counting and adding one is a
            // single step, or two connections from one address could both find a slot left
            synchronized (sessions)
            {
                if (sessions.size() >= server.options().maxConnections())
                {
                    conn.close(CloseFrame.TRY_AGAIN_LATER, "too many connections");
                    return;
                }
                final java.net.InetAddress client = address(conn);
                if (client != null && sessions.keySet().stream().filter(c -> client.equals(address(c))).count()
                    >= server.options().maxConnectionsPerClient())
                {
                    conn.close(CloseFrame.TRY_AGAIN_LATER, "too many connections from " + client.getHostAddress());
                    return;
                }
                try
                {
                    session = ServeSession.open(conn, market, handshake.getResourceDescriptor(), server.options(), server.replies());
                }
                catch (final IllegalArgumentException e)
                {
                    conn.close(CloseFrame.POLICY_VALIDATION, e.getMessage());
                    return;
                }
                sessions.put(conn, session);
            }
            final SharedReplay clock = server.clock();
            if (clock != null)
            {
                clock.join(session);
            }
            else
            {
                session.start(() -> sessions.remove(conn));
            }
        }

        private static java.net.InetAddress address(final WebSocket conn)
        {
            final InetSocketAddress remote = conn.getRemoteSocketAddress();
            return remote == null ? null : remote.getAddress();
        }

        @Override
        public void onMessage(final WebSocket conn, final String message)
        {
            final ServeSession session = sessions.get(conn);
            if (session != null && session.withinRate(conn, server.options().messagesPerSecond(market)))
            {
                session.onControl(message);
            }
        }

        @Override
        public void onMessage(final WebSocket conn, final java.nio.ByteBuffer message)
        {
            final ServeSession session = sessions.get(conn);
            if (session != null)
            {
                session.withinRate(conn, server.options().messagesPerSecond(market)); // counted, as on Binance
            }
        }

        @Override
        public void onWebsocketPing(final WebSocket conn, final org.java_websocket.framing.Framedata frame)
        {
            final ServeSession session = sessions.get(conn);
            if (session == null || session.withinRate(conn, server.options().messagesPerSecond(market)))
            {
                super.onWebsocketPing(conn, frame);
            }
        }

        @Override
        public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
        {
            final ServeSession session = sessions.remove(conn);
            if (session != null)
            {
                session.stop();
                if (server.clock() != null)
                {
                    server.clock().leave(session);
                }
            }
        }

        @Override
        public void onError(final WebSocket conn, final Exception ex)
        {
            if (conn == null)
            {
                startFailure = ex;
                started.countDown();
            }
        }
    }

    /** For the CLI: one line per market. */
    public List<String> describe()
    {
        final List<String> lines = new ArrayList<>();
        endpoints.keySet().forEach(m -> lines.add(m.wireName() + " " + baseUri(m)));
        lines.add("rest " + restUri());
        return lines;
    }
}
