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
