package dev.ticktape.exporter;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.EventType;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.decode.PriceLevels;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEventHandler;
import dev.ticktape.core.book.BookReplay;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.ReplayStats;
import dev.ticktape.replayer.Replayer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exports journals to Parquet: replays them at full speed with overlap duplicates dropped,
 * decodes every frame with the live decoders, and writes one row per event (per level, bracket or
 * component where an event holds a list) into the table of its event type, plus {@code raw},
 * {@code sessions} and, when asked, {@code book_snapshot_<N>}.
 * <p>
 * Two threads: the caller's replays, decodes and copies each row's values into a column
 * {@link Batch} of its table; the {@link Encoder}'s writes full batches through parquet-java's
 * column writers into one file per table and date.
 * <p>
 * Files go under Hive-style partitions {@code type=<table>/date=<YYYY-MM-DD>} (receive date, UTC),
 * one file per table and date per export, named after the part of the exported range it covers
 * ({@link ExportFiles}). They are written into a staging directory and moved to their final names
 * only when the whole export has succeeded; earlier files of the same range are then replaced, so
 * a re-run yields the same files, and files outside the range are never touched.
 */
public final class Exporter
{
    /** The version of the table definitions, written into every file's metadata. */
    public static final String SCHEMA_VERSION = "2";

    private static final Pattern BOOK_SNAPSHOT = Pattern.compile(Tables.BOOK_SNAPSHOT_PREFIX + "(\\d{1,4})");
    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final int PROGRESS_EVERY = 1 << 14;

    private final ExportOptions options;
    private final Map<String, Table> selected = new LinkedHashMap<>();
    private final Row row = new Row();
    private final TableWriter.Settings settings;
    private final Map<String, String> baseMetadata = new LinkedHashMap<>();
    private final ExportFiles files;
    /** The frame filters, as they name the files and go into their metadata. */
    private final List<String> filters;

    private Table raw;
    private Table sessions;
    private Table bookSnapshot;
    private int bookLevels;
    private final Map<EventType, Table> eventTables = new EnumMap<>(EventType.class);
    private final Map<Table, Filling> filling = new LinkedHashMap<>();
    /** Files the encoder finished; read after it has stopped. */
    private final List<ExportFiles.Staged> finished = new ArrayList<>();
    private Encoder encoder;

    private long firstSeen = Long.MAX_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private long records;
    private long totalRecords;
    private long rows;
    private long decodeErrors;
    private long nextBoundary = Long.MIN_VALUE;
    private BookReplay bookReplay;

    private Exporter(final ExportOptions options)
    {
        this.options = options;
        chooseTables();
        this.settings = new TableWriter.Settings(options.compression(), options.rowGroupBytes(), options.floats(), options.blockRows());
        this.row.floats = options.floats();
        this.filters = options.filters();
        this.files = new ExportFiles(options.out(), ExportFiles.suffix(filters));
    }

    /**
     * Runs an export.
     *
     * @param options what to export.
     * @return what was written.
     * @throws TicktapeException {@code USAGE} for bad options or an output that conflicts with the
     *                           range, {@code DATA} for a foreign journal or a value that cannot be
     *                           written exactly, {@code IO} for a failing disk. Nothing is left
     *                           under a final name, and no earlier file is removed.
     */
    public static ExportSummary export(final ExportOptions options)
    {
        return new Exporter(options).run();
    }

