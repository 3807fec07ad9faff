package dev.ticktape.simulator;

import java.util.Arrays;

/**
 * One side of a model's order book: its levels (price and quantity in units of the symbol's last
 * decimals), best first, in two sorted arrays. At market scale thousands of books are stepped by
 * turns; a {@code TreeMap} of boxed prices scattered each book over the heap, and reaching a
 * quiet book's levels cost the model thread more than changing them.
 */
final class BookSide
{
    /** Bids: the highest price first; asks: the lowest. */
    private final boolean bids;
    private long[] prices = new long[64];
    private long[] quantities = new long[64];
    private int size;

    BookSide(final boolean bids)
    {
        this.bids = bids;
    }

    int size()
    {
        return size;
    }

    /** @return the price of the level at {@code index} (0 the best). */
    long price(final int index)
    {
        return prices[index];
    }

    /** @return the quantity of the level at {@code index}. */
    long quantity(final int index)
    {
        return quantities[index];
    }

    /** @return the best price; the side must not be empty. */
    long best()
    {
        if (size == 0)
        {
            throw new IllegalStateException("empty book side");
        }
        return prices[0];
    }

    /** Sets a level's quantity; 0 removes it. */
    void put(final long price, final long quantity)
    {
        final int at = find(price);
        if (at >= 0)
        {
            if (quantity == 0)
            {
                System.arraycopy(prices, at + 1, prices, at, size - at - 1);
                System.arraycopy(quantities, at + 1, quantities, at, size - at - 1);
                size--;
            }
            else
            {
                quantities[at] = quantity;
            }
            return;
        }
        if (quantity == 0)
        {
            return;
        }
        final int insert = -at - 1;
        if (size == prices.length)
        {
            prices = Arrays.copyOf(prices, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
        }
        System.arraycopy(prices, insert, prices, insert + 1, size - insert);
        System.arraycopy(quantities, insert, quantities, insert + 1, size - insert);
        prices[insert] = price;
        quantities[insert] = quantity;
        size++;
    }

    /** @return the level's index, or {@code -(where it would go) - 1}. */
    private int find(final long price)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long p = prices[mid];
            if (p == price)
            {
                return mid;
            }
            // best first: bids descend, asks ascend
            if (bids ? p > price : p < price)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return -(low + 1);
    }
}
