package dev.ticktape.core.book;

import java.util.Arrays;

/**
 * One side of a book: price levels as integers (mantissas at a scale), kept sorted best first in
 * primitive arrays. Updates are a binary search and an array shift; reads allocate nothing. The
 * {@link OrderBook}'s sides, and the simulator's model books. Not thread-safe.
 */
public final class BookSide
{
    private final boolean bids;
    private long[] prices;
    private long[] quantities;
    private int count;

    /** @param bids true for bids (the highest price first), false for asks (the lowest first). */
    public BookSide(final boolean bids)
    {
        this(bids, 256);
    }

    /**
     * @param bids     true for bids (the highest price first), false for asks (the lowest first).
     * @param capacity the levels it has room for before it grows (thousands of small books stay small).
     */
    public BookSide(final boolean bids, final int capacity)
    {
        this.bids = bids;
        this.prices = new long[Math.max(1, capacity)];
        this.quantities = new long[Math.max(1, capacity)];
    }

    /** @return the levels. */
    public int count()
    {
        return count;
    }

    /** @param level 0 for the best. @return its price. */
    public long price(final int level)
    {
        return prices[level];
    }

    /** @param level 0 for the best. @return its quantity. */
    public long quantity(final int level)
    {
        return quantities[level];
    }

    void clear()
    {
        count = 0;
    }

    /**
     * Sets a level to an absolute quantity; zero removes it (and removing an absent level is fine).
     *
     * @param price    the level's price.
     * @param quantity its quantity, 0 to remove it.
     */
    public void set(final long price, final long quantity)
    {
        final int i = find(price);
        if (i >= 0)
        {
            if (quantity == 0)
            {
                System.arraycopy(prices, i + 1, prices, i, count - i - 1);
                System.arraycopy(quantities, i + 1, quantities, i, count - i - 1);
                count--;
            }
            else
            {
                quantities[i] = quantity;
            }
            return;
        }
        if (quantity == 0)
        {
            return;
        }
        final int at = -i - 1;
        if (count == prices.length)
        {
            prices = Arrays.copyOf(prices, count * 2);
            quantities = Arrays.copyOf(quantities, count * 2);
        }
        System.arraycopy(prices, at, prices, at + 1, count - at);
        System.arraycopy(quantities, at, quantities, at + 1, count - at);
        prices[at] = price;
        quantities[at] = quantity;
        count++;
    }

    /** Multiplies every price or quantity by {@code factor} when the book's scale grows. */
    void rescale(final long priceFactor, final long quantityFactor)
    {
        for (int i = 0; i < count; i++)
        {
            prices[i] = Math.multiplyExact(prices[i], priceFactor);
            quantities[i] = Math.multiplyExact(quantities[i], quantityFactor);
        }
    }

    /** Binary search in best-first order: the index, or {@code -(insertion point) - 1}. */
    private int find(final long price)
    {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long p = prices[mid];
            if (p == price)
            {
                return mid;
            }
            final boolean before = bids ? p > price : p < price;
            if (before)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -(lo + 1);
    }
}