    /** The tables the options name ({@code --type}, {@code book_snapshot_<N>}), the options checked first. */
    private void chooseTables()
    {
        options.validate();
        final Map<String, Table> all = Tables.all();
        bookLevels = options.bookLevels();
        if (options.types().isEmpty())
        {
            selected.putAll(all);
        }
        for (final String type : options.types())
        {
            final Matcher m = BOOK_SNAPSHOT.matcher(type);
            if (m.matches())
            {
                final int n = Integer.parseInt(m.group(1));
                if (n < 1 || n > 5000 || (bookLevels != 0 && bookLevels != n))
                {
                    throw new TicktapeException(ErrorCode.USAGE, "bad book snapshot table " + type
                        + ": one book_snapshot_<N> with N from 1 to 5000");
                }
                bookLevels = n;
            }
            else if (all.containsKey(type))
            {
                selected.put(type, all.get(type));
            }
            else
            {
                throw new TicktapeException(ErrorCode.USAGE, "unknown table " + type + "; one of "
                    + String.join(", ", all.keySet()) + ", book_snapshot_<N>");
            }
        }
        if (bookLevels > 0)
        {
            bookSnapshot = Tables.bookSnapshot(bookLevels);
            selected.put(bookSnapshot.name, bookSnapshot);
        }
        raw = selected.get(Tables.RAW);
        sessions = selected.get(Tables.SESSIONS);
        for (final EventType type : EventType.values())
        {
            final Table t = selected.get(type.wireName());
            if (t != null)
            {
                eventTables.put(type, t);
            }
        }
    }

    private ExportSummary run()
    {
        final long start = System.nanoTime();
        baseMetadata.put("ticktape.schema_version", SCHEMA_VERSION);
        baseMetadata.put("ticktape.journals", String.join(",", options.journals().stream()
            .map(p -> p.toAbsolutePath().normalize().toString()).toList()));
        if (!filters.isEmpty())
        {
            baseMetadata.put("ticktape.filters", String.join(",", filters));
        }
        try (FileChannel lockFile = files.lockChannel(); FileLock lock = tryLock(lockFile))
        {
            files.removeAbandonedStaging();
            files.createStaging();
            final ReplayStats stats;
            final long from;
            final long to;
            encoder = new Encoder(new StagedFiles(), options.to(), options.blockRows());
            try
            {
                stats = replay();
                from = rangeFrom();
                to = options.to() != Long.MAX_VALUE ? options.to() : (lastSeen == Long.MIN_VALUE ? from : lastSeen + 1);
                for (final Filling f : filling.values())
                {
                    send(f);
                }
                filling.clear();
                encoder.finish(from, to);
                finished.sort(Comparator.comparingLong(ExportFiles.Staged::day).thenComparing(ExportFiles.Staged::table));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                abandon();
                throw new TicktapeException(ErrorCode.IO, "export interrupted", e);
            }
            catch (final RuntimeException | Error e)
            {
                abandon();
                throw translate(e);
            }
            final ExportFiles.Commit commit;
            try
            {
                commit = files.commit(finished, selected.keySet(), from, to);
            }
            finally
            {
                files.removeStaging();
            }
            final Map<String, Long> rowsByTable = new LinkedHashMap<>();
            final Map<String, Long> bytesByTable = new LinkedHashMap<>();
            for (final ExportFiles.Staged s : finished)
            {
                rowsByTable.merge(s.table(), s.rows(), Long::sum);
                bytesByTable.merge(s.table(), s.bytes(), Long::sum);
            }
            return new ExportSummary(rowsByTable, bytesByTable, commit.written(), commit.replaced(), stats.frames(),
                stats.duplicates(), decodeErrors, from == Long.MAX_VALUE ? 0 : from, to == Long.MAX_VALUE ? 0 : to,
                System.nanoTime() - start);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot write to " + options.out() + ": " + e.getMessage(), e);
        }
    }

    private FileLock tryLock(final FileChannel channel) throws IOException
    {
        final FileLock lock = channel.tryLock();
        if (lock == null)
        {
            throw new TicktapeException(ErrorCode.USAGE, "another export is writing to " + options.out());
        }
        return lock;
    }

