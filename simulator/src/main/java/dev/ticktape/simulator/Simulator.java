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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
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
    /** Spot's and futures' symbols by the step of their next event (spot SBE models step with their spot ones). */
    private final Map<Market, StepSchedule> schedules = new EnumMap<>(Market.class);
    /** Each market's symbols with a step in a diff-depth window, whose windows close as their periods end. */
    private final Map<Market, List<SymbolModel>> openWindows = new EnumMap<>(Market.class);
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
    /** Whether the stall fault holds every push back at this step (guarded by lock). */
    private boolean stalled;

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
                final List<String> names = config.symbols(market);
                for (int i = 0; i < names.size(); i++)
                {
                    // spot SBE streams are the spot book's, with its ids: the SBE model mirrors the spot one
                    final SymbolModel model = market == Market.SPOT_SBE
                        ? SymbolModel.sbeMirror(models.get(Market.SPOT).get(i), config.seed(), i)
                        : new SymbolModel(names.get(i), market, config.seed(), i);
                    if (config.marketScale() && market != Market.SPOT_SBE)
                    {
                        model.activity(MarketUniverse.activity(i));
                    }
                    symbols.add(model);
                }
                models.put(market, symbols);
                openWindows.put(market, new ArrayList<>());
                if (market != Market.SPOT_SBE)
                {
                    final StepSchedule schedule = new StepSchedule();
                    symbols.forEach(schedule::add);
                    schedules.put(market, schedule);
                }
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
     * information names it; on futures, {@code !contractInfo} announces it (status TRADING). Spot's SBE streams are a view of spot's books: a symbol listed on
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
            model.onboardMillis = eventMillis;
            symbols.add(model);
            schedules.get(owner).add(model);
            if (owner == Market.SPOT)
            {
                models.get(Market.SPOT_SBE).add(SymbolModel.sbeMirror(model, config.seed(), index));
            }
            else
            {
                // futures announce a listing on !contractInfo (spot pushes nothing: clients poll exchange information)
                push(endpoints.get(owner), "!contractInfo", Route.MARKET,
                    t -> Payloads.contractInfo(model, t, "TRADING", MarketUniverse.deliveryMillis(model.symbol)));
                sender.flush();
            }
        }
    }

    /**
     * Delists a symbol from the next step on: its streams stop and the market's exchange
     * information no longer names it (on spot and its SBE streams alike); on futures,
     * {@code !contractInfo} announces it first (status SETTLING, delivery now).
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
            if (owner == Market.USDM)
            {
                // the contract settles now: its delivery time moves to now, as Binance moves a delisted perpetual's
                models.get(owner).stream().filter(m -> m.symbol.equals(name)).forEach(m -> push(endpoints.get(owner), "!contractInfo",
                    Route.MARKET, t -> Payloads.contractInfo(m, t, "SETTLING", eventMillis)));
                sender.flush();
            }
            for (final SymbolModel m : models.get(owner))
            {
                if (m.symbol.equals(name))
                {
                    schedules.get(owner).remove(m);
                }
            }
            for (final Market side : owner == Market.SPOT ? new Market[] { Market.SPOT, Market.SPOT_SBE } : new Market[] { owner })
            {
                models.get(side).removeIf(m -> m.symbol.equals(name));
                openWindows.get(side).removeIf(m -> m.symbol.equals(name));
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
                stalled = faults.stalled(System.nanoTime());
                if (faults.takeDropAllNow())
                {
                    endpoints.values().forEach(e -> e.clients().keySet().forEach(c -> c.closeConnection(1006, "dropped")));
                }
                for (final Market market : new Market[] { Market.SPOT, Market.USDM })
                {
                    step(market);
                }
                ticks++;
                sender.flush();
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

    /** Where a futures stream is served: {@code /public}, {@code /market}; spot streams have no route. */
    private enum Route
    {
        PUBLIC, MARKET, NONE
    }

    /**
     * Sends a symbol stream's frame of this step to the stream's subscribers on a route that
     * serves it. The payload is built only when someone gets it, at most once per time unit; the
     * builder is a method of {@link Payloads}, so that asking for a stream nobody wants costs a
     * lookup and nothing else.
     */
    private void push(final MarketEndpoint endpoint, final String stream, final Route route, final SymbolModel m,
        final BiFunction<SymbolModel, Payloads.Stamp, String> build)
    {
        final MarketEndpoint.Client[] subscribers = endpoint.subscribers(stream);
        if (subscribers.length > 0 && !stalled)
        {
            send(subscribers, stream, route, t -> build.apply(m, t));
        }
    }

    /** {@link #push} of a stream whose payload needs more than the symbol (built only for subscribers too). */
    private void push(final MarketEndpoint endpoint, final String stream, final Route route,
        final Function<Payloads.Stamp, String> build)
    {
        final MarketEndpoint.Client[] subscribers = endpoint.subscribers(stream);
        if (subscribers.length > 0 && !stalled)
        {
            send(subscribers, stream, route, build);
        }
    }

    /** @return whether anyone is subscribed to the stream (and the feed is not stalled). */
    private boolean wanted(final MarketEndpoint endpoint, final String stream)
    {
        return !stalled && endpoint.subscribers(stream).length > 0;
    }

    private void send(final MarketEndpoint.Client[] subscribers, final String stream, final Route route,
        final Function<Payloads.Stamp, String> build)
    {
        String millis = null;
        String micros = null;
        for (final MarketEndpoint.Client client : subscribers)
        {
            if (!serves(client, route))
            {
                continue;
            }
            final String payload;
            if (client.timeScale == 1)
            {
                payload = millis != null ? millis : (millis = build.apply(new Payloads.Stamp(eventMillis, 1)));
            }
            else
            {
                payload = micros != null ? micros : (micros = build.apply(new Payloads.Stamp(eventMillis, client.timeScale)));
            }
            sender.text(client, stream, payload);
        }
    }

    /**
     * One step of a market: its symbols with an event now step and push their diff-depth windows
     * that close and their real-time streams (a spot symbol's SBE mirror right after it); the
     * windows of quiet symbols that close now are pushed; at the update periods of the other
     * streams, every symbol pushes those; then the all-market arrays and user data.
     */
    private void step(final Market market)
    {
        final MarketEndpoint endpoint = endpoints.get(market);
        final MarketEndpoint sbeEndpoint = market == Market.SPOT ? endpoints.get(Market.SPOT_SBE) : null;
        final StepSchedule schedule = schedules.get(market);
        final List<SymbolModel> open = openWindows.get(market);
        for (final SymbolModel m : schedule.due(ticks))
        {
            m.step(ticks);
            m.updateStatistics(eventMillis);
            event(endpoint, m, open);
            if (m.mirror != null)
            {
                m.mirror.step(ticks);
                event(sbeEndpoint, m.mirror, openWindows.get(Market.SPOT_SBE));
            }
        }
        schedule.stepped();
        closeWindows(endpoint, open, 100);
        final List<SymbolModel> symbols = models.get(market);
        if (due(100) || due(250))
        {
            for (final SymbolModel m : symbols)
            {
                m.rollMinute(eventMillis);
                periodic(endpoint, m);
            }
        }
        if (sbeEndpoint != null)
        {
            closeWindows(sbeEndpoint, openWindows.get(Market.SPOT_SBE), 20);
            if (due(50) && !stalled)
            {
                final long eventMicros = sbeMicros();
                for (final SymbolModel m : models.get(Market.SPOT_SBE))
                {
                    sendSbe(sbeEndpoint, m.streams.depth20, () -> sbe.depth20(m, eventMicros));
                }
            }
        }
        publishArrays(endpoint, symbols);
        publishUserData(endpoint);
    }

    /** A symbol's event: its changes go to its diff-depth windows, which push when they close; then its real-time streams. */
    private void event(final MarketEndpoint endpoint, final SymbolModel m, final List<SymbolModel> open)
    {
        final boolean withheld = faults.gapEvery() > 0 && ++m.events % faults.gapEvery() == 0;
        for (final DepthWindow w : m.windows())
        {
            if (withheld)
            {
                w.withhold(m);
            }
            else
            {
                w.add(m, endpoint.subscribers(w.stream).length > 0);
            }
        }
        if (!m.open)
        {
            m.open = true;
            open.add(m);
        }
        closeWindows(endpoint, m);
        if (m.market == Market.SPOT_SBE)
        {
            sbeEvent(endpoint, m);
        }
        else
        {
            realTime(endpoint, m);
        }
    }

    /** Pushes and closes the symbol's windows whose period ends at this step; @return whether one still holds a step. */
    private boolean closeWindows(final MarketEndpoint endpoint, final SymbolModel m)
    {
        boolean holding = false;
        for (final DepthWindow w : m.windows())
        {
            if (!w.holdsSteps())
            {
                continue;
            }
            if (!due(w.periodMillis))
            {
                holding = true;
                continue;
            }
            if (w.hasChanges())
            {
                if (m.market == Market.SPOT_SBE)
                {
                    if (!stalled)
                    {
                        final long eventMicros = sbeMicros();
                        sendSbe(endpoint, w.stream, () -> sbe.depthDiff(m, w, eventMicros));
                    }
                }
                else
                {
                    push(endpoint, w.stream, Route.PUBLIC, t -> Payloads.depthUpdate(m, w, t));
                }
            }
            w.pushed();
        }
        return holding;
    }

    /**
     * Closes the windows of every symbol with a step in one, when a window period may end at this
     * step: a multiple of the market's shortest, {@code shortestMillis}, or of futures' 250 ms (the
     * other periods are multiples of one of them); symbols left with none leave the list.
     */
    private void closeWindows(final MarketEndpoint endpoint, final List<SymbolModel> open, final long shortestMillis)
    {
        if (!due(shortestMillis) && !due(250))
        {
            return;
        }
        int kept = 0;
        for (int i = 0; i < open.size(); i++)
        {
            final SymbolModel m = open.get(i);
            if (closeWindows(endpoint, m))
            {
                open.set(kept++, m);
            }
            else
            {
                m.open = false;
            }
        }
        open.subList(kept, open.size()).clear();
    }

    /** SBE's event time: microseconds, the step's count below the millisecond so that events differ. */
    private long sbeMicros()
    {
        return eventMillis * 1000 + ticks % 1000;
    }

    /** A symbol's real-time JSON streams at its event: trades and the book ticker. */
    private void realTime(final MarketEndpoint endpoint, final SymbolModel m)
    {
        final boolean futures = m.market == Market.USDM;
        final SymbolStreams s = m.streams;
        final Route market = futures ? Route.MARKET : Route.NONE;
        if (m.traded)
        {
            if (!futures)
            {
                push(endpoint, s.trade, Route.NONE, m, Payloads::trade);
            }
            push(endpoint, s.aggTrade, market, m, Payloads::aggTrade);
        }
        if (m.blockTraded && !futures)
        {
            push(endpoint, s.blockTrade, Route.NONE, m, Payloads::blockTrade);
        }
        if (m.topChanged)
        {
            push(endpoint, s.bookTicker, futures ? Route.PUBLIC : Route.NONE, m, Payloads::bookTicker);
            if (futures && due(5000))
            {
                push(endpoint, "!bookTicker", Route.PUBLIC, m, Payloads::bookTicker);
            }
        }
    }

    /** Every per-symbol JSON stream with an update period that pushes at this step, at Binance's update speeds. */
    private void periodic(final MarketEndpoint endpoint, final SymbolModel m)
    {
        final boolean futures = m.market == Market.USDM;
        final SymbolStreams s = m.streams;
        final Route book = futures ? Route.PUBLIC : Route.NONE;
        final Route market = futures ? Route.MARKET : Route.NONE;
        final String[] speeds = futures ? USDM_DEPTH : SPOT_DEPTH;
        for (int l = 0; l < PARTIAL_LEVELS.length; l++)
        {
            for (int v = 0; v < speeds.length; v++)
            {
                if (due(depthPeriod(m.market, speeds[v])) && wanted(endpoint, s.partialDepth[l][v]))
                {
                    final int levels = PARTIAL_LEVELS[l];
                    push(endpoint, s.partialDepth[l][v], book, t -> Payloads.partialDepth(m, levels, t));
                }
            }
        }
        if (due(futures ? 250 : 2000))
        {
            push(endpoint, s.kline, market, m, Payloads::kline);
            push(endpoint, s.otherKline, market, m, futures ? Payloads::continuousKline : Payloads::kline);
        }
        if (due(futures ? 2000 : 1000))
        {
            push(endpoint, s.miniTicker, market, m, Payloads::miniTicker);
            if (wanted(endpoint, s.ticker))
            {
                push(endpoint, s.ticker, market, t -> Payloads.ticker(m, t, startMillis));
            }
        }
        if (!futures)
        {
            if (due(1000))
            {
                push(endpoint, s.avgPrice, Route.NONE, m, Payloads::avgPrice);
                push(endpoint, s.referencePrice, Route.NONE, m, Payloads::referencePrice);
                for (int w = 0; w < WINDOWS.length; w++)
                {
                    if (wanted(endpoint, s.rollingTicker[w]))
                    {
                        final String window = WINDOWS[w];
                        push(endpoint, s.rollingTicker[w], Route.NONE, t -> Payloads.rollingTicker(m, t, window, startMillis));
                    }
                }
            }
            return;
        }
        if (due(3000))
        {
            push(endpoint, s.markPrice, market, m, Payloads::markPrice);
        }
        if (due(1000))
        {
            push(endpoint, s.markPrice1s, market, m, Payloads::markPrice);
            if (m.tradeId != m.forceOrderTradeId)
            {
                // At most one liquidation per symbol and second, as Binance pushes the largest only;
                // !forceOrder@arr sends the same single objects, not arrays.
                m.forceOrderTradeId = m.tradeId;
                push(endpoint, s.forceOrder, market, m, Payloads::forceOrder);
                push(endpoint, "!forceOrder@arr", market, m, Payloads::forceOrder);
            }
            push(endpoint, s.assetIndex, market, m, Payloads::assetIndex);
            if (wanted(endpoint, s.compositeIndex))
            {
                final List<SymbolModel> components = models.get(Market.USDM);
                push(endpoint, s.compositeIndex, market, t -> Payloads.compositeIndex(m, components, t));
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

    static final int[] PARTIAL_LEVELS = { 5, 10, 20 };
    static final String[] WINDOWS = { "1h", "4h", "1d" };

    /** The all-market streams ({@code !miniTicker@arr}, futures {@code !markPrice@arr}, ...): every symbol, once per push. */
    private void publishArrays(final MarketEndpoint endpoint, final List<SymbolModel> symbols)
    {
        final boolean futures = endpoint.market() == Market.USDM;
        final Route market = futures ? Route.MARKET : Route.NONE;
        if (due(1000))
        {
            push(endpoint, "!miniTicker@arr", market, t -> array(symbols, m -> Payloads.miniTicker(m, t)));
            push(endpoint, "!ticker@arr", market, t -> array(symbols, m -> Payloads.ticker(m, t, startMillis)));
        }
        if (!futures)
        {
            if (due(1000))
            {
                for (final String window : WINDOWS)
                {
                    push(endpoint, "!ticker_" + window + "@arr", Route.NONE,
                        t -> array(symbols, m -> Payloads.rollingTicker(m, t, window, startMillis)));
                }
            }
            return;
        }
        if (due(1000))
        {
            push(endpoint, "!assetIndex@arr", market, t -> array(symbols, m -> Payloads.assetIndex(m, t)));
            push(endpoint, "tradingSession", market, t -> Payloads.tradingSession(t, true));
        }
        if (config.binanceSpeeds() ? due(10_000) : ticks % 10 == 0)
        {
            // a bracket update of the first contract (listings and delistings push their own)
            if (!symbols.isEmpty())
            {
                push(endpoint, "!contractInfo", market, symbols.get(0), Payloads::contractInfo);
            }
        }
        if (due(3000))
        {
            push(endpoint, "!markPrice@arr", market, t -> array(symbols, m -> Payloads.markPrice(m, t)));
        }
        if (due(1000))
        {
            push(endpoint, "!markPrice@arr@1s", market, t -> array(symbols, m -> Payloads.markPrice(m, t)));
        }
    }

    /**
     * User-data streams: a few account events every second (every ten steps at {@code --rate}); a
     * connection whose listen key expired gets {@code listenKeyExpired} and is closed.
     */
    private void publishUserData(final MarketEndpoint endpoint)
    {
        if (!(config.binanceSpeeds() ? due(1000) : ticks % 10 == 0) || stalled)
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
                sender.flush(); // what the client was sent before goes out before the notice
                ClientSender.sendQuietly(entry.getKey(), Payloads.listenKeyExpired(client.listenKey, t));
                entry.getKey().close(1000, "listen key expired");
                continue;
            }
            for (final String event : Payloads.accountEvents(endpoint.market(), ++client.accountEvents, t))
            {
                sender.userData(client, event);
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
     * microseconds: trades and bestBidAsk in real time at the symbol's event (diff depth every 20 ms
     * and depth20 every 50 ms are pushed as their windows close).
     */
    private void sbeEvent(final MarketEndpoint endpoint, final SymbolModel m)
    {
        if (stalled)
        {
            return;
        }
        final long eventMicros = sbeMicros();
        if (m.traded)
        {
            sendSbe(endpoint, m.streams.trade, () -> sbe.trade(m, eventMicros));
        }
        if (m.topChanged)
        {
            sendSbe(endpoint, m.streams.bestBidAsk, () -> sbe.bestBidAsk(m, eventMicros));
        }
    }

    private void sendSbe(final MarketEndpoint endpoint, final String stream, final java.util.function.Supplier<ByteBuffer> build)
    {
        final MarketEndpoint.Client[] subscribers = endpoint.subscribers(stream);
        if (subscribers.length == 0)
        {
            return;
        }
        final ByteBuffer message = build.get();
        for (final MarketEndpoint.Client client : subscribers)
        {
            sender.binary(client, message);
        }
    }

    static final String[] SPOT_DEPTH = { "", "@100ms" };
    static final String[] USDM_DEPTH = { "", "@100ms", "@500ms" };

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
