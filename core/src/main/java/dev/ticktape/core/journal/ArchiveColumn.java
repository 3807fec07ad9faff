package dev.ticktape.core.journal;

import java.util.Arrays;

/**
 * One column of an archive block while it is built or read: a growable byte array with varint
 * coding. Reused from block to block, so a steady archiver or reader allocates nothing per record.
 */
final class ArchiveColumn
{
    byte[] bytes;
    int position;
    int limit;

    ArchiveColumn(final int capacity)
    {
        bytes = new byte[capacity];
    }

    void clear()
    {
        position = 0;
        limit = 0;
    }

    /** Makes room for {@code extra} more bytes at the write position. */
    void ensure(final int extra)
    {
        if (position + extra > bytes.length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + extra));
        }
    }

    void putByte(final int b)
    {
        ensure(1);
        bytes[position++] = (byte) b;
    }

    void putBytes(final byte[] src, final int offset, final int length)
    {
        ensure(length);
        System.arraycopy(src, offset, bytes, position, length);
        position += length;
    }

    void putVarint(final long value)
    {
        ensure(10);
        long v = value;
        int p = position;
        final byte[] b = bytes;
        while ((v & ~0x7FL) != 0)
        {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        position = p;
    }

    /** Reading: the column holds {@code length} bytes from 0. */
    void readFrom(final int length)
    {
        position = 0;
        limit = length;
    }

    long getVarint()
    {
        final byte[] b = bytes;
        int p = position;
        long result = 0;
        int shift = 0;
        while (true)
        {
            if (p >= limit || shift > 63)
            {
                throw new IllegalStateException("archive column ends inside a varint");
            }
            final byte x = b[p++];
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0)
            {
                position = p;
                return result;
            }
            shift += 7;
        }
    }

    int getLength(final int max)
    {
        final long v = getVarint();
        if (v < 0 || v > max || v > limit - position)
        {
            throw new IllegalStateException("archive column holds a length of " + v + " with " + (limit - position)
                + " bytes left");
        }
        return (int) v;
    }

    static long zigzag(final long v)
    {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(final long v)
    {
        return (v >>> 1) ^ -(v & 1);
    }
}
