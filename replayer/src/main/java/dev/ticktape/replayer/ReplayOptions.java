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
 * What to replay and how fast: one or more journals, a receive-time range, streams, symbols or
 * markets, and the pace. A fluent, mutable description; {@link Replayer#open} checks it.
 */
public final class ReplayOptions
{
    /** The pace of {@link #maxSpeed()}: no waiting at all. */
    public static final double MAX_SPEED = Double.POSITIVE_INFINITY;
    /** The default {@link #spinWindow}: 2 ms. */
    public static final long DEFAULT_SPIN_WINDOW_NANOS = 2_000_000;

    private final FrameSelection selection = new FrameSelection();
    private double speed = 1.0;
    private boolean deduplicate = true;
    private long duplicateWindowNanos = 10_000_000_000L;
    private long spinWindowNanos = DEFAULT_SPIN_WINDOW_NANOS;

    /** @param journal a journal directory to replay; several are merged in receive-time order. @return this. */
    public ReplayOptions journal(final Path journal)
    {
        selection.journal(journal);
        return this;
    }

    /** @param journals journal directories, merged in receive-time order. @return this. */
    public ReplayOptions journals(final List<Path> journals)
    {
        selection.journals(journals);
        return this;
    }

    /** @param epochNanos the first receive time to replay (inclusive). @return this. */
    public ReplayOptions from(final long epochNanos)
    {
        selection.from(epochNanos);
        return this;
    }

    /** @param epochNanos the receive time to stop at (exclusive). @return this. */
    public ReplayOptions to(final long epochNanos)
    {
        selection.to(epochNanos);
        return this;
    }

    /** @param stream only frames of this stream (repeatable; none given: all). @return this. */
    public ReplayOptions stream(final String stream)
    {
        selection.stream(stream);
        return this;
    }

    /** @param symbol only frames of streams of this symbol, such as {@code BTCUSDT} (repeatable). @return this. */
    public ReplayOptions symbol(final String symbol)
    {
        selection.symbol(symbol);
        return this;
    }

    /** @param market only frames of this market (repeatable). @return this. */
    public ReplayOptions market(final Market market)
    {
        selection.market(market);
        return this;
    }

    /**
     * @param selection the journals, range, streams, symbols and markets to replay, all at once (copied).
     * @return this.
     */
    public ReplayOptions select(final FrameSelection selection)
    {
        this.selection.set(selection);
        return this;
    }

    /**
     * @param speed 1 for the original pace (receive-time gaps reproduced), 10 for ten times faster,
     *              0.5 for half, {@link #MAX_SPEED} for as fast as possible.
     * @return this.
     */
    public ReplayOptions speed(final double speed)
    {
        if (!(speed > 0))
        {
            throw new TicktapeException(ErrorCode.USAGE, "speed must be positive, or max: " + speed);
        }
        this.speed = speed;
        return this;
    }

    /** As fast as possible. @return this. */
    public ReplayOptions maxSpeed()
    {
        this.speed = MAX_SPEED;
        return this;
    }

    /**
     * @param deduplicate whether frames that reached the journal(s) twice, from two connections
     *                    overlapping or two recorders, are delivered once (default yes).
     * @return this.
     */
    public ReplayOptions deduplicate(final boolean deduplicate)
    {
        this.deduplicate = deduplicate;
        return this;
    }

    /**
     * @param nanos how far apart in receive time two copies of a frame may be and still be duplicates
     *              (default 10 s: two recorders' clocks and routes differ by far less).
     * @return this.
     */
    public ReplayOptions duplicateWindow(final long nanos)
    {
        this.duplicateWindowNanos = nanos;
        return this;
    }

    /**
     * How a paced replay waits for a record's due time: it parks (sleeps) until this long before
     * it, then spins (busy-waits) on the CPU. The default, 2 ms, keeps a dense replay spinning from
     * record to record: a thread that goes to sleep on a shared or virtual machine wakes late now
     * and then, and those wake-ups are most of a paced replay's lateness (on the 2-core VM we
     * measure on, spinning took the ×1 p99 from 60 to 250 µs down to 25 to 56 µs). A sparse replay
     * (seconds between records) still sleeps nearly all the time. 0 parks as long as it can, for
     * the least CPU: the pacer then spins only for the 99th percentile of its own parks' oversleep,
     * which it learns as it goes (the replay server runs each connection's replay this way).
     *
     * @param nanos 0 or more.
     * @return this.
     */
    public ReplayOptions spinWindow(final long nanos)
    {
        if (nanos < 0)
        {
            throw new TicktapeException(ErrorCode.USAGE, "the spin window cannot be negative: " + nanos);
        }
        this.spinWindowNanos = nanos;
        return this;
    }

    /** @return the selection this replay reads (the live object: its setters change these options). */
    public FrameSelection selection()
    {
        return selection;
    }

    public List<Path> journals()
    {
        return selection.journals();
    }

    public long from()
    {
        return selection.from();
    }

    public long to()
    {
        return selection.to();
    }

    public Set<String> streams()
    {
        return selection.streams();
    }

    public Set<String> symbols()
    {
        return selection.symbols();
    }

    public Set<Market> markets()
    {
        return selection.markets();
    }

    public double speed()
    {
        return speed;
    }

    public boolean deduplicate()
    {
        return deduplicate;
    }

    public long duplicateWindowNanos()
    {
        return duplicateWindowNanos;
    }

    public long spinWindowNanos()
    {
        return spinWindowNanos;
    }

    /**
     * An independent copy: the replay server starts one replay per connection from the same options.
     *
     * @return the copy.
     */
    public ReplayOptions copy()
    {
        final ReplayOptions c = new ReplayOptions().select(selection);
        c.speed = speed;
        c.deduplicate = deduplicate;
        c.duplicateWindowNanos = duplicateWindowNanos;
        c.spinWindowNanos = spinWindowNanos;
        return c;
    }

    /**
     * Checks the options as {@link Replayer#open} does, for a caller that opens replays later.
     *
     * @throws TicktapeException {@link ErrorCode#USAGE} as {@link FrameSelection#validate} finds.
     */
    public void validate()
    {
        selection.validate("replay");
    }
}
