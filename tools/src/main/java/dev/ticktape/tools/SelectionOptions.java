package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.replayer.FrameSelection;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.List;

/**
 * The options that choose frames from journals, shared by {@code replay} and {@code export}:
 * {@code --journal DIR...}, {@code --from}, {@code --to}, {@code --stream}, {@code --symbol} and
 * {@code --market}, read into the library's {@link FrameSelection}.
 */
final class SelectionOptions
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
     * The selection the options name, its range checked ({@link FrameSelection#validateRange}).
     *
     * @throws ParameterException when {@code --to} is not after {@code --from}.
     * @throws TicktapeException  for a market that is not one.
     */
    FrameSelection selection(final CommandLine commandLine)
    {
        final FrameSelection selection = new FrameSelection().journals(journals);
        if (from != null)
        {
            selection.from(from);
        }
        if (to != null)
        {
            selection.to(to);
        }
        if (streams != null)
        {
            streams.forEach(selection::stream);
        }
        if (symbols != null)
        {
            symbols.forEach(selection::symbol);
        }
        try
        {
            selection.validateRange();
        }
        catch (final TicktapeException e)
        {
            throw new ParameterException(commandLine, e.getMessage());
        }
        if (markets != null)
        {
            markets.forEach(m -> selection.market(Market.fromName(m)));
        }
        return selection;
    }
}
