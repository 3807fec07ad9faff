package dev.ticktape.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalHour;
import dev.ticktape.core.journal.JournalSummary;
import dev.ticktape.core.journal.SessionEventType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code ticktape inspect}: what a journal holds, as a table or as one JSON object.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Summarise a journal: frames, bytes, time range, streams, connections, gaps, synced books.",
    description = {
        "Reads the whole journal once and prints the frame count, payload bytes, first and last receive "
            + "time, frames per stream, market and kind, connections, disconnects and gaps, and per market the "
            + "diff-depth books and how many are in sync at the journal's end (a snapshot lined up with their events "
            + "after their last gap), and since when all are.",
        "With --json it prints exactly one JSON object with the keys frames, bytes, first_recv_ns, "
            + "last_recv_ns, streams, connections, disconnects, gaps, books (and more).",
    },
    footer = { "", "Example:", "  ticktape inspect --journal journal/ --json | jq .streams" })
final class InspectCommand implements Callable<Integer>
{
    @Mixin
    JournalOption journalOption;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final JournalSummary s = JournalSummary.of(journalOption.journal);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(toJson(s));
        }
        else
        {
            printTable(out, s);
        }
        return 0;
    }

    String toJson(final JournalSummary s) throws IOException
    {
        final StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w))
        {
            g.writeStartObject();
            g.writeStringField("journal", journalOption.journal.toString());
            g.writeNumberField("format_version", JournalFormat.VERSION);
            g.writeNumberField("frames", s.frames());
            g.writeNumberField("bytes", s.payloadBytes());
            g.writeNumberField("disk_bytes", s.diskBytes());
            g.writeNumberField("first_recv_ns", s.firstRecvNanos());
            g.writeNumberField("last_recv_ns", s.lastRecvNanos());
            writeCounts(g, "streams", s.streams(), name -> name);
            writeCounts(g, "markets", s.markets(), Market::wireName);
            writeCounts(g, "kinds", s.kinds(), FrameKind::wireName);
            g.writeNumberField("connections", s.connections());
            g.writeNumberField("disconnects", s.disconnects());
            g.writeNumberField("gaps", s.gaps());
            writeCounts(g, "events", s.events(), SessionEventType::wireName);
            g.writeObjectFieldStart("books");
            for (final Map.Entry<Market, JournalSummary.Books> e : s.books().entrySet())
            {
                g.writeObjectFieldStart(e.getKey().wireName());
                g.writeNumberField("books", e.getValue().books());
                g.writeNumberField("synced", e.getValue().synced());
                g.writeNumberField("all_synced_since_ns", e.getValue().allSyncedSinceNanos());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("cycles", s.cycles());
            g.writeNumberField("unknown_records", s.unknownRecords());
            g.writeArrayFieldStart("hours");
            for (final JournalHour h : s.hours())
            {
                g.writeStartObject();
                g.writeStringField("hour", h.start().toString());
                g.writeStringField("state", h.archived() ? "archived" : "live");
                g.writeStringField("file", h.file() == null ? "" : h.file().getFileName().toString());
                g.writeNumberField("disk_bytes", h.diskBytes());
                g.writeNumberField("records", h.records());
                g.writeNumberField("bytes_per_record", Math.round(h.bytesPerRecord() * 10) / 10.0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.toString();
    }

    private static <K> void writeCounts(
        final JsonGenerator g, final String field, final Map<K, Long> counts, final Function<K, String> name)
        throws IOException
    {
        g.writeObjectFieldStart(field);
        for (final Map.Entry<K, Long> e : counts.entrySet())
        {
            g.writeNumberField(name.apply(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }

    private void printTable(final PrintWriter out, final JournalSummary s)
    {
        out.printf("journal       %s (format v%d, %d file(s), %,d bytes on disk)%n",
            journalOption.journal, JournalFormat.VERSION, s.cycles(), s.diskBytes());
        out.printf("frames        %,d%n", s.frames());
        out.printf("bytes         %,d (payload)%n", s.payloadBytes());
        out.printf("first recv    %s%n", time(s.firstRecvNanos()));
        out.printf("last recv     %s%n", time(s.lastRecvNanos()));
        out.printf("connections   %,d%n", s.connections());
        out.printf("disconnects   %,d%n", s.disconnects());
        out.printf("gaps          %,d%n", s.gaps());
        printCounts(out, "markets", s.markets(), Market::wireName);
        printCounts(out, "kinds", s.kinds(), FrameKind::wireName);
        printCounts(out, "streams", s.streams(), name -> name);
        printCounts(out, "session events", s.events(), SessionEventType::wireName);
        if (!s.books().isEmpty())
        {
            out.println("books (diff depth, at the end)");
            s.books().forEach((market, b) -> out.printf("  %-10s %,8d books, %,8d synced%s%n", market.wireName(), b.books(), b.synced(),
                b.allSyncedSinceNanos() >= 0 ? ", all since " + Times.iso(b.allSyncedSinceNanos()) : ""));
        }
        if (!s.hours().isEmpty())
        {
            out.println("hours");
            for (final JournalHour h : s.hours())
            {
                out.printf("  %-20s %-8s %,16d bytes %,14d records %8.1f B/record%n", h.start(), h.archived() ? "archived" : "live",
                    h.diskBytes(), h.records(), h.bytesPerRecord());
            }
        }
        if (s.unknownRecords() > 0)
        {
            out.printf("skipped %,d record(s) of a type this version does not know%n", s.unknownRecords());
        }
    }

    private static <K> void printCounts(
        final PrintWriter out, final String title, final Map<K, Long> counts, final Function<K, String> name)
    {
        if (!counts.isEmpty())
        {
            out.println(title);
            counts.forEach((k, n) -> out.printf("  %-36s %,14d%n", name.apply(k), n));
        }
    }

    private static String time(final long epochNanos)
    {
        if (epochNanos < 0)
        {
            return "-";
        }
        return Times.iso(epochNanos) + " (" + epochNanos + " ns)";
    }
}
