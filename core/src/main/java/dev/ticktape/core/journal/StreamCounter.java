package dev.ticktape.core.journal;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts frames per stream name, keyed by the name's bytes, so that counting a frame whose stream
 * was seen before allocates nothing. Open addressing over a power-of-two table.
 */
final class StreamCounter
{
    private byte[][] keys = new byte[64][];
    private long[] counts = new long[64];
    private int size;

    /** @return the distinct names counted. */
    int size()
    {
        return size;
    }

    void count(final DirectBuffer buffer, final int offset, final int length)
    {
        int hash = 1;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + buffer.getByte(offset + i);
        }
        int mask = keys.length - 1;
        int slot = mix(hash) & mask;
        while (keys[slot] != null)
        {
            if (equal(keys[slot], buffer, offset, length))
            {
                counts[slot]++;
                return;
            }
            slot = (slot + 1) & mask;
        }
        final byte[] key = new byte[length];
        buffer.getBytes(offset, key);
        keys[slot] = key;
        counts[slot] = 1;
        if (++size * 2 > keys.length)
        {
            grow();
        }
    }

    /**
     * @return stream name to count, sorted by name.
     */
    Map<String, Long> toMap()
    {
        final String[] names = new String[size];
        final long[] values = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++)
        {
            if (keys[i] != null)
            {
                names[n] = new String(keys[i], StandardCharsets.UTF_8);
                values[n++] = counts[i];
            }
        }
        final Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
        final Map<String, Long> map = new LinkedHashMap<>();
        for (final Integer i : order)
        {
            map.put(names[i], values[i]);
        }
        return map;
    }

    private void grow()
    {
        final byte[][] oldKeys = keys;
        final long[] oldCounts = counts;
        keys = new byte[oldKeys.length * 2][];
        counts = new long[oldKeys.length * 2];
        final int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != null)
            {
                int hash = 1;
                for (final byte b : oldKeys[i])
                {
                    hash = 31 * hash + b;
                }
                int slot = mix(hash) & mask;
                while (keys[slot] != null)
                {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    private static int mix(final int hash)
    {
        return hash ^ (hash >>> 16);
    }

    private static boolean equal(final byte[] key, final DirectBuffer buffer, final int offset, final int length)
    {
        if (key.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (key[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
