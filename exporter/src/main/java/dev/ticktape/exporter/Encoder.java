package dev.ticktape.exporter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * The export's second thread: takes filled {@link Batch}es from the decoding thread, in order, and
 * writes them through each table's {@link TableWriter} (Parquet encoding and compression), opening
 * a file per table and date and closing it when the date moves on or the export ends. The two
 * threads share nothing but the queues: batches go one way full and come back empty, a few per
 * table in receive order, a clustered block's worth per clustered table, so decoding runs at most
 * that far ahead of encoding.
 */
final class Encoder implements Runnable
{
    /** Batches a table in receive order has: one filling, one queued, one being written. */
    private static final int BATCHES_PER_TABLE = 3;
    /** Queued batches at most: a clustered table's block and some. */
    private static final int QUEUE = 256;
    private static final long WAIT_MS = 50;

    /** Opens and closes files for the encoder (the exporter knows names, ranges and metadata). */
    interface Files
    {
        TableWriter open(Table table, long day) throws IOException;

        void close(Table table, TableWriter writer, long day, long from, long to) throws IOException;
    }

    private record End(long from, long to)
    {
    }

    private record EndBlock(Table table)
    {
    }

    private static final Object ABORT = new Object();

    private final Files files;
    private final long to;
    private final int clusteredBatches;
    /**
     * A clustered table's batches, once its writer has seen its keys: its block's rows and some
     * (set by the encoder, read by the decoding thread). With thousands of keys a block grows past
     * the decoder's ({@link Clusters#blockRows}), and while the encoder writes one, decoding goes on
     * into as many rows' batches; held to the decoder's block, decoding stopped a few batches into
     * each of the encoder's long writes, and the two threads took turns instead of working together.
     */
    private final Map<Table, Integer> clusteredAllowance = new ConcurrentHashMap<>();
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Empty batches per table, last in first out: the batch written last is likeliest still in a cache. */
    private final Map<Table, BlockingDeque<Batch>> free = new ConcurrentHashMap<>();
    private final Map<Table, Integer> made = new HashMap<>();
    private final Map<Table, TableWriter> open = new LinkedHashMap<>();
    private final Map<Table, Long> openDay = new HashMap<>();
    private final Map<Table, Long> openFrom = new HashMap<>();
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * @param files opens and closes the files.
     * @param to    the export's end ({@code Long.MAX_VALUE}: open-ended), for files closed before the end.
     * @param blockRows the decoder's block for a clustered table: while the encoder writes one,
     *                  decoding goes on into as many rows' batches (more once the table's block grows
     *                  with its keys).
     */
    Encoder(final Files files, final long to, final int blockRows)
    {
        this.files = files;
        this.to = to;
        this.clusteredBatches = clusteredBatches(blockRows);
        this.thread = new Thread(this, "ticktape-export-encoder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A clustered table's batches for a block of {@code blockRows}: the block's and three, at most half the queue. */
    private static int clusteredBatches(final int blockRows)
    {
        return Math.min(QUEUE / 2, blockRows / Batch.ROWS + BATCHES_PER_TABLE);
    }

    /** An empty batch for {@code table} (decoding thread); waits while the encoder holds them all. */
    Batch take(final Table table, final long day) throws InterruptedException
    {
        final BlockingDeque<Batch> pool = free.computeIfAbsent(table, t -> new LinkedBlockingDeque<>());
        Batch b = pool.pollFirst();
        if (b == null && made.getOrDefault(table, 0)
            < (table.clustered() ? clusteredAllowance.getOrDefault(table, clusteredBatches) : BATCHES_PER_TABLE))
        {
            made.merge(table, 1, Integer::sum); // only batches made count: a clustered table's allowance grows
            b = new Batch(table);
        }
        while (b == null)
        {
            check();
            b = pool.pollFirst(WAIT_MS, TimeUnit.MILLISECONDS);
        }
        b.from = Long.MIN_VALUE;
        return b.reset(day);
    }

    /** Hands a filled batch over (decoding thread). */
    void send(final Batch batch) throws InterruptedException
    {
        while (!queue.offer(batch, WAIT_MS, TimeUnit.MILLISECONDS))
        {
            check();
        }
    }

    /** Ends a clustered table's block (decoding thread, after sending the block's rows). */
    void endBlock(final Table table) throws InterruptedException
    {
        while (!queue.offer(new EndBlock(table), WAIT_MS, TimeUnit.MILLISECONDS))
        {
            check();
        }
    }

    /** Closes every file with the export's final range and waits for the encoder (decoding thread). */
    void finish(final long from, final long to) throws InterruptedException
    {
        while (!queue.offer(new End(from, to), WAIT_MS, TimeUnit.MILLISECONDS))
        {
            check();
        }
        thread.join();
        check();
    }

    /** Stops the encoder, closing what it has open without waiting for more (decoding thread). */
    void abort()
    {
        if (!queue.offer(ABORT))
        {
            thread.interrupt();
        }
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void check()
    {
        final Throwable t = failure;
        if (t instanceof RuntimeException r)
        {
            throw r;
        }
        if (t instanceof Error e)
        {
            throw e;
        }
        if (t != null)
        {
            throw new java.io.UncheckedIOException(t instanceof IOException io ? io : new IOException(t));
        }
    }

    @Override
    public void run()
    {
        try
        {
            while (true)
            {
                final Object o = queue.take();
                if (o instanceof Batch b)
                {
                    writer(b).write(b);
                }
                else if (o instanceof EndBlock w)
                {
                    final TableWriter writer = open.get(w.table());
                    if (writer != null)
                    {
                        writer.blockDone();
                        clusteredAllowance.put(w.table(), clusteredBatches(writer.blockRows()));
                    }
                }
                else if (o instanceof End end)
                {
                    for (final Table t : new ArrayList<>(open.keySet()))
                    {
                        close(t, end.from(), end.to());
                    }
                    return;
                }
                else
                {
                    abandon();
                    return;
                }
            }
        }
        catch (final Throwable t)
        {
            failure = t;
            abandon();
        }
    }

    private TableWriter writer(final Batch b) throws IOException
    {
        final TableWriter w = open.get(b.table);
        if (w != null && openDay.get(b.table) == b.day)
        {
            return w;
        }
        if (w != null)
        {
            close(b.table, openFrom.get(b.table), to);
        }
        final TableWriter opened = files.open(b.table, b.day);
        opened.onRelease(done -> free.get(done.table).offerFirst(done));
        open.put(b.table, opened);
        openDay.put(b.table, b.day);
        openFrom.put(b.table, b.from);
        return opened;
    }

    private void close(final Table table, final long from, final long end) throws IOException
    {
        final TableWriter w = open.remove(table);
        files.close(table, w, openDay.remove(table), from, end);
        openFrom.remove(table);
    }

    private void abandon()
    {
        final List<TableWriter> writers = new ArrayList<>(open.values());
        open.clear();
        for (final TableWriter w : writers)
        {
            try
            {
                w.close();
            }
            catch (final IOException | RuntimeException ignored)
            {
                // the staging directory goes as a whole
            }
        }
    }
}
