package dev.ticktape.core.binance;

import org.agrona.DirectBuffer;

/**
 * Allocation-free scans of Binance's raw JSON for a single unsigned integer field, where a whole
 * decode would be waste: a diff-depth event's update ids and event time as the recorder stores a
 * frame, a snapshot's {@code lastUpdateId}, the time fields the replay server rewrites. The one set
 * of such digit scanners; the decoders' own number parsing is {@code dev.ticktape.core.decode}'s.
 */
public final class JsonFields
{
    /** Digits a scan reads at most: a long's. */
    public static final int MAX_DIGITS = 19;

    private JsonFields()
    {
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
