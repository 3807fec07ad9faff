package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.recorder.Durations;
import dev.ticktape.simulator.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ticktape simulate}: a local Binance-compatible market-data server.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Run a local Binance-compatible market-data server (nothing here can reach Binance).",
    description = {
        "Prints one line per market it serves, the market name and the base URL that "
            + "'ticktape record --endpoint' takes (clients add /ws/..., /stream?..., and for usdm /public/... or "
            + "/market/...), then runs until stopped (Ctrl-C) or for --duration.",
        "Serves spot and usdm JSON streams (diff, partial and RPI depth, trade, aggTrade, blockTrade, bookTicker, "
            + "kline_1m, continuousKline, miniTicker, ticker, ticker_<w>, avgPrice, referencePrice, markPrice, forceOrder, "
            + "!contractInfo (listings and delistings too), tradingSession, compositeIndex, assetIndex and the @arr forms; timeUnit=MICROSECOND on spot), "
            + "spot SBE streams (trade, bestBidAsk, depth, depth20; an X-MBX-APIKEY header is required), user-data streams "
            + "(/ws/<listenKey>), the control messages, Binance's pings, message rate limits and 24 h lifetime.",
        "REST on the URL printed to stderr: depth snapshots (/api/v3/depth, /fapi/v1/depth, /fapi/v1/rpiDepth), exchange "
            + "information (/api/v3/exchangeInfo, /fapi/v1/exchangeInfo) and the listen-key calls (/api/v3/userDataStream, /fapi/v1/listenKey).",
        "Streams push at Binance's documented update speeds (diff depth aggregated per window) unless --rate is given.",
    },
    footer = { "", "Examples:", "  ticktape simulate --symbols btcusdt,ethusdt --seed 42 --rate 100",
        "  ticktape simulate --market-scale 2000,500 --steps 1000 --port 9000" })
