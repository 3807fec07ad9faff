package dev.ticktape.tools;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ticktape demo}: simulator, recording, replay and export in one go, on this machine only. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    description = {
        "The tour: start the embedded Binance simulator (127.0.0.1, nothing leaves this machine), record spot JSON, spot SBE "
            + "and USD-M futures streams for a few symbols, replay the journal at x10 through the decoders, export it to "
            + "Parquet, and print where everything is with three queries to run.",
    })
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--seconds", defaultValue = "20", paramLabel = "N", description = "How long to record (default 20).")
    int seconds;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Where the journal and Parquet go (default: a new ./ticktape-demo-<time>).")
    Path workdir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        if (seconds < 1 || seconds > 3600)
        {
            throw new ParameterException(spec.commandLine(), "--seconds must be 1 to 3600");
        }
        final Path dir = workdir != null ? workdir : Path.of("ticktape-demo-" + System.currentTimeMillis() / 1000);
        try
        {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve("journal")))
            {
                throw new TicktapeException(ErrorCode.USAGE, dir + " already holds a demo journal; give another --workdir");
            }
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        Demo.run(Duration.ofSeconds(seconds), dir.toAbsolutePath(), spec.commandLine().getOut());
        return 0;
    }
}
