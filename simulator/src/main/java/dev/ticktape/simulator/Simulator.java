package dev.ticktape.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import org.java_websocket.WebSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

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
    /** Event time of the first step: the configured one, or the wall clock when the model thread starts. */
    private volatile long startMillis;
    private final Object lock = new Object();
    private final SbePayloads sbe = new SbePayloads();
    private final Faults faults = new Faults();
    /** Index of the next symbol listed while running (its model's seed), after the configured ones (guarded by lock). */
    private int listed = 1_000;
    /** Sends frames to the clients, with the faults that apply to a send (guarded by lock). */
    private final ClientSender sender;
    private final ListenKeys listenKeys;
    private volatile boolean running = true;
    /** The model's clock at this step and the one before, in milliseconds (guarded by lock). */
    private long eventMillis;
    private long previousEventMillis;
    private long ticks;

    private Simulator(final SimulatorConfig config) throws IOException, InterruptedException
    {
        config.validate();
        this.config = config;
        this.startMillis = config.startMillis() >= 0 ? config.startMillis() : System.currentTimeMillis();
        this.listenKeys = new ListenKeys(config.seed(), config.listenKeyValidity().toNanos());
        int port = config.port();
        HttpServer restServer = null;
        try
        {
            for (final Market market : new Market[] { Market.SPOT, Market.SPOT_SBE, Market.USDM })
            {
                final List<SymbolModel> symbols = new ArrayList<>();
                for (int i = 0; i < config.symbols().size(); i++)
                {
                    // spot SBE streams are the spot book's, with its ids: the SBE model mirrors the spot one
                    symbols.add(market == Market.SPOT_SBE ? SymbolModel.sbeMirror(models.get(Market.SPOT).get(i), config.seed(), i)
                        : new SymbolModel(config.symbols().get(i), market, config.seed(), i));
                }
                models.put(market, symbols);
                final MarketEndpoint endpoint = new MarketEndpoint(market,
                    new InetSocketAddress(config.host(), port == 0 ? 0 : port++), config, faults, listenKeys);
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
        new SimulatorRest(new SimulatorRest.Books()
        {
            @Override
            public String depthSnapshot(final Market market, final String symbol, final int limit)
            {
                return Simulator.this.depthSnapshot(market, symbol, limit);
            }

            @Override
            public String exchangeInfo(final Market market)
            {
                synchronized (lock)
                {
                    return Payloads.exchangeInfo(market, models.get(market), eventMillis);
                }
            }
        }, listenKeys, faults).serveOn(rest);
        rest.start();
        // A delayed send scheduled while the simulator stops is dropped, not thrown into the tick thread.
        housekeeping = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "ticktape-simulator-keepalive");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
        housekeeping.scheduleAtFixedRate(() ->
        {
            final long now = System.nanoTime();
            endpoints.values().forEach(e -> e.housekeeping(now, faults));
        }, 100, 100, TimeUnit.MILLISECONDS);
        sender = new ClientSender(faults, housekeeping);
        ticker = new Thread(this::run, "ticktape-simulator");
        ticker.setDaemon(true);
        ticker.start();
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

    /**
     * Lists a symbol on a market from the next step on: its streams push and the market's exchange
     * information names it. Spot's SBE streams are a view of spot's books: a symbol listed on
     * either is listed on both. A symbol listed already is left as it is.
     *
     * @param market the market.
     * @param symbol the symbol, in any case.
     */
    public void list(final Market market, final String symbol)
    {
        final String name = symbol.toUpperCase(java.util.Locale.ROOT);
        final Market owner = market == Market.SPOT_SBE ? Market.SPOT : market;
        synchronized (lock)
        {
            final List<SymbolModel> symbols = models.get(owner);
            if (symbols.stream().anyMatch(m -> m.symbol.equals(name)))
            {
                return;
            }
            final int index = listed++;
            final SymbolModel model = new SymbolModel(name, owner, config.seed(), index);
            symbols.add(model);
            if (owner == Market.SPOT)
            {
                models.get(Market.SPOT_SBE).add(SymbolModel.sbeMirror(model, config.seed(), index));
            }
        }
    }

    /**
     * Delists a symbol from the next step on: its streams stop and the market's exchange
     * information no longer names it (on spot and its SBE streams alike).
     *
     * @param market the market.
     * @param symbol the symbol, in any case.
     */
    public void delist(final Market market, final String symbol)
    {
        final String name = symbol.toUpperCase(java.util.Locale.ROOT);
        final Market owner = market == Market.SPOT_SBE ? Market.SPOT : market;
        synchronized (lock)
        {
            models.get(owner).removeIf(m -> m.symbol.equals(name));
            if (owner == Market.SPOT)
            {
                models.get(Market.SPOT_SBE).removeIf(m -> m.symbol.equals(name));
            }
        }
    }

    /** @return frames pushed to clients so far. */
    public long framesSent()
    {
        synchronized (lock)
        {
            return sender.framesSent();
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
        if (config.startMillis() < 0)
        {
            // The wall clock as the steps begin, not as the constructor began: starting the endpoints takes a few
            // hundred milliseconds, by which every event time would otherwise lag the wall clock.
            synchronized (lock)
            {
                startMillis = System.currentTimeMillis();
            }
        }
        while (running)
        {
            synchronized (lock)
            {
                previousEventMillis = eventMillis;
                eventMillis = startMillis + (intervalNanos > 0 ? ticks * intervalNanos / 1_000_000L : ticks);
                if (faults.takeDropAllNow())
                {
                    endpoints.values().forEach(e -> e.clients().keySet().forEach(c -> c.closeConnection(1006, "dropped")));
                }
                for (final Map.Entry<Market, List<SymbolModel>> e : models.entrySet())
                {
                    final MarketEndpoint endpoint = endpoints.get(e.getKey());
                    for (final SymbolModel m : e.getValue())
                    {
                        m.step();
                        m.updateStatistics(eventMillis);
                        publish(endpoint, m);
                    }
                    if (e.getKey() != Market.SPOT_SBE)
                    {
                        publishArrays(endpoint, e.getValue());
                        publishUserData(endpoint);
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

    /**
     * Whether a stream with Binance's update speed {@code periodMillis} pushes at this step: at every
     * step for real-time streams (0) and when every step pushes everything ({@code --rate}); else
     * when the model's clock crosses a multiple of the period.
     */
    private boolean due(final long periodMillis)
    {
        return !config.binanceSpeeds() || periodMillis == 0
            || Math.floorDiv(previousEventMillis, periodMillis) != Math.floorDiv(eventMillis, periodMillis);
    }

    /** A payload built at most once per step and time unit, only if some client wants it. */
    private final class Payload
    {
        private final Function<Payloads.Stamp, String> build;
        private final String[] built = new String[2];

        Payload(final Function<Payloads.Stamp, String> build)
        {
            this.build = build;
        }

        String get(final int timeScale)
        {
            final int i = timeScale == 1 ? 0 : 1;
            if (built[i] == null)
            {
                built[i] = build.apply(new Payloads.Stamp(eventMillis, timeScale));
            }
            return built[i];
        }
    }

    /** Where a futures stream is served: {@code /public}, {@code /market}; spot streams have no route. */
    private enum Route
    {
        PUBLIC, MARKET, NONE
    }

    /** One stream of one symbol at this step: its name, route and payload (null: nothing to push now). */
    private record Push(String stream, Route route, Payload payload)
    {
    }

    private void publish(final MarketEndpoint endpoint, final SymbolModel m)
    {
        final boolean withheld = faults.gapEvery() > 0 && ++m.events % faults.gapEvery() == 0;
        final List<Push> pushes = new ArrayList<>();
        final List<DepthWindow> closing = new ArrayList<>();
        for (final Map.Entry<String, DepthWindow> e : m.depthWindows.entrySet())
        {
            final DepthWindow w = e.getValue();
            if (withheld)
            {
                w.withhold(m);
            }
            else
            {
                w.add(m);
            }
            if (due(w.periodMillis))
            {
                closing.add(w);
                if (w.hasChanges())
                {
                    pushes.add(m.market == Market.SPOT_SBE ? null : new Push(m.lowerSymbol + e.getKey(), Route.PUBLIC,
                        new Payload(t -> Payloads.depthUpdate(m, w, t))));
                }
            }
        }
        pushes.removeIf(java.util.Objects::isNull);
        if (m.market == Market.SPOT_SBE)
        {
            publishSbe(endpoint.clients(), m, closing);
        }
        else
        {
            symbolStreams(m, pushes);
            deliver(endpoint, pushes);
        }
        closing.forEach(DepthWindow::pushed);
    }

    /** Every per-symbol JSON stream but diff depth that pushes at this step, at Binance's update speeds. */
    private void symbolStreams(final SymbolModel m, final List<Push> pushes)
    {
        final boolean futures = m.market == Market.USDM;
        final String s = m.lowerSymbol;
        final Route book = futures ? Route.PUBLIC : Route.NONE;
        final Route market = futures ? Route.MARKET : Route.NONE;
        if (m.traded)
        {
            if (!futures)
            {
                pushes.add(new Push(s + "@trade", Route.NONE, new Payload(t -> Payloads.trade(m, t))));
            }
            pushes.add(new Push(s + "@aggTrade", market, new Payload(t -> Payloads.aggTrade(m, t))));
        }
        if (m.blockTraded && !futures)
        {
            pushes.add(new Push(s + "@blockTrade", Route.NONE, new Payload(t -> Payloads.blockTrade(m, t))));
        }
        if (m.topChanged)
        {
            pushes.add(new Push(s + "@bookTicker", book, new Payload(t -> Payloads.bookTicker(m, t))));
        }
        final String[] speeds = futures ? USDM_DEPTH : SPOT_DEPTH;
        for (final int levels : PARTIAL_LEVELS)
        {
            for (final String speed : speeds)
            {
                if (due(depthPeriod(m.market, speed)))
                {
                    pushes.add(new Push(s + "@depth" + levels + speed, book, new Payload(t -> Payloads.partialDepth(m, levels, t))));
                }
            }
        }
        if (due(futures ? 250 : 2000))
        {
            pushes.add(new Push(s + "@kline_1m", market, new Payload(t -> Payloads.kline(m, t))));
            pushes.add(new Push(futures ? s + "_perpetual@continuousKline_1m" : s + "@kline_1m@+08:00", market,
                new Payload(t -> futures ? Payloads.continuousKline(m, t) : Payloads.kline(m, t))));
        }
        if (due(futures ? 2000 : 1000))
        {
            pushes.add(new Push(s + "@miniTicker", market, new Payload(t -> Payloads.miniTicker(m, t))));
            pushes.add(new Push(s + "@ticker", market, new Payload(t -> Payloads.ticker(m, t, startMillis))));
        }
        if (futures)
        {
            if (due(3000))
            {
                pushes.add(new Push(s + "@markPrice", market, new Payload(t -> Payloads.markPrice(m, t))));
            }
            if (due(1000))
            {
                pushes.add(new Push(s + "@markPrice@1s", market, new Payload(t -> Payloads.markPrice(m, t))));
            }
            if (due(1000) && m.tradeId != m.forceOrderTradeId)
            {
                // At most one liquidation per symbol and second, as Binance pushes the largest only.
                m.forceOrderTradeId = m.tradeId;
                m.forceOrderDue = true;
                pushes.add(new Push(s + "@forceOrder", market, new Payload(t -> Payloads.forceOrder(m, t))));
            }
            else
            {
                m.forceOrderDue = false;
            }
            if (m.topChanged && due(5000))
            {
                pushes.add(new Push("!bookTicker", Route.PUBLIC, new Payload(t -> Payloads.bookTicker(m, t))));
            }
        }
        else if (due(1000))
        {
            pushes.add(new Push(s + "@avgPrice", Route.NONE, new Payload(t -> Payloads.avgPrice(m, t))));
            pushes.add(new Push(s + "@referencePrice", Route.NONE, new Payload(t -> Payloads.referencePrice(m, t))));
            for (final String window : WINDOWS)
            {
                pushes.add(new Push(s + "@ticker_" + window, Route.NONE,
                    new Payload(t -> Payloads.rollingTicker(m, t, window, startMillis))));
            }
        }
    }

    /** Binance's update speed of a diff or partial depth stream. */
    static long depthPeriod(final Market market, final String speed)
    {
        return switch (speed)
        {
            case "@100ms" -> 100;
            case "@500ms" -> 500;
            default -> market == Market.USDM ? 250 : 1000;
        };
    }

    /** Sends each push to the clients subscribed to it on a route that serves it. */
    private void deliver(final MarketEndpoint endpoint, final List<Push> pushes)
    {
        final Map<WebSocket, MarketEndpoint.Client> clients = endpoint.clients();
        if (clients.isEmpty() || pushes.isEmpty() || faults.stalled(System.nanoTime()))
        {
            return;
        }
        for (final Map.Entry<WebSocket, MarketEndpoint.Client> entry : clients.entrySet())
        {
            final MarketEndpoint.Client client = entry.getValue();
            for (final Push push : pushes)
            {
                if (serves(client, push.route) && client.streams.contains(push.stream))
                {
                    sender.text(entry.getKey(), client, push.stream, push.payload.get(client.timeScale));
                }
            }
        }
    }

    /** Unrouted futures connections get {@code /public} streams only; {@code /market} and {@code /public} their own. */
    private static boolean serves(final MarketEndpoint.Client client, final Route route)
    {
        return switch (client.route)
        {
            case "public" -> route == Route.PUBLIC;
            case "market" -> route == Route.MARKET;
            case "private" -> false;
            default -> true;
        };
    }

    private static final int[] PARTIAL_LEVELS = { 5, 10, 20 };
    private static final String[] WINDOWS = { "1h", "4h", "1d" };

    /** The all-market streams ({@code !miniTicker@arr}, futures {@code !markPrice@arr}, ...): every symbol, once per push. */
    private void publishArrays(final MarketEndpoint endpoint, final List<SymbolModel> symbols)
    {
        final boolean futures = endpoint.market() == Market.USDM;
        final Route market = futures ? Route.MARKET : Route.NONE;
        final List<Push> pushes = new ArrayList<>();
        if (due(1000))
        {
            pushes.add(new Push("!miniTicker@arr", market, new Payload(t -> array(symbols, m -> Payloads.miniTicker(m, t)))));
            pushes.add(new Push("!ticker@arr", market, new Payload(t -> array(symbols, m -> Payloads.ticker(m, t, startMillis)))));
        }
        if (!futures)
        {
            if (due(1000))
            {
                for (final String window : WINDOWS)
                {
                    pushes.add(new Push("!ticker_" + window + "@arr", Route.NONE,
                        new Payload(t -> array(symbols, m -> Payloads.rollingTicker(m, t, window, startMillis)))));
                }
            }
            deliver(endpoint, pushes);
            return;
        }
        for (final SymbolModel m : symbols)
        {
            if (m.forceOrderDue)
            {
                // !forceOrder@arr sends single objects, not arrays
                pushes.add(new Push("!forceOrder@arr", market, new Payload(t -> Payloads.forceOrder(m, t))));
            }
        }
        if (due(1000))
        {
            pushes.add(new Push("!assetIndex@arr", market, new Payload(t -> array(symbols, m -> Payloads.assetIndex(m, t)))));
            for (final SymbolModel m : symbols)
            {
                pushes.add(new Push(Payloads.assetSymbol(m).toLowerCase(java.util.Locale.ROOT) + "@assetIndex", market,
                    new Payload(t -> Payloads.assetIndex(m, t))));
                pushes.add(new Push(m.lowerSymbol + "@compositeIndex", market, new Payload(t -> Payloads.compositeIndex(m, symbols, t))));
            }
            pushes.add(new Push("tradingSession", market, new Payload(t -> Payloads.tradingSession(t, true))));
        }
        if (config.binanceSpeeds() ? due(10_000) : ticks % 10 == 0)
        {
            pushes.add(new Push("!contractInfo", market, new Payload(t -> Payloads.contractInfo(symbols.get(0), t))));
        }
        if (due(3000))
        {
            pushes.add(new Push("!markPrice@arr", market, new Payload(t -> array(symbols, m -> Payloads.markPrice(m, t)))));
        }
        if (due(1000))
        {
            pushes.add(new Push("!markPrice@arr@1s", market, new Payload(t -> array(symbols, m -> Payloads.markPrice(m, t)))));
        }
        deliver(endpoint, pushes);
    }

    /**
     * User-data streams: a few account events every second (every ten steps at {@code --rate}); a
     * connection whose listen key expired gets {@code listenKeyExpired} and is closed.
     */
    private void publishUserData(final MarketEndpoint endpoint)
    {
        if (!(config.binanceSpeeds() ? due(1000) : ticks % 10 == 0) || faults.stalled(System.nanoTime()))
        {
            return;
        }
        final long now = System.nanoTime();
        for (final Map.Entry<WebSocket, MarketEndpoint.Client> entry : endpoint.clients().entrySet())
        {
            final MarketEndpoint.Client client = entry.getValue();
            if (client.listenKey == null)
            {
                continue;
            }
            final Payloads.Stamp t = new Payloads.Stamp(eventMillis, client.timeScale);
            if (!listenKeys.valid(endpoint.market(), client.listenKey, now))
            {
                ClientSender.sendQuietly(entry.getKey(), Payloads.listenKeyExpired(client.listenKey, t));
                entry.getKey().close(1000, "listen key expired");
                continue;
            }
            for (final String event : Payloads.accountEvents(endpoint.market(), ++client.accountEvents, t))
            {
                sender.userData(entry.getKey(), client, event);
            }
        }
    }

    private static String array(final List<SymbolModel> symbols, final Function<SymbolModel, String> element)
    {
        final StringBuilder sb = new StringBuilder(symbols.size() * 200).append('[');
        for (int i = 0; i < symbols.size(); i++)
        {
            sb.append(i > 0 ? "," : "").append(element.apply(symbols.get(i)));
        }
        return sb.append(']').toString();
    }

    /**
     * SBE streams carry bare binary messages (the combined wrapper does not apply), times in
     * microseconds: trades and bestBidAsk in real time, diff depth every 20 ms, depth20 every 50 ms.
     */
    private void publishSbe(final Map<WebSocket, MarketEndpoint.Client> clients, final SymbolModel m,
        final List<DepthWindow> closing)
    {
        if (clients.isEmpty() || faults.stalled(System.nanoTime()))
        {
            return;
        }
        final long eventMicros = eventMillis * 1000 + ticks % 1000;
        final DepthWindow window = m.depthWindows.get("@depth");
        final ByteBuffer depth = closing.contains(window) && window.hasChanges() ? sbe.depthDiff(m, window, eventMicros) : null;
        final ByteBuffer depth20 = due(50) ? sbe.depth20(m, eventMicros) : null;
        final ByteBuffer trade = m.traded ? sbe.trade(m, eventMicros) : null;
        final ByteBuffer bestBidAsk = m.topChanged ? sbe.bestBidAsk(m, eventMicros) : null;
        for (final Map.Entry<WebSocket, MarketEndpoint.Client> entry : clients.entrySet())
        {
            if (depth != null)
            {
                sender.binary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@depth", depth);
            }
            if (depth20 != null)
            {
                sender.binary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@depth20", depth20);
            }
            if (trade != null)
            {
                sender.binary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@trade", trade);
            }
            if (bestBidAsk != null)
            {
                sender.binary(entry.getKey(), entry.getValue(), m.lowerSymbol + "@bestBidAsk", bestBidAsk);
            }
        }
    }

    private static final String[] SPOT_DEPTH = { "", "@100ms" };
    private static final String[] USDM_DEPTH = { "", "@100ms", "@500ms" };

    /** The REST depth snapshot of a symbol's book now, or null for a symbol the market does not have. */
    private String depthSnapshot(final Market market, final String symbol, final int limit)
    {
        String body = null;
        synchronized (lock)
        {
            for (final SymbolModel m : models.get(market))
            {
                if (m.symbol.equalsIgnoreCase(symbol))
                {
                    body = Payloads.depthSnapshot(m, limit, Payloads.Stamp.millis(eventMillis));
                    if (faults.takeStaleSnapshot())
                    {
                        // 1000 updates older than the book: the levels do not matter, the id tells it is stale
                        body = body.replaceFirst("\"lastUpdateId\":\\d+", "\"lastUpdateId\":" + Math.max(1, m.lastUpdateId - 1000));
                    }
                }
            }
        }
        return body;
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
