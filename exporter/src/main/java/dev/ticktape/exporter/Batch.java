package dev.ticktape.exporter;

import org.agrona.DirectBuffer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

import java.util.Arrays;
import java.util.List;

/**
 * Rows of one table, column by column, on their way from the decoding thread (which fills them
 * through {@link ValueSink}) to the encoding thread (which hands them to parquet-java's column
 * writers, {@link #emit}). Numbers are kept as longs (doubles as their bits), text and bytes in
 * one byte arena. Batches are pooled per table and reused.
 */
final class Batch implements ValueSink
{
    /** Rows of a batch from the decoding thread. */
    static final int ROWS = 2048;

    final Table table;
    long day;
    int rows;
    /** The export's range start as the decoding thread knew it when it sent the batch. */
    long from;

    private final long[][] values;
    private final boolean[][] nulls;
    private final int[][] offsets;
    private final int[][] lengths;
    private final int capacity;
    private byte[] arena;
    private int used;
    private int column;

    Batch(final Table table)
    {
        this(table, ROWS);
    }

    Batch(final Table table, final int capacity)
    {
        this.table = table;
        this.capacity = capacity;
        this.arena = new byte[capacity * 32];
        final int n = table.columns().size();
        values = new long[n][capacity];
        nulls = new boolean[n][capacity];
        offsets = new int[n][];
        lengths = new int[n][];
        for (int c = 0; c < n; c++)
        {
            if (table.columns().get(c).binary())
            {
                offsets[c] = new int[capacity];
                lengths[c] = new int[capacity];
            }
        }
    }

    /** Empties the batch for rows of {@code day}. */
    Batch reset(final long day)
    {
        this.day = day;
        this.rows = 0;
        this.used = 0;
        return this;
    }

    boolean full()
    {
        return rows == capacity;
    }

    /** The next values go to column {@code c} of the current row. */
    void at(final int c)
    {
        column = c;
    }

    /** The row's exact receive time: every table's first two columns, {@code recv_time} and {@code recv_sub_us}. */
    long recvNanos(final int row)
    {
        return values[0][row] * 1000 + values[1][row];
    }

    /** Whether column {@code c} of row {@code r} is null. */
    boolean isNull(final int c, final int r)
    {
        return nulls[c][r];
    }

    /** A binary value's bytes: {@code arena()} from {@code offset(c, r)}, {@code length(c, r)} long. */
    byte[] arena()
    {
        return arena;
    }

    int offset(final int c, final int r)
    {
        return offsets[c][r];
    }

    int length(final int c, final int r)
    {
        return lengths[c][r];
    }

    /** A number's value (a double's bits) in column {@code c} of row {@code r}. */
    long value(final int c, final int r)
    {
        return values[c][r];
    }

    int rowCount()
    {
        return rows;
    }

    @Override
    public void nil()
    {
        nulls[column][rows] = true;
    }

    @Override
    public void value(final long v)
    {
        nulls[column][rows] = false;
        values[column][rows] = v;
    }

    @Override
    public void value(final int v)
    {
        value((long) v);
    }

    @Override
    public void value(final boolean v)
    {
        value(v ? 1L : 0L);
    }

    @Override
    public void value(final double v)
    {
        value(Double.doubleToRawLongBits(v));
    }

    @Override
    public void bytes(final byte[] b, final int offset, final int length)
    {
        final int at = reserve(length);
        System.arraycopy(b, offset, arena, at, length);
    }

    @Override
    public void bytes(final DirectBuffer b, final int offset, final int length)
    {
        final int at = reserve(length);
        b.getBytes(offset, arena, at, length);
    }

