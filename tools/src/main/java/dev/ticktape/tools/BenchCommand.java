package dev.ticktape.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ticktape bench}: the end-to-end figures of this machine in one table. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    description = {
        "Measure ticktape on this machine, self-contained (the embedded simulator over loopback): recording, raw and "
            + "decoded replay at max speed, export to Parquet, pacing accuracy at x1 and x10. About 2 minutes; prints a table.",
        "The comparisons with the peers (Node ws, raw Chronicle Queue, DuckDB) are benchmarks/run-*.sh: benchmarks/README.md.",
    })
final class BenchCommand implements Callable<Integer>
{
    @Option(names = "--record-seconds", defaultValue = "10", paramLabel = "N", description = "How long to record (default 10).")
    int recordSeconds;

    @Option(names = "--passes", defaultValue = "5", paramLabel = "N", description = "Measured passes per throughput (default 5).")
    int passes;

    @Option(names = "--pace-seconds", defaultValue = "5", paramLabel = "N", description = "Wall time per pacing run (default 5); the recording is replayed over and over for as long as a run needs.")
    int paceSeconds;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Scratch directory (default: a temporary one, removed at the end).")
    Path workdir;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        if (recordSeconds < 1 || passes < 1 || paceSeconds < 1)
        {
            throw new ParameterException(spec.commandLine(), "--record-seconds, --passes and --pace-seconds must be positive");
        }
        final boolean temporary = workdir == null;
        final Path dir;
        try
        {
            dir = temporary ? Files.createTempDirectory("ticktape-bench-") : Files.createDirectories(workdir);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot create a work directory: " + e.getMessage(), e);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter progress = json ? spec.commandLine().getErr() : out;
        try
        {
            final List<Bench.Figure> figures = Bench.run(dir, Duration.ofSeconds(recordSeconds), passes,
                Duration.ofSeconds(paceSeconds), progress);
            if (json)
            {
                out.println(new ObjectMapper().writeValueAsString(java.util.Map.of("figures",
                    figures.stream().map(Bench::json).toList(), "java", System.getProperty("java.vm.version"),
                    "cores", Runtime.getRuntime().availableProcessors())));
            }
            else
            {
                out.printf("%n| measurement | median | min..max |%n|---|---:|---|%n");
                for (final Bench.Figure f : figures)
                {
                    out.printf(Locale.ROOT, "| %s | %s | %s..%s |%n", f.name(), fmt(f.median(), f.unit()), fmt(f.min(), f.unit()),
                        fmt(f.max(), f.unit()));
                }
                out.printf("%n(%d cores, Java %s; the peers' figures: benchmarks/README.md)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
            }
            out.flush();
        }
        finally
        {
            if (temporary)
            {
                delete(dir);
            }
        }
        return 0;
    }

    private static void delete(final Path dir) throws IOException
    {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir))
        {
            for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String fmt(final double v, final String unit)
    {
        if (unit.endsWith("/s"))
        {
            return v >= 1e6 ? String.format(Locale.ROOT, "%.2f M %s", v / 1e6, unit) : String.format(Locale.ROOT, "%.0f k %s", v / 1e3, unit);
        }
        return String.format(Locale.ROOT, "%.1f %s", v, unit);
    }
}
