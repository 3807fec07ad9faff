package dev.ticktape.replayer;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which frames of which journals: the journal directories (several are merged in receive-time
 * order), a receive-time range ({@code from} inclusive, {@code to} exclusive) and the streams,
 * symbols and markets to keep (none of a kind means all of it). The one definition of a selection
 * that replay ({@link ReplayOptions}), export, serve and the CLI's {@code --journal}, {@code --from},
 * {@code --to}, {@code --stream}, {@code --symbol} and {@code --market} share, with the one check
 * of it ({@link #validate}).
 */
public final class FrameSelection
{
    /** The most journals one replay merges. */
    public static final int MAX_JOURNALS = 15;

    private final List<Path> journals = new ArrayList<>();
    private long from = Long.MIN_VALUE;
    private long to = Long.MAX_VALUE;
    private final Set<String> streams = new LinkedHashSet<>();
    private final Set<String> symbols = new LinkedHashSet<>();
    private final Set<Market> markets = EnumSet.noneOf(Market.class);

    /** @param journal a journal directory; several are merged in receive-time order. @return this. */
    public FrameSelection journal(final Path journal)
    {
        journals.add(journal);
        return this;
    }

    /** @param journals journal directories, merged in receive-time order. @return this. */
    public FrameSelection journals(final List<Path> journals)
    {
        this.journals.addAll(journals);
        return this;
    }

    /** @param epochNanos the first receive time selected (inclusive). @return this. */
    public FrameSelection from(final long epochNanos)
    {
        this.from = epochNanos;
        return this;
    }

    /** @param epochNanos the receive time the selection ends at (exclusive). @return this. */
    public FrameSelection to(final long epochNanos)
    {
        this.to = epochNanos;
        return this;
    }

    /** @param stream a stream to keep (others are skipped); none given means all. @return this. */
    public FrameSelection stream(final String stream)
    {
        streams.add(stream);
        return this;
    }

    /** @param symbol a symbol to keep, such as {@code BTCUSDT} (frames of its streams only); none given means all. @return this. */
    public FrameSelection symbol(final String symbol)
    {
        symbols.add(symbol.toLowerCase(Locale.ROOT));
        return this;
    }

    /** @param market a market to keep; none given means all. @return this. */
    public FrameSelection market(final Market market)
    {
        markets.add(market);
        return this;
    }

    /**
     * Makes this selection the same as another (its journals, range, streams, symbols and markets).
     *
     * @param other the selection to copy.
     * @return this.
     */
    public FrameSelection set(final FrameSelection other)
    {
        if (other != this)
        {
            journals.clear();
            journals.addAll(other.journals);
            from = other.from;
            to = other.to;
            streams.clear();
            streams.addAll(other.streams);
            symbols.clear();
            symbols.addAll(other.symbols);
            markets.clear();
            markets.addAll(other.markets);
        }
        return this;
    }

    /** @return an independent copy. */
    public FrameSelection copy()
    {
        return new FrameSelection().set(this);
    }

    /** @return the journal directories, in the order given. */
    public List<Path> journals()
    {
        return List.copyOf(journals);
    }

    /** @return the first receive time selected (inclusive), {@link Long#MIN_VALUE} for the start. */
    public long from()
    {
        return from;
    }

    /** @return the receive time the selection ends at (exclusive), {@link Long#MAX_VALUE} for the end. */
    public long to()
    {
        return to;
    }

    /** @return the streams kept, in the order given; empty for all. */
    public Set<String> streams()
    {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(streams));
    }

    /** @return the symbols kept (lower case, as stream names spell them), in the order given; empty for all. */
    public Set<String> symbols()
    {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(symbols));
    }

    /** @return the markets kept; empty for all. */
    public Set<Market> markets()
    {
        return markets.isEmpty() ? EnumSet.noneOf(Market.class) : EnumSet.copyOf(markets);
    }

    /**
     * The range alone: for a caller that checks it before the journals are known.
     *
     * @throws TicktapeException {@link ErrorCode#USAGE} when the range ends at or before its start.
     */
    public void validateRange()
    {
        if (to <= from)
        {
            throw new TicktapeException(ErrorCode.USAGE, "--to is not after --from");
        }
    }

    /**
     * Checks the selection: at least one journal, at most {@value #MAX_JOURNALS}, and a range that
     * ends after it starts.
     *
     * @param action what the journals are for, for the message ("replay", "export", "serve").
     * @throws TicktapeException {@link ErrorCode#USAGE} when the selection cannot be read.
     */
    public void validate(final String action)
    {
        if (journals.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "no journal to " + action);
        }
        if (journals.size() > MAX_JOURNALS)
        {
            throw new TicktapeException(ErrorCode.USAGE, "at most " + MAX_JOURNALS + " journals can be merged, got " + journals.size());
        }
        validateRange();
    }
}
