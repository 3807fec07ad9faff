package dev.ticktape.core.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Byte strings numbered in the order they were added, found again by content: an archive
 * channel's templates and literal segments. Open addressing on a 64-bit hash; a lookup of a known
 * string allocates nothing.
 */
final class ArchiveByteTable
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[][] entries = new byte[16][];
    private int size;
    private long[] hashes = new long[32];
    private int[] slots = new int[32];

    int size()
    {
        return size;
    }

    byte[] get(final int id)
    {
        return entries[id];
    }

    /** @return the id of the string {@code bytes[offset .. offset + length)}, or -1. */
    int find(final byte[] bytes, final int offset, final int length, final long hash)
    {
        final int mask = hashes.length - 1;
        for (int i = (int) hash & mask; slots[i] != 0; i = (i + 1) & mask)
        {
            if (hashes[i] == hash)
            {
                final byte[] e = entries[slots[i] - 1];
                if (Arrays.equals(e, 0, e.length, bytes, offset, offset + length))
                {
                    return slots[i] - 1;
                }
            }
        }
        return -1;
    }

    /** Adds a string (kept, not copied) and returns its id. */
    int add(final byte[] entry, final long hash)
    {
        if (size == entries.length)
        {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = entry;
        if (size * 2 > hashes.length)
        {
            final long[] oldHashes = hashes;
            final int[] oldSlots = slots;
            hashes = new long[oldHashes.length * 2];
            slots = new int[oldSlots.length * 2];
            for (int i = 0; i < oldSlots.length; i++)
            {
                if (oldSlots[i] != 0)
                {
                    insert(oldHashes[i], oldSlots[i]);
                }
            }
        }
        insert(hash, size);
        return size - 1;
    }

    private void insert(final long hash, final int slot)
    {
        final int mask = hashes.length - 1;
        int i = (int) hash & mask;
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        slots[i] = slot;
    }

    static long hash(final byte[] b, final int offset, final int length)
    {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = (h ^ (long) LONGS.get(b, offset + i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        for (; i < length; i++)
        {
            h = (h ^ b[offset + i]) * 0x94D049BB133111EBL;
        }
        return h ^ (h >>> 32);
    }
}
