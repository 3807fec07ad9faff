package dev.ticktape.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.SessionEventHandler;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.ReplayStats;
import dev.ticktape.replayer.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ticktape replay}: journals re-emitted at their original pace, faster, or as fast as possible.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Replay journals at original speed, N times faster or as fast as possible, printing frames or a summary.",
    description = {
        "Several --journal directories (two recorders, say) are merged in receive-time order, and frames journaled "
            + "twice (an overlapping replacement connection, or both recorders) are printed once. The schedule is anchored "
            + "to the start, so a long replay does not drift.",
        "Frames print as 'cat' prints them (--decode for typed events, --events for session events). With --stats only a "
            + "summary prints at the end: frames, events by type, lateness against the schedule (p50, p99, max) and wall "
            + "time; --json makes it one JSON object with the keys frames, events, events_by_type, duplicates, wall_ns, "
            + "lateness_p50_ns, lateness_p99_ns and lateness_max_ns.",
        "Times for --from and --to are ISO-8601 instants, dates (midnight UTC) or epoch nanoseconds; --to is exclusive.",
    },
    footer = {
        "",
        "Examples:",
        "  ticktape replay --journal data --speed 10 --stream btcusdt@trade",
        "  ticktape replay --journal server-a --journal server-b --speed max --stats --json",
    })
final class ReplayCommand implements Callable<Integer>
{
    @Mixin
    SelectionOptions selection;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X", converter = SpeedConverter.class,
        description = "1 for the original pace, 10 for ten times faster, 0.5 for half, max for as fast as possible (default: 1).")
    double speed;

    @Option(names = "--decode", description = "Print typed events instead of raw frames (as 'cat --decode').")
    boolean decode;

    @Option(names = "--events", description = "Also print session events.")
    boolean events;

    @Option(names = "--stats", description = "Print only a summary at the end.")
    boolean stats;

    @Option(names = "--json", description = "With --stats: the summary as one JSON object.")
    boolean json;

    @Option(names = "--no-dedup", description = "Deliver every copy of frames journaled twice.")
    boolean noDedup;

    @Option(names = "--low-cpu", description = "When paced, sleep until just before each record instead of spinning "
        + "for the last 2 ms: far less CPU on a dense journal, later deliveries on a busy machine.")
    boolean lowCpu;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (json && !stats)
        {
            throw new ParameterException(spec.commandLine(), "--json goes with --stats");
        }
        final ReplayOptions options = new ReplayOptions().deduplicate(!noDedup).speed(speed)
            .spinWindow(lowCpu ? 0 : ReplayOptions.DEFAULT_SPIN_WINDOW_NANOS);
        options.select(selection.selection(spec.commandLine()));

        final PrintWriter out = spec.commandLine().getOut();
        final ReplayStats result;
        try (Replayer replayer = Replayer.open(options);
             JsonGenerator generator = new JsonFactory().createGenerator(out))
        {
            generator.setRootValueSeparator(null);
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            final Thread stopOnSignal = new Thread(replayer::stop, "ticktape-replay-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try
            {
                if (stats)
                {
                    result = replayer.run(frame -> { }, (index, time, event) -> { });
                }
                else
                {
                    final CatCommand.Printer printer = new CatCommand.Printer(generator, null, Long.MAX_VALUE, events);
                    final FrameHandler frames;
                    final SessionEventHandler sessionEvents;
                    if (decode)
                    {
                        final CatCommand.DecodedPrinter decoded = new CatCommand.DecodedPrinter(out, printer);
                        frames = decoded;
                        sessionEvents = decoded;
                    }
                    else
                    {
                        frames = printer;
                        sessionEvents = printer;
                    }
                    result = replayer.run(frames, sessionEvents);
                    generator.flush();
                }
            }
            finally
            {
                try
                {
                    Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                }
                catch (final IllegalStateException shuttingDown)
                {
                    // the JVM is stopping
                }
            }
        }
        if (stats)
        {
            printStats(out, result);
        }
        out.flush();
        return 0;
    }

    private void printStats(final PrintWriter out, final ReplayStats s) throws IOException
    {
        if (json)
        {
            try (JsonGenerator g = new JsonFactory().createGenerator(out))
            {
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                g.writeStartObject();
                g.writeNumberField("frames", s.frames());
                g.writeNumberField("events", s.eventCount());
                g.writeObjectFieldStart("events_by_type");
                for (final Map.Entry<String, Long> e : s.events().entrySet())
                {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeNumberField("duplicates", s.duplicates());
                g.writeNumberField("wall_ns", s.wallNanos());
                g.writeBooleanField("paced", s.paced());
                g.writeNumberField("lateness_p50_ns", s.latenessP50Nanos());
                g.writeNumberField("lateness_p99_ns", s.latenessP99Nanos());
                g.writeNumberField("lateness_max_ns", s.latenessMaxNanos());
                g.writeEndObject();
            }
            out.println();
            return;
        }
        out.printf("frames        %,d%n", s.frames());
        out.printf("duplicates    %,d (dropped)%n", s.duplicates());
        out.printf("events        %,d%n", s.eventCount());
        s.events().forEach((type, n) -> out.printf("  %-22s %,d%n", type, n));
        out.printf("wall time     %.3f s%n", s.wallNanos() / 1e9);
        if (s.paced())
        {
            out.printf("lateness      p50 %.1f µs, p99 %.1f µs, max %.1f µs%n", s.latenessP50Nanos() / 1e3, s.latenessP99Nanos() / 1e3,
                s.latenessMaxNanos() / 1e3);
        }
        else
        {
            out.printf("lateness      none (--speed max keeps no schedule), %,.0f frames/s%n",
                s.wallNanos() == 0 ? 0.0 : s.frames() * 1e9 / s.wallNanos());
        }
    }
}
