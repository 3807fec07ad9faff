package dev.ticktape.tools;

import dev.ticktape.core.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level {@code ticktape} command: records, replays, exports and inspects Binance
 * market-data journals.
 */
@Command(
    name = "ticktape",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Tick recorder and historical replay for Binance WebSocket market data.",
    description = {
        "Records every raw frame of Binance's market-data WebSockets with its receive time into "
            + "Chronicle Queue journals, replays them, and exports them to Parquet.",
    },
    subcommands = {
        InspectCommand.class,
        CatCommand.class,
        SimulateCommand.class,
        RecordCommand.class,
        ImportCommand.class,
        ReplayCommand.class,
        ExportCommand.class,
        DemoCommand.class,
        BenchCommand.class,
        ServeCommand.class,
        VerifyCommand.class,
        ArchiveCommand.class,
        picocli.CommandLine.HelpCommand.class,
    },
    footer = {
        "",
        "Exit codes: 0 ok, 1 internal error, 2 usage error, 3 data error, 4 I/O error.",
        "",
        "Example:",
        "  ticktape inspect --journal journal/ --json",
    })
public final class TicktapeCommand implements Runnable
{
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces with errors.")
    boolean verbose;

    @Option(names = "--quiet", scope = ScopeType.INHERIT, description = "Print nothing but results and errors.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the ticktape version, the journal format and the SBE schema. */
    static final class VersionProvider implements picocli.CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {
                "ticktape " + Version.TICKTAPE,
                "journal format " + dev.ticktape.core.journal.JournalFormat.VERSION + ", SBE schema "
                    + Version.SBE_SCHEMA_ID + ":" + Version.SBE_SCHEMA_VERSION,
                "JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            };
        }
    }
}
