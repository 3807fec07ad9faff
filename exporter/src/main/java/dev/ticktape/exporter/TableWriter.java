package dev.ticktape.exporter;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One Parquet file being written: a table's rows for one date, into a temporary file that the
 * exporter renames when the whole export has succeeded.
 * <p>
 * It drives parquet-java's column layer directly, as its own {@code InternalParquetRecordWriter}
 * does but without the record-assembly layer ({@code MessageColumnIO}) a flat table does not need:
 * a {@link Batch} hands its rows to the {@link ColumnWriter}s, row groups are cut when the buffered
 * size reaches the target, and {@link ParquetFileWriter} lays out the file on a
 * {@link LocalOutputFile}. Compression is {@link ParquetCodecs}; no Hadoop class is loaded. The
 * key-value metadata (schema version, source range, row range) is written when the file closes.
 */
final class TableWriter implements AutoCloseable
{
    private static final int MIN_ROWS_BEFORE_CHECK = 100;
    private static final int MAX_ROWS_BEFORE_CHECK = 10_000;

    private final Path temporary;
    private final MessageType schema;
    private final List<ColumnDescriptor> descriptors;
    private final ParquetProperties properties;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    /** For the columns of whole payloads ({@code raw}'s): see {@link ParquetCodecs#getBlobCompressor}. */
    private final CompressionCodecFactory.BytesInputCompressor blobCompressor;
    /** The columns of whole payloads ({@link Column#payload}). */
    private final java.util.Set<String> blobs = new java.util.HashSet<>();
    private final ParquetFileWriter file;
    private final long rowGroupBytes;
    private final Map<String, String> metadata;

    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private final ColumnWriter[] writers;
    private long groupRows;
    private long nextCheck = MIN_ROWS_BEFORE_CHECK;
    private int rowGroups;

    private final Clusters clusters;
    private KeyBatch[] block = new KeyBatch[8];
    private int blockBatches;
    /** A block's batches to sort: each one's key rank above its place in {@link #block}. */
    private long[] order = new long[8];
    private Consumer<Batch> release = b -> { };

    private long rows;
    private long firstRecvNanos = Long.MAX_VALUE;
    private long lastRecvNanos = Long.MIN_VALUE;

    TableWriter(final Table table, final Path temporary, final Settings settings, final Map<String, String> metadata)
        throws IOException
    {
        this.temporary = temporary;
        this.metadata = new LinkedHashMap<>(metadata);
        this.schema = table.schema(settings.floats());
        this.descriptors = schema.getColumns();
        this.rowGroupBytes = settings.rowGroupBytes();
        this.clusters = table.clustered() ? new Clusters(table, this::hold, settings.blockRows()) : null;
        this.helperColumns = helperShare(table);
        final int columnCount = table.columns().size();
        this.allColumns = columnCount >= Long.SIZE ? -1L : (1L << columnCount) - 1;
        final ParquetProperties.Builder props = ParquetProperties.builder()
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
            .withPageSize(ParquetProperties.DEFAULT_PAGE_SIZE)
            .withDictionaryPageSize(ParquetProperties.DEFAULT_DICTIONARY_PAGE_SIZE)
            .withSizeStatisticsEnabled(false)
            .withPageRowCountLimit(Integer.MAX_VALUE)
            .withDictionaryEncoding(false);
        for (final Column c : table.columns())
        {
            // Version 2 encodings: delta for times and ids, a dictionary where values repeat
            props.withDictionaryEncoding(c.name, c.dictionary);
            if (!c.statistics(settings.floats()))
            {
                props.withStatisticsEnabled(c.name, false);
            }
        }
        for (final Column c : table.columns())
        {
            if (c.payload())
            {
                blobs.add(c.name);
            }
        }
        final BlobPages blobPages = settings.compression() == CompressionCodecName.ZSTD && !blobs.isEmpty()
            ? new BlobPages(ParquetCodecs.BLOB_ZSTD_LEVEL) : null;
        this.properties = props.withValuesWriterFactory(new Encodings(blobs, blobPages)).build();
        this.compressor = new ParquetCodecs().getCompressor(settings.compression());
        this.blobCompressor = blobPages != null ? blobPages.compressor() : new ParquetCodecs().getBlobCompressor(settings.compression());
        this.file = new ParquetFileWriter(new LocalOutputFile(temporary), schema, ParquetFileWriter.Mode.CREATE,
            rowGroupBytes, 0, null, properties);
        this.file.start();
        this.writers = new ColumnWriter[descriptors.size()];
        startRowGroup();
    }

