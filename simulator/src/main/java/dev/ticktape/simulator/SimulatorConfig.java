package dev.ticktape.simulator;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import dev.ticktape.core.Market;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a {@link Simulator} runs: where it binds, which symbols it models, its seed and its pace.
 * Fluent setters; validated once by {@link Simulator#start}.
 */
public final class SimulatorConfig
{
    private String host = "127.0.0.1";
    private int port;
    private List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
    /** The spot and futures symbol counts of {@link #marketScale}, 0 without. */
    private int scaleSpot;
    private int scaleFutures;
    private long seed = 1;
    private double ticksPerSecond = 100;
    private boolean binanceSpeeds = true;
    private java.time.Duration listenKeyValidity = java.time.Duration.ofMinutes(60);
    private long startMillis = -1;
    private Duration pingInterval;
    private Duration pongTimeout;
    private Duration maxLifetime = Duration.ofHours(24);
    private int messagesPerSecond;
    private String apiKey;

    /** @param host the address to bind, loopback by default. @return this. */
    public SimulatorConfig host(final String host)
    {
        this.host = host;
        return this;
    }

    /** @param port the first port (the markets and REST take it and the next ones), 0 for ephemeral ports. @return this. */
    public SimulatorConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @param symbols the symbols to model on every market, in any case. @return this. */
    public SimulatorConfig symbols(final List<String> symbols)
    {
        this.symbols = List.copyOf(symbols);
        this.scaleSpot = 0;
        this.scaleFutures = 0;
        return this;
    }

    /**
     * Models a whole market ({@code --market-scale}): {@code spot} spot symbols (the majors, then
     * generated ones quoted in USDT and some in BTC, USDC, FDUSD, ETH, TRY) and {@code futures}
     * USDⓈ-M contracts (USDT and USDC perpetuals, the majors' quarterlies), with a realistic spread
     * of activity: the first symbols have a book event at almost every step, the long tail at one
     * step in hundreds. Replaces {@link #symbols}.
     *
     * @param spot    spot symbols (spot's SBE streams serve the same), at least 1.
     * @param futures USDⓈ-M contracts, at least 1.
     * @return this.
     */
    public SimulatorConfig marketScale(final int spot, final int futures)
    {
        if (spot < 1 || futures < 1 || spot > MAX_MARKET_SYMBOLS || futures > MAX_MARKET_SYMBOLS)
        {
            throw new TicktapeException(ErrorCode.USAGE,
                "a market scale takes 1 to " + MAX_MARKET_SYMBOLS + " spot and futures symbols: " + spot + "," + futures);
        }
        this.scaleSpot = spot;
        this.scaleFutures = futures;
        return this;
    }

    /**
     * The symbols {@link #marketScale} models on a market, busiest first (the quarterlies' names
     * count their quarters from today).
     *
     * @param market {@link Market#SPOT} (spot's SBE streams serve the same) or {@link Market#USDM}.
     * @param count  how many.
     * @param seed   the seed.
     * @return the symbols.
     */
    public static List<String> marketSymbols(final Market market, final int count, final long seed)
    {
        return MarketUniverse.symbols(market, count, seed, MarketUniverse.day(System.currentTimeMillis()));
    }

    /** The most symbols {@link #marketScale} models on a market. */
    public static final int MAX_MARKET_SYMBOLS = 20_000;

    /** @param seed the seed: the same seed gives the same frames. @return this. */
    public SimulatorConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /**
     * Steps the model {@code ticksPerSecond} times a second (0: as fast as possible) and pushes every
     * subscribed stream at every step, for benchmarks and tests ({@code --rate}). Without it the
     * model steps 100 times a second and each stream pushes at Binance's documented update speed
     * (diff depth aggregated over its window, real-time streams at every step).
     *
     * @param ticksPerSecond model steps per second, 0 for as fast as possible.
     * @return this.
     */
    public SimulatorConfig ticksPerSecond(final double ticksPerSecond)
    {
        this.ticksPerSecond = ticksPerSecond;
        this.binanceSpeeds = false;
        return this;
    }

    /**
     * Steps the model {@code stepsPerSecond} times a second (100 by default) while every stream keeps
     * Binance's update speed ({@code --steps}): a step is {@code 1000 / stepsPerSecond} ms of event
     * time, so 1000 gives a real-time millisecond clock and a busy symbol an event each millisecond.
     * 0 steps as fast as possible, each step a millisecond of event time.
     *
     * @param stepsPerSecond model steps per second, 0 for as fast as possible.
     * @return this.
     */
    public SimulatorConfig stepsPerSecond(final double stepsPerSecond)
    {
        this.ticksPerSecond = stepsPerSecond;
        this.binanceSpeeds = true;
        return this;
    }

    /**
     * How long a listen key lives without a keep-alive (60 minutes on Binance).
     *
     * @param validity the validity.
     * @return this.
     */
    public SimulatorConfig listenKeyValidity(final java.time.Duration validity)
    {
        this.listenKeyValidity = validity;
        return this;
    }

    java.time.Duration listenKeyValidity()
    {
        return listenKeyValidity;
    }

    boolean binanceSpeeds()
    {
        return binanceSpeeds;
    }

    /** @param startMillis event time of the first step (epoch ms), -1 for the wall clock at start. @return this. */
    public SimulatorConfig startMillis(final long startMillis)
    {
        this.startMillis = startMillis;
        return this;
    }

    /**
     * @param pingInterval how often the server pings each connection; by default Binance's (spot 20 s, futures 3 min).
     * @return this.
     */
    public SimulatorConfig pingInterval(final Duration pingInterval)
    {
        this.pingInterval = pingInterval;
        return this;
    }

    /**
     * @param pongTimeout how long a ping may go unanswered before the connection is closed; by default
     *                    Binance's (spot 1 min, futures 10 min).
     * @return this.
     */
    public SimulatorConfig pongTimeout(final Duration pongTimeout)
    {
        this.pongTimeout = pongTimeout;
        return this;
    }

    /** @param maxLifetime how long a connection may live (24 h by default, as Binance's). @return this. */
    public SimulatorConfig maxLifetime(final Duration maxLifetime)
    {
        this.maxLifetime = maxLifetime;
        return this;
    }

    Duration pingInterval(final Market market)
    {
        return pingInterval != null ? pingInterval : market == Market.USDM ? Duration.ofMinutes(3) : Duration.ofSeconds(20);
    }

    Duration pongTimeout(final Market market)
    {
        return pongTimeout != null ? pongTimeout : market == Market.USDM ? Duration.ofMinutes(10) : Duration.ofMinutes(1);
    }

    Duration maxLifetime()
    {
        return maxLifetime;
    }

    /**
     * @param messagesPerSecond incoming messages (pings, pongs, control messages) a connection may send per
     *                          second before it is closed; 0 (the default) for Binance's limits (spot 5, futures 10).
     * @return this.
     */
    public SimulatorConfig messagesPerSecond(final int messagesPerSecond)
    {
        this.messagesPerSecond = messagesPerSecond;
        return this;
    }

    /**
     * @param apiKey the only API key SBE upgrades are accepted with (answered 401 otherwise); null (the
     *               default) accepts any non-empty key.
     * @return this.
     */
    public SimulatorConfig apiKey(final String apiKey)
    {
        this.apiKey = apiKey;
        return this;
    }

    /** @return whether an SBE upgrade with this {@code X-MBX-APIKEY} value is accepted. */
    boolean accepts(final String key)
    {
        return key != null && !key.isBlank() && (apiKey == null || apiKey.equals(key));
    }

    int messagesPerSecond(final Market market)
    {
        return messagesPerSecond > 0 ? messagesPerSecond : market == Market.USDM ? 10 : 5;
    }

    String host()
    {
        return host;
    }

    int port()
    {
        return port;
    }

    /** @return the symbols modelled on a market, busiest first at market scale. */
    List<String> symbols(final Market market)
    {
        if (!marketScale())
        {
            return symbols;
        }
        // generated from the seed, and the quarterlies from the day the model's clock starts
        final long millis = startMillis >= 0 ? startMillis : System.currentTimeMillis();
        return MarketUniverse.symbols(market, market == Market.USDM ? scaleFutures : scaleSpot, seed, MarketUniverse.day(millis));
    }

    /** @return whether symbols have a spread of activity ({@link #marketScale}) rather than an event at every step. */
    boolean marketScale()
    {
        return scaleSpot > 0;
    }

    long seed()
    {
        return seed;
    }

    double ticksPerSecond()
    {
        return ticksPerSecond;
    }

    long startMillis()
    {
        return startMillis;
    }

    void validate()
    {
        if (symbols.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "the simulator needs at least one symbol");
        }
        for (final String s : symbols)
        {
            if (!s.toUpperCase(Locale.ROOT).matches("[A-Z0-9]{2,20}"))
            {
                throw new TicktapeException(ErrorCode.USAGE, "not a symbol: '" + s + "'");
            }
        }
        if (ticksPerSecond < 0 || Double.isNaN(ticksPerSecond))
        {
            throw new TicktapeException(ErrorCode.USAGE, "steps per second must be 0 (as fast as possible) or more");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero() || (pingInterval != null && pingInterval.isNegative())
            || (pongTimeout != null && pongTimeout.isNegative()))
        {
            throw new TicktapeException(ErrorCode.USAGE, "lifetimes and ping intervals must be positive");
        }
        if (port < 0 || port > 65532)
        {
            throw new TicktapeException(ErrorCode.USAGE, "port out of range: " + port);
        }
    }
}