    private int reserve(final int length)
    {
        if (used + length > arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + length));
        }
        final int at = used;
        used += length;
        nulls[column][rows] = false;
        offsets[column][rows] = at;
        lengths[column][rows] = length;
        return at;
    }

    /**
     * Hands rows {@code [from, to)} to the column writers (on the encoding thread): column by
     * column, each a tight loop of one type, then the records' ends. Pages are cut only in
     * {@code endRecord}, when every column holds the same rows, so they still end on row boundaries.
     */
    void emit(final List<ColumnDescriptor> descriptors, final ColumnWriter[] writers, final ColumnWriteStore store,
        final int from, final int to)
    {
        for (int c = 0; c < writers.length; c++)
        {
            column(writers[c], descriptors.get(c), values[c], nulls[c], arena, offsets[c], lengths[c], from, to);
        }
        endRecords(store, from, to);
    }

    /**
     * Writes rows {@code [from, to)} of one column held as a batch holds it (numbers as longs, text
     * as arena offsets and lengths), by the column's type: a method per type, so that the JIT
     * compiles (and, when a new path shows up, recompiles) each loop on its own.
     */
    static void column(final ColumnWriter w, final ColumnDescriptor d, final long[] values, final boolean[] isNull,
        final byte[] arena, final int[] offsets, final int[] lengths, final int from, final int to)
    {
        final int level = d.getMaxDefinitionLevel();
        switch (d.getPrimitiveType().getPrimitiveTypeName())
        {
            case INT64 -> longs(w, level, values, isNull, from, to);
            case INT32 -> ints(w, level, values, isNull, from, to);
            case BOOLEAN -> booleans(w, level, values, isNull, from, to);
            case DOUBLE -> doubles(w, level, values, isNull, from, to);
            default -> binaries(w, level, arena, offsets, lengths, isNull, from, to);
        }
    }

    /** Ends rows {@code [from, to)} once every column holds them: where pages may be cut. */
    static void endRecords(final ColumnWriteStore store, final int from, final int to)
    {
        for (int r = from; r < to; r++)
        {
            store.endRecord();
        }
    }

    private static void longs(final ColumnWriter w, final int level, final long[] v, final boolean[] isNull, final int from,
        final int to)
    {
        for (int r = from; r < to; r++)
        {
            if (isNull[r])
            {
                w.writeNull(0, 0);
            }
            else
            {
                w.write(v[r], 0, level);
            }
        }
    }

    private static void ints(final ColumnWriter w, final int level, final long[] v, final boolean[] isNull, final int from,
        final int to)
    {
        for (int r = from; r < to; r++)
        {
            if (isNull[r])
            {
                w.writeNull(0, 0);
            }
            else
            {
                w.write((int) v[r], 0, level);
            }
        }
    }

    private static void booleans(final ColumnWriter w, final int level, final long[] v, final boolean[] isNull, final int from,
        final int to)
    {
        for (int r = from; r < to; r++)
        {
            if (isNull[r])
            {
                w.writeNull(0, 0);
            }
            else
            {
                w.write(v[r] != 0, 0, level);
            }
        }
    }

    private static void doubles(final ColumnWriter w, final int level, final long[] v, final boolean[] isNull, final int from,
        final int to)
    {
        for (int r = from; r < to; r++)
        {
            if (isNull[r])
            {
                w.writeNull(0, 0);
            }
            else
            {
                w.write(Double.longBitsToDouble(v[r]), 0, level);
            }
        }
    }

    /** A key column of a key batch: the key's own bytes, the same in every row, and in the cache. */
    static void same(final ColumnWriter w, final int level, final byte[] bytes, final int from, final int to)
    {
        if (bytes == null)
        {
            for (int r = from; r < to; r++)
            {
                w.writeNull(0, 0);
            }
            return;
        }
        final Binary value = Binary.fromConstantByteArray(bytes);
        for (int r = from; r < to; r++)
        {
            w.write(value, 0, level);
        }
    }

    private static void binaries(final ColumnWriter w, final int level, final byte[] arena, final int[] offset, final int[] length,
        final boolean[] isNull, final int from, final int to)
    {
        for (int r = from; r < to; r++)
        {
            if (isNull[r])
            {
                w.writeNull(0, 0);
            }
            else
            {
                w.write(Binary.fromReusedByteArray(arena, offset[r], length[r]), 0, level);
            }
        }
    }
}
