package dev.ticktape.core.decode;

import java.util.Arrays;

/**
 * The {@code [price, quantity]} levels of one side of a depth message, as exact decimals held in
 * reused primitive arrays. Reading a level allocates nothing.
 */
public final class PriceLevels
{
    /** More levels than any Binance message carries (REST snapshots stop at 5000). */
    static final int MAX_LEVELS = 10_000;

    private long[] priceMantissa = new long[64];
    private int[] priceScale = new int[64];
    private long[] quantityMantissa = new long[64];
    private int[] quantityScale = new int[64];
    private int count;

    /**
     * @return the number of levels.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param i level index, best first for snapshots, as sent for diffs.
     * @return the price mantissa.
     */
    public long priceMantissa(final int i)
    {
        return priceMantissa[check(i)];
    }

    /**
     * @param i level index.
     * @return the price scale.
     */
    public int priceScale(final int i)
    {
        return priceScale[check(i)];
    }

    /**
     * @param i level index.
     * @return the quantity mantissa; 0 removes the level in a diff.
     */
    public long quantityMantissa(final int i)
    {
        return quantityMantissa[check(i)];
    }

    /**
     * @param i level index.
     * @return the quantity scale.
     */
    public int quantityScale(final int i)
    {
        return quantityScale[check(i)];
    }

    /**
     * Copies a level's price into a decimal.
     *
     * @param i   level index.
     * @param out the decimal to fill.
     * @return {@code out}.
     */
    public Decimal price(final int i, final Decimal out)
    {
        return out.set(priceMantissa[check(i)], priceScale[i]);
    }

    /**
     * Copies a level's quantity into a decimal.
     *
     * @param i   level index.
     * @param out the decimal to fill.
     * @return {@code out}.
     */
    public Decimal quantity(final int i, final Decimal out)
    {
        return out.set(quantityMantissa[check(i)], quantityScale[i]);
    }

    void clear()
    {
        count = 0;
    }

    void add(final long price, final int pScale, final long quantity, final int qScale)
    {
        if (count == priceMantissa.length)
        {
            if (count >= MAX_LEVELS)
            {
                throw DecodeException.TOO_MANY_LEVELS;
            }
            final int n = Math.min(MAX_LEVELS, count * 2);
            priceMantissa = Arrays.copyOf(priceMantissa, n);
            priceScale = Arrays.copyOf(priceScale, n);
            quantityMantissa = Arrays.copyOf(quantityMantissa, n);
            quantityScale = Arrays.copyOf(quantityScale, n);
        }
        priceMantissa[count] = price;
        priceScale[count] = pScale;
        quantityMantissa[count] = quantity;
        quantityScale[count] = qScale;
        count++;
    }

    private int check(final int i)
    {
        if (i < 0 || i >= count)
        {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }
}
