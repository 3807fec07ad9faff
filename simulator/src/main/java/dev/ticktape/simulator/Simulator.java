package dev.ticktape.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import org.java_websocket.WebSocket;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A local Binance-compatible market-data server: the spot JSON, spot SBE and USDⓈ-M futures
 * WebSocket endpoints, each on its own port (the base URL a client or the recorder takes, as
 * {@code wss://stream.binance.com:9443} is for spot), and REST depth snapshots
 * ({@code /api/v3/depth}, {@code /fapi/v1/depth}) whose {@code lastUpdateId} lines up with the diff
 * streams. One thread steps the market model and pushes frames to the subscribed connections.
 * <p>
 * Binds loopback unless told otherwise. {@link #close()} stops everything and is idempotent.
 */
public final class Simulator implements AutoCloseable
{
    private final SimulatorConfig config;
    private final Map<Market, MarketEndpoint> endpoints = new EnumMap<>(Market.class);
    private final Map<Market, List<SymbolModel>> models = new EnumMap<>(Market.class);
    private final HttpServer rest;
    private final Thread ticker;
    private final ScheduledExecutorService housekeeping;
    private final long startMillis;
    private final Object lock = new Object();
    private final SbePayloads sbe = new SbePayloads();
    private final Faults faults = new Faults();
    private volatile boolean running = true;
    private long ticks;
    private long framesSent;

    private Simulator(final SimulatorConfig config) throws IOException, InterruptedException
    {
        config.validate();
        this.config = config;
        this.startMillis = config.startMillis() >= 0 ? config.startMillis() : System.currentTimeMillis();
        int port = config.port();
        HttpServer restServer = null;
        try
        {
            for (final Market market : new Market[] { Market.SPOT, Market.SPOT_SBE, Market.USDM })
            {
                final List<SymbolModel> symbols = new ArrayList<>();
                for (int i = 0; i < config.symbols().size(); i++)
                {
                    symbols.add(new SymbolModel(config.symbols().get(i), market, config.seed(), i));
                }
                models.put(market, symbols);
                final MarketEndpoint endpoint = new MarketEndpoint(market,
                    new InetSocketAddress(config.host(), port == 0 ? 0 : port++), config);
                endpoints.put(market, endpoint);
                endpoint.start();
                endpoint.awaitStarted();
            }
            restServer = HttpServer.create(new InetSocketAddress(config.host(), port == 0 ? 0 : port), 16);
        }
        catch (final IOException | RuntimeException e)
        {
            stopEndpoints();
            throw e;
        }
        rest = restServer;
        rest.createContext("/api/v3/depth", exchange -> depth(exchange, Market.SPOT));
        rest.createContext("/fapi/v1/depth", exchange -> depth(exchange, Market.USDM));
        rest.start();
        ticker = new Thread(this::run, "ticktape-simulator");
        ticker.setDaemon(true);
        ticker.start();
        housekeeping = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "ticktape-simulator-keepalive");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleAtFixedRate(() ->
        {
            final long now = System.nanoTime();
            endpoints.values().forEach(e -> e.housekeeping(now, faults));
        }, 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a simulator.
     *
     * @param config the configuration.
     * @return the running simulator.
     * @throws TicktapeException {@link ErrorCode#USAGE} for a bad configuration, {@link ErrorCode#IO} when a port cannot be bound.
     */
    public static Simulator start(final SimulatorConfig config)
    {
        try
        {
            return new Simulator(config);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot start the simulator on " + config.host() + ": " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new TicktapeException(ErrorCode.INTERNAL, "interrupted while starting the simulator", e);
        }
    }

    /**
     * @param market {@link Market#SPOT}, {@link Market#SPOT_SBE} or {@link Market#USDM}.
     * @return the base URL of the market's WebSocket endpoint ({@code ws://127.0.0.1:PORT}); clients add
     * {@code /ws/...}, {@code /stream?...} (futures: {@code /public/...}, {@code /market/...}).
     */
    public URI baseUri(final Market market)
    {
        final MarketEndpoint endpoint = endpoints.get(market);
        if (endpoint == null)
        {
            throw new TicktapeException(ErrorCode.USAGE, "the simulator does not serve " + market + " yet");
        }
        return URI.create("ws://" + host() + ":" + endpoint.getPort());
    }

    /**
     * @return the base URL of the REST endpoint ({@code http://127.0.0.1:PORT}); clients add
     * {@code /api/v3/depth?symbol=..} or {@code /fapi/v1/depth?symbol=..}.
     */
    public URI restBaseUri()
    {
        return URI.create("http://" + host() + ":" + rest.getAddress().getPort());
    }

    /** @return the faults to inject; changes take effect at once. */
    public Faults faults()
    {
        return faults;
    }

    /** @return the markets this simulator serves. */
    public List<Market> markets()
    {
        return List.copyOf(endpoints.keySet());
    }

    /** @return model steps taken so far (per symbol). */
    public long ticks()
    {
        synchronized (lock)
        {
            return ticks;
        }
    }

    /** @return frames pushed to clients so far. */
    public long framesSent()
    {
        synchronized (lock)
        {
            return framesSent;
        }
    }

    private String host()
    {
        return config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    }

    private void run()
    {
        final double rate = config.ticksPerSecond();
        final long intervalNanos = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
        final long begin = System.nanoTime();
        while (running)
        {
            synchronized (lock)
            {
                final long eventMillis = startMillis + (intervalNanos > 0 ? ticks * intervalNanos / 1_000_000L : ticks);
                if (faults.takeDropAllNow())
                {
                    endpoints.values().forEach(e -> e.clients().keySet().forEach(c -> c.closeConnection(1006, "dropped")));
                }
                for (final Map.Entry<Market, List<SymbolModel>> e : models.entrySet())
                {
                    for (final SymbolModel m : e.getValue())
                    {
                        m.step();
                        m.updateStatistics(eventMillis);
                        publish(endpoints.get(e.getKey()), m, eventMillis);
                    }
                    if (e.getKey() != Market.SPOT_SBE)
                    {
                        publishArrays(endpoints.get(e.getKey()), e.getValue(), eventMillis);
                    }
                }
                ticks++;
            }
            if (intervalNanos > 0)
            {
                // The schedule is anchored to the start, so the rate does not drift.
                final long next = begin + ticks * intervalNanos;
                long wait;
                while (running && (wait = next - System.nanoTime()) > 0)
                {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    private void publish(final MarketEndpoint endpoint, final SymbolModel m, final long eventMillis)
    {
        final Map<WebSocket, MarketEndpoint.Client> clients = endpoint.clients();
        final boolean withheld = faults.gapEvery() > 0 && ++m.events % faults.gapEvery() == 0;
        if (clients.isEmpty() || faults.stalled(System.nanoTime()))
        {
            return;
        }
        if (m.market == Market.SPOT_SBE)
        {
            publishSbe(clients, m, eventMillis * 1000 + ticks % 1000, withheld);
            return;
        }
        final String depth = withheld ? null : Payloads.depthUpdate(m, eventMillis);
        final String trade = m.traded && m.market == Market.SPOT ? Payloads.trade(m, eventMillis) : null;
        final String aggTrade = m.traded ? Payloads.aggTrade(m, eventMillis) : null;
        final String bookTicker = m.topChanged ? Payloads.bookTicker(m, eventMillis) : null;
        for (final Map.Entry<WebSocket, MarketEndpoint.Client> entry : clients.entrySet())
        {
            final MarketEndpoint.Client client = entry.getValue();
            final WebSocket conn = entry.getKey();
            final boolean publicRoute = !"market".equals(client.route);
            final boolean marketRoute = !"public".equals(client.route);
            for (final String speed : m.market == Market.USDM ? USDM_DEPTH : SPOT_DEPTH)
            {
                if (publicRoute && depth != null)
                {
                    send(conn, client, m.lowerSymbol + "@depth" + speed, depth);
                }
            }
            if (trade != null)
            {
                send(conn, client, m.lowerSymbol + "@trade", trade);
            }
            if (aggTrade != null && marketRoute)
            {
                send(conn, client, m.lowerSymbol + "@aggTrade", aggTrade);
            }
            if (bookTicker != null && publicRoute)
            {
                send(conn, client, m.lowerSymbol + "@bookTicker", bookTicker);
            }
            for (final int levels : PARTIAL_LEVELS)
            {
                for (final String speed : m.market == Market.USDM ? USDM_DEPTH : SPOT_DEPTH)
                {
                    final String stream = m.lowerSymbol + "@depth" + levels + speed;
                    if (publicRoute && client.streams.contains(stream))
                    {
                        send(conn, client, stream, Payloads.partialDepth(m, levels, eventMillis));
                    }
                }
            }
            if (marketRoute)
            {
                sendLazily(conn, client, m.lowerSymbol + "@kline_1m", () -> Payloads.kline(m, eventMillis));
                sendLazily(conn, client, m.lowerSymbol + "@miniTicker", () -> Payloads.miniTicker(m, eventMillis));
                sendLazily(conn, client, m.lowerSymbol + "@ticker", () -> Payloads.ticker(m, eventMillis, startMillis));
                if (m.market == Market.USDM)
                {
                    sendLazily(conn, client, m.lowerSymbol + "@markPrice", () -> Payloads.markPrice(m, eventMillis));
                    sendLazily(conn, client, m.lowerSymbol + "@markPrice@1s", () -> Payloads.markPrice(m, eventMillis));
                    sendLazily(conn, client, m.lowerSymbol + "_perpetual@continuousKline_1m",
                        () -> Payloads.continuousKline(m, eventMillis));
                    if (m.traded)
                    {
                        sendLazily(conn, client, m.lowerSymbol + "@forceOrder", () -> Payloads.forceOrder(m, eventMillis));
                    }
                }
                else
                {
                    sendLazily(conn, client, m.lowerSymbol + "@kline_1m@+08:00", () -> Payloads.kline(m, eventMillis));
                    sendLazily(conn, client, m.lowerSymbol + "@avgPrice", () -> Payloads.avgPrice(m, eventMillis));
                    for (final String window : WINDOWS)
                    {
                        sendLazily(conn, client, m.lowerSymbol + "@ticker_" + window,
                            () -> Payloads.rollingTicker(m, eventMillis, window, startMillis));
                    }
                }
            }
            if (publicRoute && m.market == Market.USDM)
            {
                if (depth != null)
                {
                    // RPI depth: the model has no RPI orders, so it carries the same changes as the diff stream
                    send(conn, client, m.lowerSymbol + "@rpiDepth@500ms", depth);
                }
                if (bookTicker != null)
                {
                    send(conn, client, "!bookTicker", bookTicker);
                }
            }
        }
    }

    private static final int[] PARTIAL_LEVELS = { 5, 10, 20 };
    private static final String[] WINDOWS = { "1h", "4h", "1d" };

    private void sendLazily(final WebSocket conn, final MarketEndpoint.Client client, final String stream,
        final java.util.function.Supplier<String> payload)
    {
        if (client.streams.contains(stream))
        {
            send(conn, client, stream, payload.get());
        }
    }

    /** The all-market arrays ({@code !miniTicker@arr}, futures {@code !markPrice@arr}): every symbol, once per step. */
    private void publishArrays(final MarketEndpoint endpoint, final List<SymbolModel> symbols, final long eventMillis)
    {
        final Map<WebSocket, MarketEndpoint.Client> clients = endpoint.clients();
        if (clients.isEmpty() || faults.stalled(System.nanoTime()))
        {
            return;
        }
        final boolean futures = endpoint.market() == Market.USDM;
        for (final Map.Entry<WebSocket, MarketEndpoint.Client> entry : clients.entrySet())
        {
            if ("public".equals(entry.getValue().route))
            {
                continue;
            }
            sendLazily(entry.getKey(), entry.getValue(), "!miniTicker@arr", () -> array(symbols, m -> Payloads.miniTicker(m, eventMillis)));
            sendLazily(entry.getKey(), entry.getValue(), "!ticker@arr",
                () -> array(symbols, m -> Payloads.ticker(m, eventMillis, startMillis)));
            if (!futures)
            {
                for (final String window : WINDOWS)
                {
                    sendLazily(entry.getKey(), entry.getValue(), "!ticker_" + window + "@arr",
                        () -> array(symbols, m -> Payloads.rollingTicker(m, eventMillis, window, startMillis)));
                }
            }
            if (futures)
            {
                for (final SymbolModel m : symbols)
                {
                    if (m.traded)
                    {
                        // !forceOrder@arr sends single objects, not arrays
                        sendLazily(entry.getKey(), entry.getValue(), "!forceOrder@arr", () -> Payloads.forceOrder(m, eventMillis));
                    }
                }
                sendLazily(entry.getKey(), entry.getValue(), "!assetIndex@arr", () -> array(symbols, m -> Payloads.assetIndex(m, eventMillis)));
                for (final SymbolModel m : symbols)
                {
                    final String lower = Payloads.assetSymbol(m).toLowerCase(java.util.Locale.ROOT);
                    sendLazily(entry.getKey(), entry.getValue(), lower + "@assetIndex", () -> Payloads.assetIndex(m, eventMillis));
                    sendLazily(entry.getKey(), entry.getValue(), m.lowerSymbol + "@compositeIndex",
                        () -> Payloads.compositeIndex(m, symbols, eventMillis));
                }
                if (ticks % 10 == 0)
                {
                    sendLazily(entry.getKey(), entry.getValue(), "!contractInfo", () -> Payloads.contractInfo(symbols.get(0), eventMillis));
                    sendLazily(entry.getKey(), entry.getValue(), "tradingSession", () -> Payloads.tradingSession(eventMillis, true));
                }
                sendLazily(entry.getKey(), entry.getValue(), "!markPrice@arr", () -> array(symbols, m -> Payloads.markPrice(m, eventMillis)));
                sendLazily(entry.getKey(), entry.getValue(), "!markPrice@arr@1s",
                    () -> array(symbols, m -> Payloads.markPrice(m, eventMillis)));
            }
        }
    }

    private static String array(final List<SymbolModel> symbols, final java.util.function.Function<SymbolModel, String> element)
    {
        final StringBuilder sb = new StringBuilder(symbols.size() * 200).append('[');
        for (int i = 0; i < symbols.size(); i++)
        {
            sb.append(i > 0 ? "," : "").append(element.apply(symbols.get(i)));
        }
        return sb.append(']').toString();
    }

    /** SBE streams carry bare binary messages (the combined wrapper does not apply), times in microseconds. */
    private void publishSbe(final Map<WebSocket, MarketEndpoint.Client> clients, final SymbolModel m, final long eventMicros,
        final boolean withheld)
    {
        final ByteBuffer depth = withheld ? null : sbe.depthDiff(m, eventMicros);
        final ByteBuffer depth20 = sbe.depth20(m, eventMicros);
        final ByteBuffer trade = m.traded ? sbe.trade(m, eventMicros) : null;
        final ByteBuffer bestBidAsk = m.topChanged ? sbe.bestBidAsk(m, eventMicros) : null;
        for (final Map.Entry<WebSocket, MarketEndpoint.Client> entry : clients.entrySet())
        {
            if (depth != null)
            {
                sendBinary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@depth", depth);
            }
            sendBinary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@depth20", depth20);
            if (trade != null)
            {
                sendBinary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@trade", trade);
            }
            if (bestBidAsk != null)
            {
                sendBinary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@bestBidAsk", bestBidAsk);
            }
        }
    }

    private void sendBinary(final WebSocket conn, final MarketEndpoint.Client client, final String stream, final ByteBuffer payload)
    {
        if (!client.streams.contains(stream) || !conn.isOpen() || client.dropPending)
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
     * Sends a text or binary frame now, or after the delay fault's time, counts it, and marks the
     * connection for a drop when a fault says so.
     */
    private void deliver(final WebSocket conn, final MarketEndpoint.Client client, final Object frame)
    {
        final long delay = faults.delayNanos();
        if (delay > 0)
        {
            housekeeping.schedule(() -> sendQuietly(conn, frame), delay, TimeUnit.NANOSECONDS);
        }
        else if (!sendQuietly(conn, frame))
        {
            return; // the connection closed between the check and the send; its onClose removes it
        }
        framesSent++;
        dropIfDue(conn, client);
    }

    /** Sends a frame; false when the connection has closed meanwhile. */
    private static boolean sendQuietly(final WebSocket conn, final Object frame)
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
    private void dropIfDue(final WebSocket conn, final MarketEndpoint.Client client)
    {
        final long afterFrames = faults.dropAfterFrames();
        if (afterFrames > 0 && client.framesSent >= afterFrames)
        {
            client.dropPending = true;
        }
    }

    private static final String[] SPOT_DEPTH = { "", "@100ms" };
    private static final String[] USDM_DEPTH = { "", "@100ms", "@500ms" };

    private void send(final WebSocket conn, final MarketEndpoint.Client client, final String stream, final String payload)
    {
        if (!client.streams.contains(stream) || !conn.isOpen() || client.dropPending)
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

    private void depth(final HttpExchange exchange, final Market market) throws IOException
    {
        try (exchange)
        {
            final String query = exchange.getRequestURI().getRawQuery();
            String symbol = null;
            int limit = market == Market.USDM ? 500 : 100;
            if (query != null)
            {
                for (final String pair : query.split("&"))
                {
                    if (pair.startsWith("symbol="))
                    {
                        symbol = pair.substring(7);
                    }
                    else if (pair.startsWith("limit="))
                    {
                        try
                        {
                            limit = Math.min(5000, Integer.parseInt(pair.substring(6)));
                        }
                        catch (final NumberFormatException e)
                        {
                            respond(exchange, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'.\"}");
                            return;
                        }
                    }
                }
            }
            final int failure = faults.takeRestError();
            if (failure != 0)
            {
                if (failure == 429 || failure == 418)
                {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                respond(exchange, failure, "{\"code\":-1003,\"msg\":\"Simulated failure (HTTP " + failure + ").\"}");
                return;
            }
            if (symbol == null)
            {
                respond(exchange, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}");
                return;
            }
            String body = null;
            synchronized (lock)
            {
                for (final SymbolModel m : models.get(market))
                {
                    if (m.symbol.equalsIgnoreCase(symbol))
                    {
                        body = Payloads.depthSnapshot(m, limit, startMillis + ticks);
                    }
                }
            }
            if (body == null)
            {
                respond(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                return;
            }
            respond(exchange, 200, body);
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        housekeeping.shutdownNow();
        LockSupport.unpark(ticker);
        try
        {
            ticker.join(5_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        rest.stop(0);
        stopEndpoints();
    }

    private void stopEndpoints()
    {
        for (final MarketEndpoint endpoint : endpoints.values())
        {
            try
            {
                endpoint.stop(1_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