final class SimulateCommand implements Callable<Integer>
{
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0",
        description = "First port: the markets and REST take it and the next ones; 0 for ephemeral ports (default).")
    int port;

    @Option(names = "--symbols", split = ",", defaultValue = "btcusdt,ethusdt",
        description = "Symbols to model (default: ${DEFAULT-VALUE}).")
    List<String> symbols;

    @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same frames (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--market-scale", paramLabel = "SPOT,FUTURES",
        description = "Model a whole market instead of --symbols: this many spot symbols (BTCUSDT, ETHUSDT, ... then generated "
            + "ones, quoted in USDT and some in BTC, USDC, FDUSD, ETH, TRY) and usdm contracts (USDT and USDC perpetuals, the "
            + "majors' quarterlies), a few busy and a long quiet tail. Example: 2000,500.")
    String marketScale;

    @Option(names = "--rate",
        description = "Book events per second per symbol, each pushed on every subscribed stream, or 'max' for as fast as "
            + "possible (for benchmarks). Without it, Binance's update speeds.")
    String rate;

    @Option(names = "--steps", paramLabel = "N|max",
        description = "Model steps per second at Binance's update speeds (default 100, a step 10 ms of event time; 1000 "
            + "makes a step a millisecond, as busy as a whole market is; 'max' as fast as possible, a step a millisecond).")
    String steps;

    @Option(names = "--duration", description = "Stop after this long (30s, 5m, 2h); otherwise run until stopped.")
    String duration;

    @Option(names = "--fault", paramLabel = "NAME=VALUE", description = {
        "Inject a fault (repeatable): drop-after-frames=N, drop-after=30s, stall-at=10s:5s (after 10 s, silent for 5 s), "
            + "gap-every=N (withhold every N-th depth event), malformed-every=N (cut every N-th frame), delay=2s, "
            + "rest-errors=COUNT:STATUS (the next COUNT REST calls fail; 429 and 418 carry Retry-After), "
            + "stale-snapshots=COUNT (the next COUNT depth snapshots are older than the diff events sent), "
            + "refuse=30s:429 (new connections get HTTP 429, or 418, with Retry-After for 30 s)." })
    List<String> faults;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final long durationMillis = duration == null ? -1 : parseDuration(duration);
        final SimulatorConfig config = new SimulatorConfig().host(host).port(port).symbols(symbols).seed(seed);
        if (rate != null && steps != null)
        {
            throw new ParameterException(spec.commandLine(), "--rate and --steps do not go together: --rate pushes every stream "
                + "at every step, --steps keeps Binance's update speeds");
        }
        if (rate != null)
        {
            config.ticksPerSecond(parseRate(rate, "--rate"));
        }
        if (steps != null)
        {
            config.stepsPerSecond(parseRate(steps, "--steps"));
        }
        if (marketScale != null)
        {
            final String[] counts = marketScale.split(",", -1);
            try
            {
                if (counts.length != 2)
                {
                    throw new NumberFormatException();
                }
                config.marketScale(Integer.parseInt(counts[0].trim()), Integer.parseInt(counts[1].trim()));
            }
            catch (final NumberFormatException e)
            {
                throw new ParameterException(spec.commandLine(), "--market-scale takes SPOT,FUTURES symbol counts, as 2000,500: "
                    + marketScale);
            }
            catch (final TicktapeException e)
            {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        try (UntilStopped.Waiting waiting = UntilStopped.arm();
             Simulator simulator = Simulator.start(config))
        {
            applyFaults(simulator);
            final PrintWriter out = spec.commandLine().getOut();
            for (final Market market : simulator.markets())
            {
                out.println(market.wireName() + " " + simulator.baseUri(market));
            }
            out.flush();
            spec.commandLine().getErr().println("ticktape: REST at " + simulator.restBaseUri()
                + " (/api/v3/depth, /fapi/v1/depth, /fapi/v1/rpiDepth, /api/v3/exchangeInfo, /fapi/v1/exchangeInfo, "
                + "/api/v3/userDataStream, /fapi/v1/listenKey)");
            spec.commandLine().getErr().flush();
            waiting.await(durationMillis);
        }
        return 0;
    }

    private void applyFaults(final Simulator simulator)
    {
        if (faults == null)
        {
            return;
        }
        for (final String fault : faults)
        {
            final int eq = fault.indexOf('=');
            final String name = eq < 0 ? fault : fault.substring(0, eq);
            final String value = eq < 0 ? "" : fault.substring(eq + 1);
            try
            {
                switch (name)
                {
                    case "drop-after-frames" -> simulator.faults().dropAfterFrames(Long.parseLong(value));
                    case "drop-after" -> simulator.faults().dropAfter(Duration.ofMillis(parseDuration(value)));
                    case "gap-every" -> simulator.faults().gapEvery(Integer.parseInt(value));
                    case "delay" -> simulator.faults().delay(Duration.ofMillis(parseDuration(value)));
                    case "malformed-every" -> simulator.faults().malformedEvery(Integer.parseInt(value));
                    case "stale-snapshots" -> simulator.faults().staleSnapshots(Integer.parseInt(value));
                    case "rest-errors" ->
                    {
                        final String[] parts = value.split(":");
                        simulator.faults().restErrors(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                    }
                    case "refuse" ->
                    {
                        final String[] parts = value.split(":");
                        simulator.faults().refuseConnections(Duration.ofMillis(parseDuration(parts[0])),
                            parts.length > 1 ? Integer.parseInt(parts[1]) : 429);
                    }
                    case "stall-at" ->
                    {
                        final String[] parts = value.split(":");
                        final long at = parseDuration(parts[0]);
                        final Duration length = Duration.ofMillis(parseDuration(parts[1]));
                        final Thread timer = new Thread(() ->
                        {
                            try
                            {
                                Thread.sleep(at); // a scheduled fault, not synchronisation
                                simulator.faults().stall(length);
                            }
                            catch (final InterruptedException e)
                            {
                                Thread.currentThread().interrupt();
                            }
                        }, "ticktape-simulate-stall");
                        timer.setDaemon(true);
                        timer.start();
                    }
                    default -> throw new ParameterException(spec.commandLine(), "unknown fault '" + name + "'");
                }
            }
            catch (final IllegalArgumentException | ArrayIndexOutOfBoundsException | TicktapeException e)
            {
                throw new ParameterException(spec.commandLine(), "bad fault '" + fault + "': see ticktape simulate --help");
            }
        }
    }

    /** {@code --rate} or {@code --steps}: a number of steps a second, or 'max' (0). */
    private double parseRate(final String value, final String option)
    {
        if (value.equalsIgnoreCase("max"))
        {
            return 0;
        }
        try
        {
            final double r = Double.parseDouble(value);
            if (r > 0 && r <= 1_000_000)
            {
                return r;
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), option + " takes a number of steps per second (0 < N <= 1000000) or 'max': "
            + value);
    }

    /** A duration in milliseconds, as {@code record --duration} reads it ({@link Durations#parse}). */
    static long parseDuration(final String text)
    {
        return Durations.parse(text).toMillis();
    }
}
