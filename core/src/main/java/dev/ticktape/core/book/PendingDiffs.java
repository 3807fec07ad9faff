package dev.ticktape.core.book;

import dev.ticktape.core.decode.PriceLevels;

import java.util.Arrays;

/**
 * Diff events held while a book waits for its snapshot: a ring of reused copies, oldest first.
 * When full, the oldest is dropped (the snapshot check then reports the hole).
 */
final class PendingDiffs
{
    static final class Diff
    {
        long firstId;
        long lastId;
        long previousLastId;
        final Levels bids = new Levels();
        final Levels asks = new Levels();
    }

    static final class Levels
    {
        long[] priceMantissa = new long[16];
        int[] priceScale = new int[16];
        long[] quantityMantissa = new long[16];
        int[] quantityScale = new int[16];
        int count;

        void copy(final PriceLevels from)
        {
            final int n = from.count();
            if (priceMantissa.length < n)
            {
                priceMantissa = Arrays.copyOf(priceMantissa, n);
                priceScale = Arrays.copyOf(priceScale, n);
                quantityMantissa = Arrays.copyOf(quantityMantissa, n);
                quantityScale = Arrays.copyOf(quantityScale, n);
            }
            for (int i = 0; i < n; i++)
            {
                priceMantissa[i] = from.priceMantissa(i);
                priceScale[i] = from.priceScale(i);
                quantityMantissa[i] = from.quantityMantissa(i);
                quantityScale[i] = from.quantityScale(i);
            }
            count = n;
        }
    }

    private final Diff[] ring;
    private int head;
    private int size;
    private long dropped;

    PendingDiffs(final int capacity)
    {
        ring = new Diff[capacity];
    }

    int size()
    {
        return size;
    }

    long dropped()
    {
        return dropped;
    }

    Diff first()
    {
        return ring[head];
    }

    Diff last()
    {
        return ring[(head + size - 1) % ring.length];
    }

    void removeFirst()
    {
        head = (head + 1) % ring.length;
        size--;
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    void add(final long firstId, final long lastId, final long previousLastId, final PriceLevels bids, final PriceLevels asks)
    {
        if (size == ring.length)
        {
            removeFirst();
            dropped++;
        }
        final int at = (head + size) % ring.length;
        if (ring[at] == null)
        {
            ring[at] = new Diff();
        }
        final Diff d = ring[at];
        d.firstId = firstId;
        d.lastId = lastId;
        d.previousLastId = previousLastId;
        d.bids.copy(bids);
        d.asks.copy(asks);
        size++;
    }
}