    private ReplayStats replay()
    {
        final ReplayOptions replay = new ReplayOptions().select(options.selection()).maxSpeed().deduplicate(true);
        for (final Path journal : options.journals())
        {
            try (JournalReader reader = JournalReader.open(journal))
            {
                totalRecords += reader.recordCount();
            }
        }
        final EventRouter events = new EventRouter(eventTables, new EventRouter.Rows()
        {
            @Override
            public void event(final Table table, final JournalFrame frame, final MarketEvent event)
            {
                writeEvent(table, frame, event);
            }

            @Override
            public void levels(final Table table, final JournalFrame frame, final MarketEvent event, final PriceLevels bids,
                final PriceLevels asks)
            {
                writeLevels(table, frame, event, bids, asks);
            }

            @Override
            public void items(final Table table, final JournalFrame frame, final MarketEvent event, final int items)
            {
                writeItems(table, frame, event, items);
            }

            @Override
            public void decodeError()
            {
                decodeErrors++;
            }
        });
        final FrameHandler decoder;
        final SessionEventHandler decoderEvents;
        // raw and sessions alone need no frame decoded
        final boolean decoding = !eventTables.isEmpty() || bookSnapshot != null;
        if (bookSnapshot != null)
        {
            bookReplay = new BookReplay(events, new BookListener()
            {
            }, (index, recv, event) -> { }, events);
            decoder = bookReplay;
            decoderEvents = bookReplay;
        }
        else
        {
            final MarketDataDecoder d = new MarketDataDecoder(events, events);
            decoder = d;
            decoderEvents = d;
        }
        try (Replayer replayer = Replayer.open(replay))
        {
            final ReplayStats stats = replayer.run(frame ->
            {
                tick(frame.recvEpochNanos());
                if (raw != null)
                {
                    row.frame = frame;
                    row.recvNanos = frame.recvEpochNanos();
                    write(raw);
                }
                if (decoding)
                {
                    decoder.onFrame(frame);
                }
            }, (index, recv, event) ->
            {
                tick(recv);
                if (sessions != null)
                {
                    row.session = event;
                    row.sessionIndex = index;
                    row.recvNanos = recv;
                    write(sessions);
                }
                decoderEvents.onEvent(index, recv, event);
            });
            options.progress().onProgress(records, totalRecords, rows);
            return stats;
        }
    }

    /** Before each record: range bookkeeping, progress, and the book snapshots due before it. */
    private void tick(final long recv)
    {
        if (recv < firstSeen)
        {
            firstSeen = recv;
        }
        if (recv > lastSeen)
        {
            lastSeen = recv;
        }
        if ((++records & (PROGRESS_EVERY - 1)) == 0)
        {
            options.progress().onProgress(records, totalRecords, rows);
        }
        if (bookSnapshot != null)
        {
            final long interval = options.bookIntervalNanos();
            if (nextBoundary == Long.MIN_VALUE)
            {
                nextBoundary = Math.floorDiv(recv, interval) * interval + interval;
            }
            while (recv >= nextBoundary)
            {
                snapshotBooks(nextBoundary);
                nextBoundary += interval;
            }
        }
    }

    private void snapshotBooks(final long at)
    {
        for (final OrderBook book : bookReplay.books().books())
        {
            if (!book.isSynced())
            {
                continue;
            }
            row.book = book;
            row.recvNanos = at;
            final int levels = Math.min(bookLevels, Math.max(book.bidLevels(), book.askLevels()));
            for (int i = 0; i < levels; i++)
            {
                row.item = i;
                write(bookSnapshot);
            }
        }
    }

    private void writeEvent(final Table table, final JournalFrame frame, final MarketEvent event)
    {
        if (table == null)
        {
            return;
        }
        row.frame = frame;
        row.event = event;
        row.recvNanos = frame.recvEpochNanos();
        row.item = -1;
        write(table);
    }

    private void writeLevels(final Table table, final JournalFrame frame, final MarketEvent event, final PriceLevels bids,
        final PriceLevels asks)
    {
        if (table == null)
        {
            return;
        }
        row.frame = frame;
        row.event = event;
        row.recvNanos = frame.recvEpochNanos();
        row.bid = true;
        row.levels = bids;
        for (int i = 0, n = bids.count(); i < n; i++)
        {
            row.item = i;
            write(table);
        }
        row.bid = false;
        row.levels = asks;
        for (int i = 0, n = asks.count(); i < n; i++)
        {
            row.item = i;
            write(table);
        }
    }

