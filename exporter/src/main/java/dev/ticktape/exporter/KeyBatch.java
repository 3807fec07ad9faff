package dev.ticktape.exporter;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriter;

import java.util.Arrays;

/**
 * The rows of one key of a clustered table ({@link Clusters}), row by row: a row's values are
 * next to each other ({@link #put}), so copying a row from the decoding thread's {@link Batch}
 * writes two or three cache lines in one place, where a batch's layout of one array per column
 * had it write one line in each of a dozen or more arrays. With thousands of keys, each key's
 * batch elsewhere in memory, that was a third of the encoding thread. At {@link #column} each
 * column is gathered into the writing thread's {@link Scratch} (a few hundred rows, in the cache)
 * and written by {@link Batch}'s column loops; the encoder and the export's helper thread each
 * write some of a block's columns ({@link TableWriter}), each with its own scratch.
 */
final class KeyBatch
{
    /** One column of a key batch as {@link Batch}'s column loops take it; one per writing thread. */
    static final class Scratch
    {
        long[] values = new long[0];
        boolean[] nulls = new boolean[0];
        int[] offsets = new int[0];
        int[] lengths = new int[0];

        void ensure(final int rows)
        {
            if (values.length < rows)
            {
                values = new long[rows];
                nulls = new boolean[rows];
                offsets = new int[rows];
                lengths = new int[rows];
            }
        }
    }

    /** The most rows a key batch holds. */
    static final int MAX_ROWS = 256;

    final Table table;
    /** The key of every row of the batch. */
    Clusters.Key key;
    long day;
    int rows;

    private final int columns;
    private final int capacity;
    private final boolean[] binary;
    /** Row {@code r}'s column {@code c} at {@code r * columns + c}: the value, or a text's arena offset (high) and length (low). */
    private final long[] cells;
    /** Row {@code r}'s nulls: bit {@code c} for column {@code c}. */
    private final long[] nulls;
    private byte[] arena;
    private int used;

    KeyBatch(final Table table, final int capacity)
    {
        this.table = table;
        this.capacity = capacity;
        this.columns = table.columns().size();
        if (columns > Long.SIZE)
        {
            // the widest table has 28: a row's nulls are one word
            throw new IllegalArgumentException("a clustered table of " + columns + " columns; at most " + Long.SIZE);
        }
        this.binary = new boolean[columns];
        for (int c = 0; c < columns; c++)
        {
            binary[c] = table.columns().get(c).binary();
        }
        this.cells = new long[capacity * columns];
        this.nulls = new long[capacity];
        this.arena = new byte[capacity * 32];
    }

    KeyBatch reset(final long day)
    {
        this.day = day;
        this.rows = 0;
        this.used = 0;
        this.key = null;
        return this;
    }

    boolean full()
    {
        return rows == capacity;
    }

    /**
     * Copies row {@code r} of a decoded batch into row {@code row} of this one (already counted):
     * the columns in {@code copied}, the key's own columns left out.
     */
    void put(final int row, final Batch from, final int r, final int[] copied)
    {
        final int base = row * columns;
        long isNull = 0;
        for (final int c : copied)
        {
            if (from.isNull(c, r))
            {
                isNull |= 1L << c;
            }
            else if (binary[c])
            {
                final int length = from.length(c, r);
                if (used + length > arena.length)
                {
                    arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + length));
                }
                System.arraycopy(from.arena(), from.offset(c, r), arena, used, length);
                cells[base + c] = (long) used << 32 | length;
                used += length;
            }
            else
            {
                cells[base + c] = from.value(c, r);
            }
        }
        nulls[row] = isNull;
    }

    /**
     * Hands rows {@code [from, to)} of column {@code c} to its writer, without ending the records (the
     * {@link TableWriter} ends a run's records once every column holds them): the key's bytes for a
     * key column, else the column gathered into the calling thread's scratch.
     */
    void column(final int c, final ColumnDescriptor descriptor, final ColumnWriter writer, final int from, final int to,
        final Scratch s)
    {
        final int part = table.clusterPart(c);
        if (part >= 0)
        {
            Batch.same(writer, descriptor.getMaxDefinitionLevel(), key.part(part), from, to);
            return;
        }
        s.ensure(to);
        gather(c, from, to, s);
        Batch.column(writer, descriptor, s.values, s.nulls, arena, s.offsets, s.lengths, from, to);
    }

    /** Column {@code c} of rows {@code [from, to)} into the scratch's arrays, at the same row numbers. */
    private void gather(final int c, final int from, final int to, final Scratch s)
    {
        final long bit = 1L << c;
        if (binary[c])
        {
            for (int r = from; r < to; r++)
            {
                final long cell = cells[r * columns + c];
                s.nulls[r] = (nulls[r] & bit) != 0;
                s.offsets[r] = (int) (cell >>> 32);
                s.lengths[r] = (int) cell;
            }
            return;
        }
        for (int r = from; r < to; r++)
        {
            s.nulls[r] = (nulls[r] & bit) != 0;
            s.values[r] = cells[r * columns + c];
        }
    }
}
