package dev.ticktape.recorder;

import org.agrona.DirectBuffer;

/** Allocation-free scans of raw JSON for the few fields the recorder itself looks at. */
final class Scan
{
    private Scan()
    {
    }

    /**
     * The first {@code "k":<integer>} with a one-letter key, as Binance writes its fields.
     *
     * @return the value, or -1 if absent or not a non-negative integer.
     */
    static long longField(final DirectBuffer b, final int from, final int to, final byte key)
    {
        for (int i = from; i + 4 < to; i++)
        {
            if (b.getByte(i) == '"' && b.getByte(i + 1) == key && b.getByte(i + 2) == '"' && b.getByte(i + 3) == ':')
            {
                return number(b, i + 4, to);
            }
        }
        return -1;
    }

    /**
     * A diff-depth event's update ids in one pass: {@code "U"}, {@code "u"} and {@code "pu"} into
     * {@code ids[0..2]} (-1 where absent). The pass stops once all three are found, which on
     * Binance's field order is before the price levels.
     */
    static void updateIds(final DirectBuffer b, final int from, final int to, final long[] ids)
    {
        ids[0] = -1;
        ids[1] = -1;
        ids[2] = -1;
        int found = 0;
        for (int i = from; i + 4 < to; i++)
        {
            if (b.getByte(i) != '"')
            {
                continue;
            }
            final byte k = b.getByte(i + 1);
            if ((k == 'U' || k == 'u') && b.getByte(i + 2) == '"' && b.getByte(i + 3) == ':')
            {
                final int slot = k == 'U' ? 0 : 1;
                if (ids[slot] < 0)
                {
                    ids[slot] = number(b, i + 4, to);
                    found++;
                }
            }
            else if (k == 'p' && i + 5 < to && b.getByte(i + 2) == 'u' && b.getByte(i + 3) == '"' && b.getByte(i + 4) == ':')
            {
                if (ids[2] < 0)
                {
                    ids[2] = number(b, i + 5, to);
                    found++;
                }
            }
            if (found == 3)
            {
                return;
            }
        }
    }

    /**
     * The first {@code <key><integer>}, where {@code key} holds the quoted name and colon, e.g.
     * {@code "lastUpdateId":}.
     *
     * @return the value, or -1 if absent.
     */
    static long field(final DirectBuffer b, final int from, final int to, final byte[] key)
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
            return number(b, i + key.length, to);
        }
        return -1;
    }

    private static long number(final DirectBuffer b, final int at, final int to)
    {
        long v = 0;
        int i = at;
        for (; i < to; i++)
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
}
