package dev.ticktape.recorder;

import java.nio.ByteBuffer;

/**
 * The stream name of a bare SBE message ({@code btcusdt@depth}), which Binance's binary frames
 * do not carry: the template says which stream, the symbol is the message's last field. Reads the
 * bytes in place, allocating nothing.
 */
final class SbeStreams
{
    private static final int HEADER = 8;
    private static final byte[][] SUFFIX = {
        "@trade".getBytes(), "@bestBidAsk".getBytes(), "@depth20".getBytes(), "@depth".getBytes() };

    private SbeStreams()
    {
    }

    /**
     * Writes the stream name into {@code out}.
     *
     * @return its length, or 0 if the message is not a well-formed stream message.
     */
    static int name(final ByteBuffer message, final byte[] out)
    {
        final int base = message.position();
        final int end = message.limit();
        if (end - base < HEADER)
        {
            return 0;
        }
        final int blockLength = u16(message, base);
        final int templateId = u16(message, base + 2);
        final int kind = templateId - 10000;
        if (kind < 0 || kind > 3)
        {
            return 0;
        }
        int at = base + HEADER + blockLength;
        final int groups = kind == 1 ? 0 : kind == 0 ? 1 : 2;
        for (int g = 0; g < groups; g++)
        {
            final boolean wide = kind == 0; // trades use a 32-bit count, depth groups a 16-bit one
            if (at + (wide ? 6 : 4) > end)
            {
                return 0;
            }
            final int entryLength = u16(message, at);
            final long count = wide ? u16(message, at + 2) | (long) u16(message, at + 4) << 16 : u16(message, at + 2);
            at += (wide ? 6 : 4) + (int) Math.min(Integer.MAX_VALUE, count * entryLength);
        }
        if (at >= end)
        {
            return 0;
        }
        final int symbolLength = message.get(at) & 0xFF;
        final byte[] suffix = SUFFIX[kind];
        if (at + 1 + symbolLength > end || symbolLength + suffix.length > out.length)
        {
            return 0;
        }
        for (int i = 0; i < symbolLength; i++)
        {
            final byte c = message.get(at + 1 + i);
            out[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        System.arraycopy(suffix, 0, out, symbolLength, suffix.length);
        return symbolLength + suffix.length;
    }

    /** A little-endian uint16, whatever the buffer's byte order. */
    static int u16(final ByteBuffer b, final int at)
    {
        return (b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8;
    }
}