    /** How every file of an export is written. */
    record Settings(CompressionCodecName compression, long rowGroupBytes, boolean floats, int blockRows)
    {
    }

    private void startRowGroup()
    {
        pages = ColumnChunkPageWriteStore.builder()
            .withCompressorProvider(d -> blobs.contains(d.getPath()[0]) ? blobCompressor : compressor)
            .withSchema(schema)
            .withAllocator(new HeapByteBufferAllocator())
            .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
            .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
            .withRowGroupOrdinal(rowGroups)
            .build();
        columns = properties.newColumnWriteStore(schema, pages, pages);
        for (int i = 0; i < writers.length; i++)
        {
            writers[i] = columns.getColumnWriter(descriptors.get(i));
        }
        groupRows = 0;
    }

    private void flushRowGroup() throws IOException
    {
        if (groupRows > 0)
        {
            file.startBlock(groupRows);
            columns.flush();
            pages.flushToFileWriter(file);
            file.endBlock();
            rowGroups++;
        }
        columns.close();
        pages.close();
    }

    /** Where batches go once written, back to the encoder's pool. */
    void onRelease(final Consumer<Batch> release)
    {
        this.release = release;
    }

    /**
     * Takes a batch's rows (on the encoding thread). A table in receive order writes them now; a
     * clustered one copies them into its keys' batches ({@link Clusters}) until {@link #endBlock}.
     * The batch goes to {@link #onRelease} once taken.
     */
    void write(final Batch batch) throws IOException
    {
        for (int r = 0; r < batch.rows; r++)
        {
            final long t = batch.recvNanos(r);
            firstRecvNanos = Math.min(firstRecvNanos, t);
            lastRecvNanos = Math.max(lastRecvNanos, t);
        }
        rows += batch.rows;
        if (clusters == null)
        {
            emit(batch);
        }
        else
        {
            clusters.add(batch);
            blockRows += batch.rows;
        }
        release.accept(batch);
    }

    private void hold(final KeyBatch keyBatch)
    {
        if (blockBatches == block.length)
        {
            block = Arrays.copyOf(block, blockBatches * 2);
        }
        block[blockBatches++] = keyBatch;
    }

    /**
     * The decoding thread's block is done: the block is written when it holds enough rows for its
     * keys ({@link Clusters#blockRows}), else it goes on taking rows. With a few keys that is every
     * block the decoder ends; with thousands of symbols, a block of the decoder's size left each key
     * a few rows, and writing thousands of key batches of a few rows each cost more than the rows.
     */
    void blockDone() throws IOException
    {
        if (clusters != null && blockRows >= clusters.blockRows())
        {
            endBlock();
        }
    }

    /** Rows taken into the clustered block not yet written. */
    private int blockRows;

    /** @return the rows a clustered table's block holds before it is written (it grows with the keys seen), or 0. */
    int blockRows()
    {
        return clusters == null ? 0 : clusters.blockRows();
    }

