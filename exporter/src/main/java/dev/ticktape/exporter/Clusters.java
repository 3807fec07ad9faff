package dev.ticktape.exporter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A clustered table's rows on their way into the file (encoding thread): each row of the decoding
 * thread's batches is copied into a batch of its key, its symbol, market and stream, and at the end
 * of a block {@link TableWriter#endBlock} writes the block's key batches sorted by key.
 * <p>
 * Keeping a key's rows together is what makes the files small: update and trade ids then rise by
 * one or a few from row to row instead of jumping between symbols' sequences, and prices, times
 * and quantities move in small steps, which Parquet's delta and dictionary encodings and zstd
 * store in a few bits.
 * <p>
 * The encoder does this work: measured per thread on the peers' workload, the decoding thread is
 * the busier. Each row of a batch just decoded gets its key ({@link Keys}) and is copied into its
 * key's {@link KeyBatch}, which holds a row's values side by side. Key columns are not copied: a
 * key batch's {@link KeyBatch#column} writes its key's bytes.
 */
final class Clusters
{
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long MIX = 0x9E3779B97F4A7C15L;

    /**
     * A key: the cluster columns' bytes (null for a null), not changed once made, and the batch
     * filling with its rows.
     */
    static final class Key implements Comparable<Key>
    {
        private final byte[][] parts;
        private final int hash;
        private KeyBatch filling;
        /** The key's place among the table's keys in {@link #compareTo} order (0 first); renumbered as keys come. */
        int rank;

        private Key(final byte[][] parts, final int hash)
        {
            this.parts = parts;
            this.hash = hash;
        }

        /** @return the {@code i}th cluster column's bytes, or null. */
        byte[] part(final int i)
        {
            return parts[i];
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

    /**
     * The keys of a clustered table's rows: each row's key columns hashed and looked up in an
     * open-addressing table. Only a new key allocates.
     */
    static final class Keys
    {
        private final int[] keyColumns;
        private Key[] slots = new Key[64];
        private Key[] keys = new Key[32];
        /** The keys in {@link Key#compareTo} order, each one's {@link Key#rank} its place here. */
        private Key[] sorted = new Key[32];
        private int keyCount;

        Keys(final Table table)
        {
            this.keyColumns = table.clusterColumns();
        }

        /** The key last looked up: the rows of one event (a depth update's levels) share it. */
        private Key last;

        /** @return the key of row {@code r} of the batch, made if it is new. */
        Key key(final Batch batch, final int r)
        {
            if (last != null && same(last, batch, r))
            {
                return last;
            }
            last = lookUp(batch, r);
            return last;
        }

        private Key lookUp(final Batch batch, final int r)
        {
            long h = 1;
            final byte[] bytes = batch.arena();
            for (final int c : keyColumns)
            {
                if (batch.isNull(c, r))
                {
                    h = (h ^ 0x7F) * MIX;
                    continue;
                }
                int i = batch.offset(c, r);
                final int end = i + batch.length(c, r);
                for (; i + Long.BYTES <= end; i += Long.BYTES)
                {
                    h = (h ^ (long) WORD.get(bytes, i)) * MIX;
                }
                long tail = end - i;
                for (; i < end; i++)
                {
                    tail = tail << 8 | (bytes[i] & 0xFF);
                }
                h = (h ^ tail) * MIX;
            }
            final int hash = (int) (h ^ h >>> 32);
            final int mask = slots.length - 1;
            for (int s = hash & mask; ; s = (s + 1) & mask)
            {
                final Key k = slots[s];
                if (k == null)
                {
                    return add(s, hash, batch, r);
                }
                if (k.hash == hash && same(k, batch, r))
                {
                    return k;
                }
            }
        }

        /**
         * Places a new key among the sorted ones and renumbers those after it: keys are few and new
         * ones rare, and a block's batches are then ordered by their keys' ranks, numbers, not by
         * comparing keys' bytes.
         */
        private void rank(final Key k)
        {
            int low = 0;
            int high = keyCount;
            while (low < high)
            {
                final int mid = (low + high) >>> 1;
                if (sorted[mid].compareTo(k) < 0)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }
            System.arraycopy(sorted, low, sorted, low + 1, keyCount - low);
            sorted[low] = k;
            for (int i = low; i <= keyCount; i++)
            {
                sorted[i].rank = i;
            }
        }

        private boolean same(final Key k, final Batch batch, final int r)
        {
            for (int i = 0; i < keyColumns.length; i++)
            {
                final int c = keyColumns[i];
                final byte[] p = k.parts[i];
                if (batch.isNull(c, r) ? p != null : p == null || !Arrays.equals(p, 0, p.length, batch.arena(), batch.offset(c, r),
                    batch.offset(c, r) + batch.length(c, r)))
                {
                    return false;
                }
            }
            return true;
        }

        private Key add(final int slot, final int hash, final Batch batch, final int r)
        {
            final byte[][] parts = new byte[keyColumns.length][];
            for (int i = 0; i < keyColumns.length; i++)
            {
                final int c = keyColumns[i];
                parts[i] = batch.isNull(c, r) ? null
                    : Arrays.copyOfRange(batch.arena(), batch.offset(c, r), batch.offset(c, r) + batch.length(c, r));
            }
            final Key k = new Key(parts, hash);
            slots[slot] = k;
            if (keyCount == keys.length)
            {
                keys = Arrays.copyOf(keys, keyCount * 2);
                sorted = Arrays.copyOf(sorted, keyCount * 2);
            }
            rank(k);
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
    }

    private final Table table;
    private final int[] copied;
    private final Keys keys;
    private final Consumer<KeyBatch> full;
    private Key[] filling = new Key[32];
    private int fillingCount;
    private KeyBatch[] free = new KeyBatch[16];
    private int freeCount;

    /** Rows a block gives each key, at least, when the keys are many (see {@link #blockRows}). */
    static final int ROWS_PER_KEY = 64;
    /** The most rows a block holds, whatever the key count: what bounds a clustered table's memory. */
    static final int MAX_BLOCK_ROWS = 1 << 18;
    /** The fewest rows a key batch holds. */
    private static final int MIN_KEY_ROWS = 16;
    private final int decoderBlockRows;

    /**
     * @param table            a clustered table.
     * @param full             where key batches go when full or at the end of a block, in the order they filled.
     * @param decoderBlockRows the rows after which the decoding thread ends a block.
     */
    Clusters(final Table table, final Consumer<KeyBatch> full, final int decoderBlockRows)
    {
        this.decoderBlockRows = decoderBlockRows;
        this.table = table;
        this.full = full;
        this.keys = new Keys(table);
        final int n = table.columns().size();
        final int[] others = new int[n - table.clusterColumns().length];
        int o = 0;
        for (int c = 0; c < n; c++)
        {
            if (table.clusterPart(c) < 0)
            {
                others[o++] = c;
            }
        }
        this.copied = others;
    }

    /**
     * The rows a block should hold before it is written: the decoder's block, or
     * {@value #ROWS_PER_KEY} a key when the keys are many, up to {@value #MAX_BLOCK_ROWS}. With the key
     * batches sized to match ({@link #keyRows}), a table's rows in memory stay near twice this,
     * however many keys it has.
     */
    int blockRows()
    {
        return (int) Math.min(MAX_BLOCK_ROWS, Math.max(decoderBlockRows, (long) keys.keyCount * ROWS_PER_KEY));
    }

    /** A new key batch's rows: the block's share of each key, doubled, between {@value #MIN_KEY_ROWS} and {@link KeyBatch#MAX_ROWS}. */
    private int keyRows()
    {
        final int share = 2 * blockRows() / Math.max(1, keys.keyCount);
        return Math.max(MIN_KEY_ROWS, Math.min(KeyBatch.MAX_ROWS, share));
    }

    /** Copies a batch's rows into their keys' batches, row by row; it can be reused when this returns. */
    void add(final Batch batch)
    {
        for (int r = 0; r < batch.rows; r++)
        {
            final Key k = keys.key(batch, r);
            KeyBatch b = k.filling;
            if (b == null)
            {
                if (fillingCount == filling.length)
                {
                    filling = Arrays.copyOf(filling, fillingCount * 2);
                }
                filling[fillingCount++] = k;
                b = take(k, batch.day);
            }
            else if (b.full())
            {
                full.accept(b);
                b = take(k, batch.day);
            }
            b.put(b.rows++, batch, r, copied);
        }
    }

    /** Hands over every key batch with rows. */
    void flush()
    {
        for (int i = 0; i < fillingCount; i++)
        {
            full.accept(filling[i].filling);
            filling[i].filling = null;
            filling[i] = null;
        }
        fillingCount = 0;
    }

    /** Takes back a key batch that has been written. */
    void release(final KeyBatch b)
    {
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = b;
    }

    private KeyBatch take(final Key k, final long day)
    {
        final KeyBatch b = freeCount > 0 ? free[--freeCount] : new KeyBatch(table, keyRows());
        free[freeCount] = null;
        b.reset(day);
        b.key = k;
        k.filling = b;
        return b;
    }
}
