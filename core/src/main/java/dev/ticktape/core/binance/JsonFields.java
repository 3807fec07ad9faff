package dev.ticktape.core.binance;

import org.agrona.DirectBuffer;

/**
 * Allocation-free scans of Binance's raw JSON for a single unsigned integer field, where a whole
 * decode would be waste: a diff-depth event's update ids and event time as the recorder stores a
 * frame, a snapshot's {@code lastUpdateId}, the time fields the replay server rewrites; and the
 * word-at-a-time digit primitives ({@link #notDigits}, {@link #eightDigits}) that the fast JSON
 * decoder and the archive encoder parse numbers with, and the word-at-a-time byte searches
 * ({@link #zeroBytes}, {@link #bytesEqual}, {@link #bytesBelow}) that find a quote, a newline or a
 * delimiter eight bytes at a time. The one set of digit and byte scanners.
 */
public final class JsonFields
{
    /** Digits a scan reads at most: a long's. */
    public static final int MAX_DIGITS = 19;

    /** Eight ASCII zeros: a word XOR this holds each digit's value in its byte. */
    public static final long ZEROS = 0x3030_3030_3030_3030L;

    private JsonFields()
    {
    }

    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /**
     * @param word eight bytes, the first in the lowest byte.
     * @return the top bit of each zero byte, exact up to the first of them (what
     *         {@link Long#numberOfTrailingZeros} finds); a byte after it may be marked wrongly.
     */
    public static long zeroBytes(final long word)
    {
        return (word - ONES) & ~word & HIGHS;
    }

    /**
     * @param word eight bytes, the first in the lowest byte.
     * @param b    the byte looked for (ASCII).
     * @return the top bit of each byte equal to {@code b}, exact up to the first of them (see {@link #zeroBytes}).
     */
    public static long bytesEqual(final long word, final char b)
    {
        return zeroBytes(word ^ (b * ONES));
    }

    /**
     * @param word  eight bytes, the first in the lowest byte.
     * @param limit a byte value, at most 0x80.
     * @return the top bit of each byte below {@code limit}, exact up to the first of them; a byte
     *         after it may be marked wrongly, and no byte of 0x80 or above is marked. So the lowest
     *         mark of this and of {@link #bytesEqual} together is always a true one.
     */
    public static long bytesBelow(final long word, final int limit)
    {
        return (word - limit * ONES) & ~word & HIGHS;
    }

    /**
     * @param x eight bytes XOR {@link #ZEROS}, the first in the lowest byte.
     * @return the top bit of each byte that is not an ASCII digit, exact up to the first of them
     *         (what {@link Long#numberOfTrailingZeros} finds), perhaps set on bytes after it.
     */
    public static long notDigits(final long x)
    {
        // x > 9 sets a byte's top bit; only a byte over 0x89 carries into the next, and it is itself marked.
        return ((x + 0x7676_7676_7676_7676L) | x) & 0x8080_8080_8080_8080L;
    }

    /**
     * @param word eight ASCII bytes, the first in the lowest byte.
     * @return how many of them, from the first, are digits (0 to 8).
     */
    public static int digitRun(final long word)
    {
        return Long.numberOfTrailingZeros(notDigits(word ^ ZEROS)) >>> 3;
    }

    /**
     * The value of eight digit bytes (0 to 9, the first in the lowest byte), leading zero bytes
     * allowed. Pairs of digits first (bytes 0, 2, 4 and 6 hold 0 to 99), then two multiplies side
     * by side that weight the pairs at bytes 0 and 4 by 10^6 and 10^2 and those at 2 and 6 by 10^4
     * and 1 into the upper half: two multiplies deep instead of three.
     *
     * @param x the digits' values, one a byte (an ASCII word XOR {@link #ZEROS}).
     * @return their value, 0 to 99,999,999.
     */
    public static long eightDigits(final long x)
    {
        final long pairs = x * 10 + (x >>> 8);
        return ((pairs & 0x0000_00FF_0000_00FFL) * (100 + (1_000_000L << 32))
            + ((pairs >>> 16) & 0x0000_00FF_0000_00FFL) * (1 + (10_000L << 32))) >>> 32;
    }

    /**
     * @param a     the bytes.
     * @param from  where the digits may start.
     * @param to    where the bytes end.
     * @param limit digits to read at most.
     * @return the index after the run of ASCII digits from {@code from} (at most {@code limit} of them).
     */
    public static int digitsEnd(final byte[] a, final int from, final int to, final int limit)
    {
        int i = from;
        while (i < to && a[i] >= '0' && a[i] <= '9' && i - from < limit)
        {
            i++;
        }
        return i;
    }

    /**
     * @param a    the bytes.
     * @param from the first digit.
     * @param end  the index after the last, at most {@value #MAX_DIGITS} after {@code from}.
     * @return the value of the digits.
     */
    public static long digits(final byte[] a, final int from, final int end)
    {
        long v = 0;
        for (int i = from; i < end; i++)
        {
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }

    /**
     * @param a  the bytes.
     * @param at where the number starts.
     * @param to where the bytes end.
     * @return the unsigned integer at {@code at} (at most {@value #MAX_DIGITS} digits), or -1 when no digit is there.
     */
    public static long unsigned(final byte[] a, final int at, final int to)
    {
        final int end = digitsEnd(a, at, to, MAX_DIGITS);
        return end == at ? -1 : digits(a, at, end);
    }

    /**
     * @param b  the buffer.
     * @param at where the number starts.
     * @param to where the bytes end.
     * @return the unsigned integer at {@code at} (at most {@value #MAX_DIGITS} digits), or -1 when no digit is there.
     */
    public static long unsigned(final DirectBuffer b, final int at, final int to)
    {
        long v = 0;
        int i = at;
        for (; i < to && i - at < MAX_DIGITS; i++)
        {
            final byte c = b.getByte(i);
            if (c < '0' || c > '9')
            {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return i == at ? -1 : v;
    }

    /**
     * The first {@code "k":<integer>} with a one-letter key, as Binance writes its fields.
     *
     * @param b    the buffer.
     * @param from where the JSON starts.
     * @param to   where it ends.
     * @param key  the key's letter.
     * @return the value, or -1 when absent or not an unsigned integer.
     */
    public static long letterField(final DirectBuffer b, final int from, final int to, final byte key)
    {
        for (int i = from; i + 4 < to; i++)
        {
            if (b.getByte(i) == '"' && b.getByte(i + 1) == key && b.getByte(i + 2) == '"' && b.getByte(i + 3) == ':')
            {
                return unsigned(b, i + 4, to);
            }
        }
        return -1;
    }

    /**
     * The first {@code <key><integer>}, where {@code key} holds the quoted name and the colon, such as
     * {@code "lastUpdateId":}.
     *
     * @param b    the buffer.
     * @param from where the JSON starts.
     * @param to   where it ends.
     * @param key  the quoted name and colon, as ASCII bytes.
     * @return the value, or -1 when absent or not an unsigned integer.
     */
    public static long field(final DirectBuffer b, final int from, final int to, final byte[] key)
    {
        outer:
        for (int i = from; i + key.length < to; i++)
        {
            for (int k = 0; k < key.length; k++)
            {
                if (b.getByte(i + k) != key[k])
                {
                    continue outer;
                }
            }
            return unsigned(b, i + key.length, to);
        }
        return -1;
    }
}