    /**
     * Writes a clustered table's block: its key batches by key (symbol, market, stream), and a
     * key's batches in the order they filled, which is receive order; in runs of the rows due before
     * the next row-group check, each run's columns shared with the helper thread ({@link #writeRun}).
     */
    void endBlock() throws IOException
    {
        if (clusters == null)
        {
            return;
        }
        blockRows = 0;
        clusters.flush();
        // by key, and a key's batches in the order they filled: rank, then place, sorted as numbers
        if (order.length < blockBatches)
        {
            order = new long[block.length];
        }
        for (int b = 0; b < blockBatches; b++)
        {
            order[b] = (long) block[b].key.rank << 32 | b;
        }
        Arrays.sort(order, 0, blockBatches);
        // in runs of the rows due before the next row-group check, each run's columns written by two threads
        int b = 0;
        int from = 0;
        while (b < blockBatches)
        {
            final long want = Math.max(1, nextCheck - groupRows);
            int pieces = 0;
            long rows = 0;
            while (b < blockBatches && rows < want)
            {
                final KeyBatch kb = block[(int) order[b]];
                final int to = (int) Math.min(kb.rows, from + (want - rows));
                if (pieces == runBatch.length)
                {
                    runBatch = Arrays.copyOf(runBatch, pieces * 2);
                    runFrom = Arrays.copyOf(runFrom, pieces * 2);
                    runTo = Arrays.copyOf(runTo, pieces * 2);
                }
                runBatch[pieces] = kb;
                runFrom[pieces] = from;
                runTo[pieces] = to;
                pieces++;
                rows += to - from;
                if (to == kb.rows)
                {
                    b++;
                    from = 0;
                }
                else
                {
                    from = to;
                }
            }
            writeRun(pieces, rows);
            for (long r = 0; r < rows; r++)
            {
                columns.endRecord();
            }
            groupRows += rows;
            if (groupRows >= nextCheck)
            {
                checkRowGroup();
            }
        }
        Arrays.fill(runBatch, null);
        for (int i = 0; i < blockBatches; i++)
        {
            clusters.release(block[i]);
            block[i] = null;
        }
        blockBatches = 0;
    }

    /** Rows below which a run's columns are all written on the encoding thread: handing half over costs more. */
    private static final int SPLIT_ROWS = 512;
    /** A run of a clustered block: its pieces, each a key batch and a range of its rows. */
    private KeyBatch[] runBatch = new KeyBatch[64];
    private int[] runFrom = new int[64];
    private int[] runTo = new int[64];
    /** The columns (bit c: column c) of a run the helper thread writes, when it gets to them first; the encoder writes the rest. */
    private final long helperColumns;
    private final long allColumns;
    private final KeyBatch.Scratch ownScratch = new KeyBatch.Scratch();
    private final KeyBatch.Scratch helperScratch = new KeyBatch.Scratch();
    /** The helper's half of each run, given run by run (the helper's turn at a run taken back here may still be queued; it does nothing). */
    private final ExportHelper.Task helperTask = new ExportHelper.Task();

