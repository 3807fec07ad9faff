package dev.ticktape.tools;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.recorder.Durations;
import dev.ticktape.recorder.Sizes;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ticktape record}: journals Binance market-data streams until stopped.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Record Binance market-data streams into a journal, every frame with its receive time.",
    description = {
        "Streams are given per market (--market spot|spot-sbe|usdm --streams a,b,..., repeatable) or in a YAML file "
            + "(--config). Records for --duration, or until SIGINT/SIGTERM, then closes its connections, journals the stop "
            + "and exits 0. Connections are sharded (at most 1024 streams each), reconnected with backoff, replaced with an "
            + "overlap ahead of Binance's 24-hour cut and on serverShutdown; diff-depth streams get REST snapshots, and "
            + "breaks in their update-id chains are journaled as gaps.",
        "The SBE API key is read from --api-key-file or the TICKTAPE_API_KEY environment variable; it is never logged, "
            + "echoed or journaled.",
    },
    footer = { "", "Examples:",
        "  ticktape record --journal data --market spot --streams btcusdt@depth@100ms,btcusdt@trade --duration 1h",
        "  ticktape record --journal data --market usdm --all-symbols --stream-types aggTrade,bookTicker",
        "  ticktape record --config ticktape.yaml --metrics-port 9464" })
final class RecordCommand implements Callable<Integer>
{
    static final class MarketOptions
    {
        @Option(names = "--market", required = true, description = "spot, spot-sbe or usdm.")
        String market;

        @Option(names = "--streams", split = ",", description = "Stream names, e.g. btcusdt@trade,ethusdt@depth@100ms.")
        List<String> streams;

        @Option(names = "--user-data", description = "Also record the account's user-data stream (spot, usdm; needs the API key).")
        boolean userData;

        @Option(names = "--all-symbols", description = "Every TRADING symbol of the market's exchange information (fetched at the "
            + "start), crossed with --stream-types; filters in the YAML (docs/recording.md).")
        boolean allSymbols;

        @Option(names = "--stream-types", split = ",", description = "With --all-symbols: the stream types, e.g. trade,depth@100ms.")
        List<String> streamTypes;

        @Option(names = "--endpoint", description = "WebSocket base URL (default: Binance's production host for the market).")
        URI endpoint;

        @Option(names = "--rest-endpoint", description = "REST base URL for depth snapshots and listen keys (default: Binance's).")
        URI restEndpoint;
    }

    @Option(names = "--journal", description = "Journal directory (created if absent; appended to if present).")
    Path journal;

    @Option(names = "--config", description = "YAML configuration file (see docs/recording.md).")
    Path config;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<MarketOptions> markets;

    @Option(names = "--duration", description = "Stop after this long (30s, 5m, 2h); otherwise record until stopped.")
    String duration;

    @Option(names = "--api-key-file", description = "File holding the API key for spot-sbe and user data (else $TICKTAPE_API_KEY).")
    Path apiKeyFile;

    @Option(names = "--metrics-port", defaultValue = "-1", description = "Serve Prometheus metrics on this port (127.0.0.1).")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "Address for the metrics port (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--status-interval", defaultValue = "10s", description = "How often to print the status line; 0s for never (default: ${DEFAULT-VALUE}).")
    String statusInterval;

    @Option(names = "--streams-per-connection", description = "At most this many streams per connection (default 1024).")
    Integer streamsPerConnection;

    @Option(names = "--rotate-after", description = "Replace each connection after this long (default 23h50m, before Binance's 24 h cut).")
    String rotateAfter;

    @Option(names = "--no-snapshots", description = "Do not fetch REST depth snapshots for diff-depth streams, nor exchange information.")
    boolean noSnapshots;

    @Option(names = "--archive-after", paramLabel = "DURATION",
        description = "Seal journal hours into compact archive files once they have been over this long (2h); default: never.")
    String archiveAfter;

    @Option(names = "--retain", paramLabel = "DURATION",
        description = "Remove archived hours that ended longer ago than this (90d); never an hour not yet archived.")
    String retain;

    @Option(names = "--max-disk", paramLabel = "SIZE",
        description = "Remove the oldest archived hours while the journal directory is larger than this (500G); never an hour not yet archived.")
    String maxDisk;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final RecorderConfig c = config != null ? RecorderConfig.fromYaml(config) : new RecorderConfig();
        if (journal != null)
        {
            c.journal(journal);
        }
        if (markets != null)
        {
            for (final MarketOptions m : markets)
            {
                final Market market = Market.fromName(m.market);
                if (m.streamTypes != null && !m.allSymbols)
                {
                    throw new TicktapeException(ErrorCode.USAGE, "--stream-types goes with --all-symbols");
                }
                c.add(new RecorderConfig.MarketStreams(market, m.streams == null ? List.of() : m.streams, m.endpoint, m.restEndpoint,
                    m.userData, m.allSymbols ? new RecorderConfig.AllSymbols(m.streamTypes == null ? List.of() : m.streamTypes,
                    List.of(), List.of(), List.of()) : null));
            }
        }
        if (duration != null)
        {
            c.duration(Durations.parse(duration));
        }
        if (streamsPerConnection != null)
        {
            c.streamsPerConnection(streamsPerConnection);
        }
        if (rotateAfter != null)
        {
            c.rotateAfter(Durations.parse(rotateAfter));
        }
        if (noSnapshots)
        {
            c.snapshots(false);
        }
        if (archiveAfter != null)
        {
            c.archiveAfter(Durations.parse(archiveAfter));
        }
        if (retain != null)
        {
            c.retain(Durations.parse(retain));
        }
        if (maxDisk != null)
        {
            c.maxDiskBytes(Sizes.parse(maxDisk));
        }
        c.statusInterval(Durations.parse(statusInterval)).metricsPort(metricsPort).metricsHost(metricsHost).apiKey(apiKey());

        final PrintWriter err = spec.commandLine().getErr();
        final Recorder recorder = Recorder.start(c, line ->
        {
            err.println(line);
            err.flush();
        });
        try (UntilStopped.Stopping ignored = UntilStopped.onStop(recorder::stop))
        {
            recorder.awaitStopped();
        }
        if (recorder.failure() != null)
        {
            throw recorder.failure();
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println("recorded " + recorder.frames() + " frames, " + recorder.reconnects() + " reconnects, into " + c.journal());
        out.flush();
        return 0;
    }

    /** The API key from the file or the environment; the file's first line, trimmed. Never printed. */
    private String apiKey()
    {
        if (apiKeyFile != null)
        {
            try
            {
                final String key = Files.readString(apiKeyFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
                if (key.isEmpty())
                {
                    throw new TicktapeException(ErrorCode.USAGE, "the API key file " + apiKeyFile + " is empty");
                }
                return key;
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot read the API key file " + apiKeyFile + ": "
                    + e.getClass().getSimpleName());
            }
        }
        final String env = System.getenv("TICKTAPE_API_KEY");
        return env == null || env.isBlank() ? null : env.trim();
    }
}
