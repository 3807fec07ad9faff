package dev.ticktape.exporter;

import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoding thread's side of a table: the batches it is filling, and the rows of the current
 * block. A table in receive order fills one batch. A clustered table ({@link Table#clusteredBy})
 * fills one per key, its symbol, market and stream, and the encoder writes a block's batches
 * sorted by key ({@link TableWriter#endBlock}).
 * <p>
 * Keeping a key's rows together is what makes the files small: update and trade ids then rise by
 * one or a few from row to row instead of jumping between symbols' sequences, and prices, times and
 * quantities move in small steps, which Parquet's delta and dictionary encodings and zstd store in
 * a few bits. The key is found here, where the row's text is in the cache anyway, so that the
 * encoder only sorts whole batches by key ({@link TableWriter}) and writes each one straight
 * through, as it does a table in receive order.
 * <p>
 * The key's text is read by the key columns' own {@link Column#write} into this sink, hashed and
 * looked up in an open-addressing table; only a new key allocates.
 */
final class Filling implements ValueSink
{
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MIX = 0x9E3779B97F4A7C15L;

    /**
     * A key: the cluster columns' bytes (null for a null; none for a table in receive order),
     * immutable once made, and the batch filling with its rows (decoding thread only).
     */
    static final class Key implements Comparable<Key>
    {
        private final byte[][] parts;
        private final int hash;
        Batch filling;

        private Key(final byte[][] parts, final int hash)
        {
            this.parts = parts;
            this.hash = hash;
        }

        /** Column by column, a null first, then unsigned bytes (for UTF-8, code-point order). */
        @Override
        public int compareTo(final Key other)
        {
            for (int i = 0; i < parts.length; i++)
            {
                final byte[] a = parts[i];
                final byte[] b = other.parts[i];
                if (a == null || b == null)
                {
                    if (a != b)
                    {
                        return a == null ? -1 : 1;
                    }
                    continue;
                }
                final int c = Arrays.compareUnsigned(a, b);
                if (c != 0)
                {
                    return c;
                }
            }
            return 0;
        }

        @Override
        public String toString()
        {
            final StringBuilder s = new StringBuilder();
            for (final byte[] p : parts)
            {
                s.append(s.length() > 0 ? "/" : "").append(p == null ? "null" : new String(p, StandardCharsets.UTF_8));
            }
            return s.toString();
        }
    }

    final Table table;
    final boolean clustered;
    /** The day of the rows in the filling batches. */
    long day = Long.MIN_VALUE;
    /** Rows taken since the block began. */
    int blockRows;

    private final Column[] columns;
    private final byte[][] scratch;
    private final int[] scratchLength;
    private final boolean[] scratchNull;
    private int part;
    private Key[] slots = new Key[64];
    private Key[] keys = new Key[32];
    private int keyCount;

    Filling(final Table table)
    {
        this.table = table;
        this.clustered = table.clustered();
        final int[] indexes = table.clusterColumns();
        columns = new Column[indexes.length];
        for (int i = 0; i < indexes.length; i++)
        {
            columns[i] = table.columns().get(indexes[i]);
        }
        scratch = new byte[indexes.length][64];
        scratchLength = new int[indexes.length];
        scratchNull = new boolean[indexes.length];
    }

    /** @return the row's key, made if it is new. */
    Key key(final Row row)
    {
        long h = 1;
        for (part = 0; part < columns.length; part++)
        {
            scratchNull[part] = false;
            scratchLength[part] = 0;
            columns[part].write(this, row);
            h = scratchNull[part] ? (h ^ 0x7F) * MIX : hash(h, scratch[part], scratchLength[part]);
        }
        final int hash = (int) (h ^ h >>> 32);
        final int mask = slots.length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask)
        {
            final Key k = slots[s];
            if (k == null)
            {
                return add(s, hash);
            }
            if (k.hash == hash && same(k))
            {
                return k;
            }
        }
    }

    /** The keys seen so far, in the order they first came. */
    Key key(final int i)
    {
        return keys[i];
    }

    int keyCount()
    {
        return keyCount;
    }

    private boolean same(final Key k)
    {
        for (int i = 0; i < columns.length; i++)
        {
            final byte[] p = k.parts[i];
            if (scratchNull[i] ? p != null : p == null || !Arrays.equals(p, 0, p.length, scratch[i], 0, scratchLength[i]))
            {
                return false;
            }
        }
        return true;
    }

    private Key add(final int slot, final int hash)
    {
        final byte[][] parts = new byte[columns.length][];
        for (int i = 0; i < columns.length; i++)
        {
            parts[i] = scratchNull[i] ? null : Arrays.copyOf(scratch[i], scratchLength[i]);
        }
        final Key k = new Key(parts, hash);
        slots[slot] = k;
        if (keyCount == keys.length)
        {
            keys = Arrays.copyOf(keys, keyCount * 2);
        }
        keys[keyCount++] = k;
        if (keyCount * 2 > slots.length)
        {
            slots = new Key[slots.length * 2];
            final int mask = slots.length - 1;
            for (int i = 0; i < keyCount; i++)
            {
                int s = keys[i].hash & mask;
                while (slots[s] != null)
                {
                    s = (s + 1) & mask;
                }
                slots[s] = keys[i];
            }
        }
        return k;
    }

    @Override
    public void nil()
    {
        scratchNull[part] = true;
    }

    @Override
    public void bytes(final byte[] b, final int offset, final int length)
    {
        System.arraycopy(b, offset, reserve(length), 0, length);
    }

    @Override
    public void bytes(final DirectBuffer b, final int offset, final int length)
    {
        b.getBytes(offset, reserve(length), 0, length);
    }

    private byte[] reserve(final int length)
    {
        if (scratch[part].length < length)
        {
            scratch[part] = new byte[Math.max(length, scratch[part].length * 2)];
        }
        scratchLength[part] = length;
        return scratch[part];
    }

    private static long hash(final long seed, final byte[] bytes, final int length)
    {
        long h = seed;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = (h ^ (long) WORD.get(bytes, i)) * MIX;
        }
        long tail = length;
        for (; i < length; i++)
        {
            tail = tail << 8 | (bytes[i] & 0xFF);
        }
        return (h ^ tail) * MIX;
    }

    @Override
    public void value(final long v)
    {
        throw new IllegalStateException("cluster columns are text");
    }

    @Override
    public void value(final int v)
    {
        throw new IllegalStateException("cluster columns are text");
    }

    @Override
    public void value(final boolean v)
    {
        throw new IllegalStateException("cluster columns are text");
    }

    @Override
    public void value(final double v)
    {
        throw new IllegalStateException("cluster columns are text");
    }
}
