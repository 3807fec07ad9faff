package dev.ticktape.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.core.journal.JournalArchiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ticktape archive}: seals a journal's closed hours into compact archive files, verified
 * record by record before each hour's {@code .cq4} file goes.
 */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Seal a journal's closed hours into compact, verified archive files.",
    description = {
        "Each closed hour (never the one being written: the newest hour waits until a minute after it ends) is written "
            + "to <hour>.tta in the journal directory, read back and compared with the journal record by record, and only then "
            + "is the hour's .cq4 file removed. Every ticktape command reads archived and live hours as one journal.",
        "A kill at any moment leaves each hour live or archived and complete; running the command again is harmless "
            + "and finishes what a killed run began. Exits 3 for a damaged hour (run ticktape verify --repair first).",
        "The format is described in docs/archive-format.md.",
    },
    footer = { "", "Examples:", "  ticktape archive --journal journal/",
        "  ticktape archive --journal journal/ --before 2026-12-01T00:00:00Z --json" })
final class ArchiveCommand implements Callable<Integer>
{
    @Mixin
    JournalOption journalOption;

    @Option(names = "--before", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Seal only hours that end at or before this time (ISO-8601, or epoch nanoseconds); default: every closed hour.")
    Long before;

    @Option(names = "--json", description = "Print one JSON object instead of lines.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final JournalArchiver archiver = JournalArchiver.of(journalOption.journal);
        if (before != null)
        {
            archiver.before(Math.floorDiv(before, 1_000_000L));
        }
        if (!json)
        {
            archiver.onSealed(s ->
            {
                out.println(s.file().getFileName() + ": " + s.records() + " records, " + s.liveBytes() + " bytes live -> "
                    + s.archiveBytes() + " archived (" + perRecord(s.archiveBytes(), s.records()) + " B/record, "
                    + ratio(s.archiveBytes(), s.liveBytes()) + " of the hour)");
                out.flush();
            });
        }
        final List<JournalArchiver.Sealed> sealed = archiver.run();
        final long records = sealed.stream().mapToLong(JournalArchiver.Sealed::records).sum();
        final long live = sealed.stream().mapToLong(JournalArchiver.Sealed::liveBytes).sum();
        final long archived = sealed.stream().mapToLong(JournalArchiver.Sealed::archiveBytes).sum();
        if (json)
        {
            out.println(toJson(sealed, records, live, archived));
        }
        else
        {
            out.println(sealed.isEmpty() ? "no closed hour to archive"
                : sealed.size() + " hours archived: " + records + " records, " + live + " bytes -> " + archived + " ("
                + ratio(archived, live) + ")");
        }
        out.flush();
        return 0;
    }

    private static String perRecord(final long bytes, final long records)
    {
        return records == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) records);
    }

    private static String ratio(final long part, final long whole)
    {
        return whole == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.3fx", part / (double) whole);
    }

    private static String toJson(final List<JournalArchiver.Sealed> sealed, final long records, final long live, final long archived)
        throws IOException
    {
        final StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w))
        {
            g.writeStartObject();
            g.writeNumberField("hours", sealed.size());
            g.writeNumberField("records", records);
            g.writeNumberField("live_bytes", live);
            g.writeNumberField("archive_bytes", archived);
            g.writeArrayFieldStart("archived");
            for (final JournalArchiver.Sealed s : sealed)
            {
                g.writeStartObject();
                g.writeStringField("hour", s.start().toString());
                g.writeStringField("file", s.file().getFileName().toString());
                g.writeNumberField("records", s.records());
                g.writeNumberField("live_bytes", s.liveBytes());
                g.writeNumberField("archive_bytes", s.archiveBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.toString();
    }
}
