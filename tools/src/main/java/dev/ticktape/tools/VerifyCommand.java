package dev.ticktape.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.journal.JournalVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

/**
 * {@code ticktape verify}: reads every record of every hourly file and reports the valid prefix
 * and the first bad byte; with {@code --repair}, keeps the valid prefix of each damaged file.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Check every record of a journal; report or repair damage.",
    description = {
        "Walks every hourly file of the journal with plain file reads, record by record, and checks each record's "
            + "header: a file cut short (a copy interrupted, a disk that filled), a record that is not ticktape's or bytes "
            + "that were overwritten are reported with the number of whole records before them and the first bad byte.",
        "Exits 0 for a whole journal and 3 for a damaged one. With --repair, each damaged file is moved aside as "
            + "<file>.damaged (readers ignore it) and a file holding its valid prefix, record for record, takes its place; "
            + "then the journal reads whole. Repair only a journal no recorder is writing.",
    },
    footer = { "", "Examples:", "  ticktape verify --journal journal/", "  ticktape verify --journal journal/ --repair --json" })
final class VerifyCommand implements Callable<Integer>
{
    @Mixin
    JournalOption journalOption;

    @Option(names = "--repair", description = "Move each damaged file aside and keep its valid prefix in its place.")
    boolean repair;

    @Option(names = "--json", description = "Print one JSON object instead of lines.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        final JournalVerifier.Report report = repair ? JournalVerifier.repair(journalOption.journal)
            : JournalVerifier.verify(journalOption.journal);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            out.println(toJson(report));
        }
        else
        {
            for (final JournalVerifier.FileReport f : report.files())
            {
                out.println(f.file().getFileName() + ": " + f.records() + " records, " + f.validBytes() + " valid bytes of "
                    + f.fileBytes() + (f.damaged() ? "; DAMAGED at byte " + f.firstBadByte() + ": " + f.problem()
                    + (repair ? " (repaired: moved aside, valid prefix kept)" : "")
                    : f.unfinished() ? "; ends at a record a killed writer left unfinished (skipped by readers)" : "; whole"));
            }
            out.println(report.records() + " whole records in " + report.files().size() + " files"
                + (report.damaged() ? (repair ? "; damage repaired" : "; the journal is damaged") : "; the journal is whole"));
        }
        out.flush();
        if (report.damaged() && !repair)
        {
            final JournalVerifier.FileReport first = report.files().stream().filter(JournalVerifier.FileReport::damaged).findFirst().get();
            throw new TicktapeException(ErrorCode.DATA, "journal " + journalOption.journal + " is damaged: " + first.file().getFileName()
                + " " + first.problem() + " (run with --repair to keep its " + first.records() + " whole records)");
        }
        return 0;
    }

    private static String toJson(final JournalVerifier.Report report) throws IOException
    {
        final StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w))
        {
            g.writeStartObject();
            g.writeStringField("journal", report.journal().toString());
            g.writeBooleanField("damaged", report.damaged());
            g.writeNumberField("records", report.records());
            g.writeArrayFieldStart("files");
            for (final JournalVerifier.FileReport f : report.files())
            {
                g.writeStartObject();
                g.writeStringField("file", f.file().getFileName().toString());
                g.writeNumberField("file_bytes", f.fileBytes());
                g.writeNumberField("records", f.records());
                g.writeNumberField("valid_bytes", f.validBytes());
                g.writeNumberField("first_bad_byte", f.firstBadByte());
                if (f.problem() == null)
                {
                    g.writeNullField("problem");
                }
                else
                {
                    g.writeStringField("problem", f.problem());
                }
                g.writeBooleanField("unfinished", f.unfinished());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.toString();
    }
}
