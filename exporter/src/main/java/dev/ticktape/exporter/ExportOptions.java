package dev.ticktape.exporter;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.replayer.FrameSelection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to export and how. Defaults: every event table plus {@code raw} and {@code sessions},
 * zstd, 64 MiB row groups, exact decimals, no book snapshots.
 */
public final class ExportOptions
{
    /** Default row-group size: big enough for analytics, small enough for a few tables open at once. */
    public static final long DEFAULT_ROW_GROUP_BYTES = 64L << 20;
    /**
     * Rows of an event table that are written grouped by symbol, market and stream, block after
     * block in receive order (see {@code docs/parquet-schema.md}). Measured on the peers'
     * workload: 16,384 exports 15 to 25% faster than 65,536 (a block's key batches stay in the
     * cache) for files 3% larger.
     */
    static final int BLOCK_ROWS = 1 << 14;
    /** Default interval of {@code book_snapshot_<N>}: one second. */
    public static final long DEFAULT_BOOK_INTERVAL_NANOS = 1_000_000_000L;

    private final FrameSelection selection = new FrameSelection();
    private Path out;
    private final Set<String> types = new LinkedHashSet<>();
    private CompressionCodecName compression = CompressionCodecName.ZSTD;
    private long rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
    private boolean floats;
    private int blockRows = BLOCK_ROWS;
    private int bookLevels;
    private long bookIntervalNanos = DEFAULT_BOOK_INTERVAL_NANOS;
    private ExportProgress progress = ExportProgress.NONE;

    /** @param journal a journal directory; several are merged in receive-time order. @return this. */
    public ExportOptions journal(final Path journal)
    {
        selection.journal(journal);
        return this;
    }

    /** @param out the output directory, created if missing. @return this. */
    public ExportOptions out(final Path out)
    {
        this.out = out;
        return this;
    }

    /** @param epochNanos first receive time exported (inclusive). @return this. */
    public ExportOptions from(final long epochNanos)
    {
        selection.from(epochNanos);
        return this;
    }

    /** @param epochNanos end of the range (exclusive). @return this. */
    public ExportOptions to(final long epochNanos)
    {
        selection.to(epochNanos);
        return this;
    }

    /**
     * @param type a table to write ({@code trade}, {@code raw}, {@code sessions}, {@code book_snapshot_20}, ...);
     *             none given means all but book snapshots.
     * @return this.
     */
    public ExportOptions type(final String type)
    {
        types.add(type);
        return this;
    }

    /** @param stream a stream to export (others are skipped); none given means all. @return this. */
    public ExportOptions stream(final String stream)
    {
        selection.stream(stream);
        return this;
    }

    /** @param symbol a symbol to export (frames of its streams only); none given means all. @return this. */
    public ExportOptions symbol(final String symbol)
    {
        selection.symbol(symbol);
        return this;
    }

    /** @param market a market to export; none given means all. @return this. */
    public ExportOptions market(final Market market)
    {
        selection.market(market);
        return this;
    }

    /**
     * @param selection the journals, range, streams, symbols and markets to export, all at once (copied).
     * @return this.
     */
    public ExportOptions select(final FrameSelection selection)
    {
        this.selection.set(selection);
        return this;
    }

    /** @param compression page compression. @return this. */
    public ExportOptions compression(final CompressionCodecName compression)
    {
        this.compression = compression;
        return this;
    }

    /** @param bytes row-group size in bytes. @return this. */
    public ExportOptions rowGroupBytes(final long bytes)
    {
        this.rowGroupBytes = bytes;
        return this;
    }

    /** @param rows rows per block of a clustered table (tests use small ones). @return this. */
    ExportOptions blockRows(final int rows)
    {
        this.blockRows = rows;
        return this;
    }

    int blockRows()
    {
        return blockRows;
    }

    /** @param floats write decimals as doubles. @return this. */
    public ExportOptions floats(final boolean floats)
    {
        this.floats = floats;
        return this;
    }

    /** @param levels write {@code book_snapshot_<levels>} (0: no book snapshots). @return this. */
    public ExportOptions bookLevels(final int levels)
    {
        this.bookLevels = levels;
        return this;
    }

    /** @param nanos interval between book snapshots, in receive time. @return this. */
    public ExportOptions bookIntervalNanos(final long nanos)
    {
        this.bookIntervalNanos = nanos;
        return this;
    }

    /** @param progress told of progress now and then, on the exporting thread. @return this. */
    public ExportOptions progress(final ExportProgress progress)
    {
        this.progress = progress;
        return this;
    }

    /** @return the selection exported (the live object: its setters change these options). */
    public FrameSelection selection()
    {
        return selection;
    }

    /**
     * Checks the options as an export does before it starts.
     *
     * @throws TicktapeException {@link ErrorCode#USAGE}: the selection ({@link FrameSelection#validate}), no
     *                           output directory, row groups under 64 KiB, a book snapshot interval that is
     *                           not positive or book levels outside 0 to 5000.
     */
    public void validate()
    {
        selection.validate("export");
        if (out == null)
        {
            throw new TicktapeException(ErrorCode.USAGE, "no output directory given");
        }
        if (rowGroupBytes < (64 << 10))
        {
            throw new TicktapeException(ErrorCode.USAGE, "row groups must be at least 64 KiB");
        }
        if (bookIntervalNanos <= 0)
        {
            throw new TicktapeException(ErrorCode.USAGE, "the book snapshot interval must be positive");
        }
        if (bookLevels < 0 || bookLevels > 5000)
        {
            throw new TicktapeException(ErrorCode.USAGE, "book snapshot levels must be between 1 and 5000");
        }
    }

    public List<Path> journals()
    {
        return selection.journals();
    }

    public Path out()
    {
        return out;
    }

    public long from()
    {
        return selection.from();
    }

    public long to()
    {
        return selection.to();
    }

    public Set<String> types()
    {
        return types;
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

    /**
     * @return the frame filters ({@code stream=}, {@code symbol=}, {@code market=}), sorted; empty
     *         without any. They name the files and go into their metadata.
     */
    public java.util.List<String> filters()
    {
        final java.util.List<String> f = new java.util.ArrayList<>();
        selection.streams().forEach(v -> f.add("stream=" + v));
        selection.symbols().forEach(v -> f.add("symbol=" + v));
        selection.markets().forEach(v -> f.add("market=" + v.wireName()));
        java.util.Collections.sort(f);
        return f;
    }

    public CompressionCodecName compression()
    {
        return compression;
    }

    public long rowGroupBytes()
    {
        return rowGroupBytes;
    }

    public boolean floats()
    {
        return floats;
    }

    public int bookLevels()
    {
        return bookLevels;
    }

    public long bookIntervalNanos()
    {
        return bookIntervalNanos;
    }

    public ExportProgress progress()
    {
        return progress;
    }
}
