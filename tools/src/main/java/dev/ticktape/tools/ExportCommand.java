package dev.ticktape.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.exporter.ExportOptions;
import dev.ticktape.exporter.ExportProgress;
import dev.ticktape.exporter.ExportSummary;
import dev.ticktape.exporter.Exporter;
import dev.ticktape.recorder.Durations;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ticktape export}: journals to Parquet (see {@code docs/parquet-schema.md}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    sortOptions = false,
    description = {
        "Export journals to typed, Hive-partitioned Parquet: type=<table>/date=<YYYY-MM-DD>/part-<from>_<to>.parquet.",
        "One table per event type (trade, aggTrade, bookTicker, depthUpdate, kline, markPriceUpdate, forceOrder, ...), "
            + "plus raw (every frame), sessions (connects, disconnects, gaps, snapshots) and book_snapshot_<N>.",
        "Re-running over the same range rewrites the same files; an interrupted export leaves nothing under a final name.",
    },
    footer = {
        "",
        "Exit codes: 0 exported; 2 bad arguments, or a range that cuts through an earlier export; "
            + "3 a foreign journal or a value that does not fit its decimal type; 4 I/O error.",
    })
final class ExportCommand implements Callable<Integer>
{
    @Mixin
    SelectionOptions selection;

    @Option(names = { "-o", "--out" }, required = true, paramLabel = "DIR", description = "The output directory (created if missing).")
    Path out;

    @Option(names = "--type", paramLabel = "T",
        description = "A table to write (repeatable); default: every event table, raw and sessions.")
    List<String> types;

    @Option(names = "--compression", defaultValue = "zstd", paramLabel = "C",
        description = "zstd (default), snappy, gzip or none.")
    String compression;

    @Option(names = "--float", description = "Write prices and quantities as DOUBLE instead of exact DECIMAL.")
    boolean floats;

    @Option(names = "--row-group-size", defaultValue = "64", paramLabel = "MB", description = "Row-group size in MiB (default 64).")
    int rowGroupMiB;

    @Option(names = "--book-levels", paramLabel = "N", description = "Also write book_snapshot_<N>: the top N levels of every local book.")
    Integer bookLevels;

    @Option(names = "--book-interval", defaultValue = "1s", paramLabel = "D",
        description = "Interval of the book snapshots, in receive time (default 1s; 100ms, 1m, ...).")
    String bookInterval;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway).")
    boolean noProgress;

    @Option(names = "--json", description = "Print the closing summary as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        if (rowGroupMiB < 1 || rowGroupMiB > 1024)
        {
            throw new ParameterException(spec.commandLine(), "--row-group-size must be 1 to 1024 (MiB)");
        }
        final ExportOptions options = new ExportOptions().out(out).compression(codec(compression)).floats(floats)
            .rowGroupBytes((long) rowGroupMiB << 20);
        options.select(selection.selection(spec.commandLine()));
        if (types != null)
        {
            types.forEach(options::type);
        }
        if (bookLevels != null)
        {
            if (bookLevels < 1 || bookLevels > 5000)
            {
                throw new ParameterException(spec.commandLine(), "--book-levels must be 1 to 5000");
            }
            options.bookLevels(bookLevels);
        }
        try
        {
            options.bookIntervalNanos(Durations.parse(bookInterval).toNanos());
        }
        catch (final RuntimeException e)
        {
            throw new ParameterException(spec.commandLine(), "bad --book-interval '" + bookInterval + "': " + e.getMessage());
        }

        final boolean showProgress = !noProgress && System.console() != null;
        final ExportSummary summary;
        if (showProgress)
        {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("export").setStyle(ProgressBarStyle.ASCII)
                .setUnit(" records", 1).setUpdateIntervalMillis(250).showSpeed().build())
            {
                options.progress(progress(bar));
                summary = Exporter.export(options);
            }
        }
        else
        {
            summary = Exporter.export(options);
        }
        print(spec.commandLine().getOut(), summary);
        return 0;
    }

    private static ExportProgress progress(final ProgressBar bar)
    {
        return (records, total, rows) ->
        {
            bar.maxHint(Math.max(total, records));
            bar.stepTo(records);
            bar.setExtraMessage(String.format(Locale.ROOT, " %,d rows", rows));
        };
    }

    private static CompressionCodecName codec(final String name)
    {
        return switch (name.toLowerCase(Locale.ROOT))
        {
            case "zstd" -> CompressionCodecName.ZSTD;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "gzip" -> CompressionCodecName.GZIP;
            case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
            default -> throw new TicktapeException(ErrorCode.USAGE, "unknown compression '" + name + "' (zstd, snappy, gzip, none)");
        };
    }

    private void print(final PrintWriter w, final ExportSummary s) throws IOException
    {
        final double seconds = s.wallNanos() / 1e9;
        final long rows = s.totalRows();
        if (json)
        {
            try (JsonGenerator g = new JsonFactory().createGenerator(w))
            {
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                g.writeStartObject();
                g.writeNumberField("rows", rows);
                g.writeNumberField("bytes", s.totalBytes());
                g.writeNumberField("files", s.files().size());
                g.writeNumberField("replaced", s.replaced().size());
                g.writeNumberField("frames", s.frames());
                g.writeNumberField("duplicates", s.duplicates());
                g.writeNumberField("decode_errors", s.decodeErrors());
                g.writeNumberField("from_ns", s.fromNanos());
                g.writeNumberField("to_ns", s.toNanos());
                g.writeNumberField("wall_ns", s.wallNanos());
                g.writeNumberField("rows_per_s", seconds > 0 ? Math.round(rows / seconds) : 0);
                g.writeObjectFieldStart("tables");
                for (final Map.Entry<String, Long> e : s.rows().entrySet())
                {
                    g.writeObjectFieldStart(e.getKey());
                    g.writeNumberField("rows", e.getValue());
                    g.writeNumberField("bytes", s.bytes().getOrDefault(e.getKey(), 0L));
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            w.println();
        }
        else
        {
            w.printf(Locale.ROOT, "exported %s to %s: %d files (%d earlier replaced)%n",
                s.fromNanos() < s.toNanos() ? Times.iso(s.fromNanos()) + " .. " + Times.iso(s.toNanos()) : "nothing", out,
                s.files().size(), s.replaced().size());
            w.printf(Locale.ROOT, "%-24s %14s %14s %10s%n", "table", "rows", "bytes", "B/row");
            for (final Map.Entry<String, Long> e : s.rows().entrySet())
            {
                final long b = s.bytes().getOrDefault(e.getKey(), 0L);
                w.printf(Locale.ROOT, "%-24s %,14d %,14d %10.1f%n", e.getKey(), e.getValue(), b,
                    e.getValue() == 0 ? 0.0 : b / (double) e.getValue());
            }
            w.printf(Locale.ROOT, "%-24s %,14d %,14d%n", "total", rows, s.totalBytes());
            w.printf(Locale.ROOT, "%,d frames (%,d duplicates dropped, %,d not decoded: kept in raw) in %.2f s: %,.0f rows/s%n",
                s.frames(), s.duplicates(), s.decodeErrors(), seconds, seconds > 0 ? rows / seconds : 0.0);
        }
        w.flush();
    }
}