    private void writeItems(final Table table, final JournalFrame frame, final MarketEvent event, final int items)
    {
        if (table == null)
        {
            return;
        }
        if (items == 0)
        {
            writeEvent(table, frame, event);
            return;
        }
        row.frame = frame;
        row.event = event;
        row.recvNanos = frame.recvEpochNanos();
        for (int i = 0; i < items; i++)
        {
            row.item = i;
            write(table);
        }
    }

    private long rangeFrom()
    {
        return options.from() != Long.MIN_VALUE ? options.from() : firstSeen;
    }

    /** The batch a table is filling (decoding thread), and the rows of its current block. */
    private static final class Filling
    {
        Batch batch;
        int blockRows;
    }

    /**
     * Appends the {@link Row} to its table's batch, handing full batches to the encoder, and ends a
     * clustered table's block every {@code blockRows} rows.
     */
    private void write(final Table table)
    {
        final long day = Math.floorDiv(row.recvNanos, DAY_NANOS);
        try
        {
            Filling f = filling.get(table);
            if (f == null)
            {
                f = new Filling();
                filling.put(table, f);
            }
            Batch b = f.batch;
            if (b != null && b.day != day)
            {
                send(f); // a new day is a new file, whose blocks start again
                b = null;
                f.blockRows = 0;
            }
            if (b == null)
            {
                b = encoder.take(table, day);
                f.batch = b;
            }
            table.write(b, row);
            if (b.full())
            {
                send(f);
            }
            if (table.clustered() && ++f.blockRows == options.blockRows())
            {
                send(f);
                encoder.endBlock(table);
                f.blockRows = 0;
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new TicktapeException(ErrorCode.IO, "export interrupted", e);
        }
        rows++;
    }

    /** Hands the table's batch over, if it has one. */
    private void send(final Filling f) throws InterruptedException
    {
        if (f.batch != null)
        {
            send(f.batch);
            f.batch = null;
        }
    }

    private void send(final Batch b) throws InterruptedException
    {
        if (b.rows > 0)
        {
            b.from = rangeFrom();
            encoder.send(b);
        }
    }

    /** Opening and closing files, on the encoder's thread. */
    private final class StagedFiles implements Encoder.Files
    {
        @Override
        public TableWriter open(final Table table, final long day) throws IOException
        {
            return new TableWriter(table, files.stagingFile(table.name, day), settings, baseMetadata);
        }

        @Override
        public void close(final Table table, final TableWriter writer, final long day, final long from, final long to)
            throws IOException
        {
            final long fileFrom = Math.max(from, day * DAY_NANOS);
            final long fileTo = Math.min(to, (day + 1) * DAY_NANOS);
            writer.metadata("ticktape.table", table.name);
            writer.metadata("ticktape.range_from_ns", Long.toString(fileFrom));
            writer.metadata("ticktape.range_to_ns", Long.toString(fileTo));
            writer.metadata("ticktape.first_recv_ns", Long.toString(writer.firstRecvNanos()));
            writer.metadata("ticktape.last_recv_ns", Long.toString(writer.lastRecvNanos()));
            writer.metadata("ticktape.rows", Long.toString(writer.rows()));
            writer.close();
            finished.add(new ExportFiles.Staged(table.name, day, fileFrom, fileTo, writer.temporary(), writer.rows(),
                ExportFiles.size(writer.temporary())));
        }
    }

    private void abandon()
    {
        if (encoder != null)
        {
            encoder.abort();
        }
        files.removeStaging();
    }

    private static RuntimeException translate(final Throwable e)
    {
        if (e instanceof TicktapeException t)
        {
            return t;
        }
        if (e instanceof Error err)
        {
            throw err;
        }
        Throwable cause = e;
        while (cause != null)
        {
            if (cause instanceof TicktapeException t)
            {
                return t;
            }
            if (cause instanceof IOException io)
            {
                return new TicktapeException(ErrorCode.IO, "cannot write Parquet: " + io.getMessage(), e);
            }
            cause = cause.getCause();
        }
        return (RuntimeException) e;
    }
}