    /**
     * Writes a run's columns (not its records' ends): half of them on the {@link ExportHelper}'s
     * thread, which otherwise has little to do while the decoding thread waits for this one, and the
     * other half here; the helper's half is done here too when the helper has not started it by then.
     * Each column gets its values in the run's order either way, so the file is the same.
     */
    private void writeRun(final int pieces, final long rows) throws IOException
    {
        if (rows < SPLIT_ROWS)
        {
            writeColumns(allColumns, pieces, ownScratch);
            return;
        }
        final ExportHelper.Task task = helperTask;
        task.give(() -> writeColumns(helperColumns, pieces, helperScratch));
        try
        {
            writeColumns(allColumns & ~helperColumns, pieces, ownScratch);
        }
        catch (final RuntimeException | Error e)
        {
            // the export fails: not before the helper has stopped writing this file's columns
            task.cancel();
            throw e;
        }
        if (task.claim())
        {
            writeColumns(helperColumns, pieces, ownScratch);
            return;
        }
        try
        {
            task.await();
        }
        catch (final ExecutionException e)
        {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r)
            {
                throw r;
            }
            if (cause instanceof Error error)
            {
                throw error;
            }
            throw new IOException(cause);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a block's columns were written", e);
        }
    }

    /**
     * The helper's columns of a clustered table: about half of the work of writing a row, by a rough
     * cost per column (a dictionary of text hashes every value, a dictionary of numbers looks it up,
     * 12-byte decimals are copied, delta-coded numbers are cheapest), the costliest first to the lighter side.
     */
    private static long helperShare(final Table table)
    {
        final List<Column> all = table.columns();
        if (!table.clustered() || all.size() > Long.SIZE)
        {
            return 0;
        }
        final Integer[] byCost = new Integer[all.size()];
        for (int c = 0; c < byCost.length; c++)
        {
            byCost[c] = c;
        }
        Arrays.sort(byCost, (a, b) -> Integer.compare(cost(all.get(b)), cost(all.get(a))));
        long helper = 0;
        int helperCost = 0;
        int ownCost = 0;
        for (final int c : byCost)
        {
            if (helperCost < ownCost)
            {
                helper |= 1L << c;
                helperCost += cost(all.get(c));
            }
            else
            {
                ownCost += cost(all.get(c));
            }
        }
        return helper;
    }

    private static int cost(final Column c)
    {
        if (c.dictionary)
        {
            return c.binary() ? 4 : 3;
        }
        return c.binary() ? 2 : 1;
    }

    private void writeColumns(final long mask, final int pieces, final KeyBatch.Scratch scratch)
    {
        for (long m = mask; m != 0; m &= m - 1)
        {
            final int c = Long.numberOfTrailingZeros(m);
            final ColumnDescriptor d = descriptors.get(c);
            final ColumnWriter w = writers[c];
            for (int p = 0; p < pieces; p++)
            {
                runBatch[p].column(c, d, w, runFrom[p], runTo[p], scratch);
            }
        }
    }

    /** Hands a batch's rows to the column writers, cutting row groups at the target size. */
    private void emit(final Batch batch) throws IOException
    {
        int from = 0;
        final int rows = batch.rowCount();
        while (from < rows)
        {
            final int to = (int) Math.min(rows, from + Math.max(1, nextCheck - groupRows));
            batch.emit(descriptors, writers, columns, from, to);
            groupRows += to - from;
            from = to;
            if (groupRows >= nextCheck)
            {
                checkRowGroup();
            }
        }
    }

    /**
     * As parquet-java's record writer does: checks the buffered size now and then, and cuts the
     * row group when one more stretch of rows of this size would pass the target.
     */
    private void checkRowGroup() throws IOException
    {
        final long buffered = columns.getBufferedSize();
        final long perRow = Math.max(1, buffered / groupRows);
        if (buffered > rowGroupBytes - 2 * perRow)
        {
            flushRowGroup();
            startRowGroup();
            nextCheck = Math.min(Math.max(MIN_ROWS_BEFORE_CHECK, rows / Math.max(1, rowGroups) / 2), MAX_ROWS_BEFORE_CHECK);
        }
        else
        {
            nextCheck = Math.min(Math.max(MIN_ROWS_BEFORE_CHECK, (groupRows + rowGroupBytes / perRow) / 2),
                groupRows + MAX_ROWS_BEFORE_CHECK);
        }
    }

    long rows()
    {
        return rows;
    }

    Path temporary()
    {
        return temporary;
    }

    long firstRecvNanos()
    {
        return firstRecvNanos;
    }

    long lastRecvNanos()
    {
        return lastRecvNanos;
    }

    /** Metadata written into the footer when the file closes; set before {@link #close()}. */
    void metadata(final String key, final String value)
    {
        metadata.put(key, value);
    }

    @Override
    public void close() throws IOException
    {
        endBlock();
        flushRowGroup();
        metadata.put("writer.model.name", "ticktape");
        file.end(metadata);
    }
}
