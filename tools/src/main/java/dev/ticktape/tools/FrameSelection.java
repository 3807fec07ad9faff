package dev.ticktape.tools;

import dev.ticktape.core.Market;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The options that choose frames from journals, shared by {@code replay} and {@code export}:
 * {@code --journal DIR...}, {@code --from}, {@code --to}, {@code --stream}, {@code --symbol} and {@code --market}.
 */
final class FrameSelection
{
    @Option(names = { "-j", "--journal" }, required = true, paramLabel = "DIR", description = "A journal directory (repeatable: merged).")
    List<Path> journals;

    @Option(names = "--from", paramLabel = "T", converter = TimeConverter.class, description = "First receive time (inclusive).")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = TimeConverter.class, description = "Receive time to stop at (exclusive).")
    Long to;

    @Option(names = "--stream", paramLabel = "S", description = "Only frames of this stream (repeatable).")
    List<String> streams;

    @Option(names = "--symbol", paramLabel = "SYM", description = "Only frames of this symbol's streams (repeatable).")
    List<String> symbols;

    @Option(names = "--market", paramLabel = "M", description = "Only frames of this market: spot, spot-sbe, usdm (repeatable).")
    List<String> markets;

    /**
     * Checks the range and hands each choice to the command's options object.
     *
     * @throws ParameterException when {@code --to} is not after {@code --from}.
     */
    void applyTo(final CommandLine commandLine, final Consumer<Path> journal, final LongConsumer fromTime,
        final LongConsumer toTime, final Consumer<String> stream, final Consumer<String> symbol, final Consumer<Market> market)
    {
        if (from != null && to != null && to <= from)
        {
            throw new ParameterException(commandLine, "--to is not after --from");
        }
        journals.forEach(journal);
        if (from != null)
        {
            fromTime.accept(from);
        }
        if (to != null)
        {
            toTime.accept(to);
        }
        if (streams != null)
        {
            streams.forEach(stream);
        }
        if (symbols != null)
        {
            symbols.forEach(symbol);
        }
        if (markets != null)
        {
            markets.forEach(m -> market.accept(Market.fromName(m)));
        }
    }
}
