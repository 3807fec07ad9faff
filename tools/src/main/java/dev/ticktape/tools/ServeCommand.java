package dev.ticktape.tools;

import dev.ticktape.recorder.Durations;
import dev.ticktape.server.ReplayServer;
import dev.ticktape.server.ServeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ticktape serve}: a replay server speaking Binance's own market-data WebSocket protocol.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Serve journals over Binance's WebSocket protocol: unmodified Binance clients replay by changing their base URL.",
    description = {
        "One endpoint per market: spot JSON, spot SBE and USDⓈ-M futures, printed as '<market> ws://host:port', and REST "
            + "printed as 'rest http://host:port'. One replay clock runs the journals from --from at --speed for every "
            + "connection and REST call: it starts once a stream is subscribed and no connection has changed its streams for "
            + "--settle, and a connection gets the streams in its URL (/ws/<s>[/<s2>], /stream?streams=a/b; futures under "
            + "/public and /market) and those it SUBSCRIBEs to. REST answers server time, ping and depth snapshots at the "
            + "clock's moment. Control messages are answered as Binance answers them; at the end of the data every "
            + "connection is closed with 1000. --clock per-connection gives each connection its own replay from the start.",
        "Binds 127.0.0.1 unless --host says otherwise. Runs until SIGINT/SIGTERM or --duration.",
    },
    footer = { "", "Example:", "  ticktape serve --journal data --port 9443 --speed 10   # spot on 9443, spot-sbe 9444, usdm 9445" })
final class ServeCommand implements java.util.concurrent.Callable<Integer>
{
    @Option(names = { "-j", "--journal" }, required = true, paramLabel = "DIR", description = "A journal directory (repeatable: merged).")
    List<Path> journals;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Spot's port; spot-sbe gets port+1 and usdm port+2 (default: ephemeral).")
    int port;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X", converter = SpeedConverter.class,
        description = "1 original pace, 10 ten times faster, max (default: 1).")
    double speed;

    @Option(names = "--from", paramLabel = "T", converter = TimeConverter.class, description = "Where the replay starts.")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = TimeConverter.class, description = "Where it ends (exclusive).")
    Long to;

    @Option(names = "--clock", defaultValue = "shared", paramLabel = "C",
        description = "shared: one replay clock for every connection and REST call (default); per-connection: each connection "
            + "replays from the start on its own, at once.")
    String clock;

    @Option(names = "--settle", defaultValue = "500ms", paramLabel = "D",
        description = "The shared clock starts once no connection has subscribed or unsubscribed for this long (default: ${DEFAULT-VALUE}).")
    String settle;

    @Option(names = "--duration", description = "Stop serving after this long (30s, 5m); otherwise until stopped.")
    String duration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final ServeOptions.Clock clockMode = switch (clock)
        {
            case "shared" -> ServeOptions.Clock.SHARED;
            case "per-connection" -> ServeOptions.Clock.PER_CONNECTION;
            default -> throw new ParameterException(spec.commandLine(), "--clock is shared or per-connection, not " + clock);
        };
        final ServeOptions options = new ServeOptions().journals(journals).host(host).port(port).speed(speed).clock(clockMode)
            .settle(Durations.parse(settle));
        if (from != null)
        {
            options.from(from);
        }
        if (to != null)
        {
            options.to(to);
        }
        final long durationMillis = duration == null ? -1 : Durations.parse(duration).toMillis();
        try (UntilStopped.Waiting waiting = UntilStopped.arm();
             ReplayServer server = ReplayServer.start(options))
        {
            final PrintWriter out = spec.commandLine().getOut();
            server.describe().forEach(out::println);
            out.flush();
            waiting.await(durationMillis);
        }
        return 0;
    }
}
