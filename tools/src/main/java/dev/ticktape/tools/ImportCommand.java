package dev.ticktape.tools;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.recorder.Importer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ticktape import}: captures of other collectors into a journal.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Import captures made by other collectors (line files, Tardis.dev raw feeds, cryptofeed raw logs) into a journal.",
    description = {
        "--format lines (the default's fallback): each line is a receive time (integer epoch ns, µs or ms, or decimal "
            + "seconds; an optional colon after it) and a message: a combined-stream frame ({\"stream\":..,\"data\":..}) or "
            + "a bare REST depth snapshot, which is attributed to the file's only symbol.",
        "--format tardis: Tardis.dev's exchange-native feed, '<ISO 8601 time>Z <message>' (times to 100 ns); its generated "
            + "<symbol>@depthSnapshot messages are journaled as REST snapshots of that symbol, and an empty line (a disconnect "
            + "Tardis marks) ends the file's connection in the journal.",
        "--format cryptofeed: cryptofeed's raw data collection: '<time>: <message>' WebSocket lines, '<url> -> <time>: "
            + "<body>' HTTP responses (depth snapshots, attributed to the URL's symbol, and exchange information are "
            + "journaled), '<url> <-> <time>' (a new connection), '<url> <- <time>: ..' (sent, skipped), a configuration header.",
        "--format auto (the default) tells each file's format from its first line. Files may be gzip-compressed. Lines "
            + "that cannot be parsed are reported on stderr with their line number and skipped.",
        "Exit codes: 0 imported (even with skipped lines), 2 bad arguments, 3 no line could be imported (an empty file "
            + "included) or a gzip file was cut short (its readable lines are imported), 4 a file or the journal could not be read or written."
    },
    footer = { "", "Examples:", "  ticktape import --journal data --market usdm capture-2024-01-01.jsonl.gz",
        "  ticktape import --journal data --market spot --format tardis binance_2024-01-01.json.gz" })
final class ImportCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, description = "Journal directory (created if absent; appended to if present).")
    Path journal;

    @Option(names = "--market", required = true, description = "The market the captures come from: spot or usdm.")
    String market;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|lines|tardis|cryptofeed",
        description = "The captures' line form (default: ${DEFAULT-VALUE}, told from each file's first line).")
    String format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture files, plain or gzip.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final Market m = Market.fromName(market);
        final PrintWriter err = spec.commandLine().getErr();
        final Importer.Format f = Importer.Format.of(format);
        if (f == null)
        {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--format takes auto, lines, tardis or cryptofeed: " + format);
        }
        final Importer.Result r = Importer.run(journal, m, files, f, line ->
        {
            err.println("ticktape: " + line);
            err.flush();
        });
        final PrintWriter out = spec.commandLine().getOut();
        out.println("imported " + r.frames() + " frames (" + r.snapshots() + " snapshots) from " + files.size() + " file"
            + (files.size() == 1 ? "" : "s") + " into " + journal + (r.skipped() > 0 ? ", " + r.skipped() + " lines skipped" : ""));
        out.flush();
        if (r.frames() == 0)
        {
            throw new TicktapeException(ErrorCode.DATA, r.skipped() > 0 ? "no line could be imported"
                : "the captures hold no line to import");
        }
        if (!r.cutShort().isEmpty())
        {
            throw new TicktapeException(ErrorCode.DATA, r.cutShort().size() + " capture(s) cut short, their readable lines imported: "
                + r.cutShort().get(0) + (r.cutShort().size() > 1 ? " and more" : ""));
        }
        return 0;
    }
}
