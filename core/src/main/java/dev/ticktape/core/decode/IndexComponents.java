package dev.ticktape.core.decode;

/**
 * The components of a futures composite index ({@code compositeIndex.c}), reused between messages.
 */
public final class IndexComponents
{
    static final int MAX = 1_000;

    private Component[] items = new Component[8];
    private int count;

    /** One component: base and quote asset, weights and price. */
    public static final class Component
    {
        final TextView baseAsset = new TextView();
        final TextView quoteAsset = new TextView();
        final Decimal weightInQuantity = new Decimal();
        final Decimal weightInPercentage = new Decimal();
        final Decimal indexPrice = new Decimal();

        /** @return base asset ({@code b}). */
        public TextView baseAsset()
        {
            return baseAsset;
        }

        /** @return quote asset ({@code q}). */
        public TextView quoteAsset()
        {
            return quoteAsset;
        }

        /** @return weight in quantity ({@code w}). */
        public Decimal weightInQuantity()
        {
            return weightInQuantity;
        }

        /** @return weight in percentage ({@code W}). */
        public Decimal weightInPercentage()
        {
            return weightInPercentage;
        }

        /** @return the component's index price ({@code i}). */
        public Decimal indexPrice()
        {
            return indexPrice;
        }
    }

    /**
     * @return the number of components.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param i index.
     * @return component {@code i}.
     */
    public Component get(final int i)
    {
        if (i < 0 || i >= count)
        {
            throw new IndexOutOfBoundsException(i);
        }
        return items[i];
    }

    void clear()
    {
        count = 0;
    }

    Component add()
    {
        if (count == items.length)
        {
            if (count >= MAX)
            {
                throw DecodeException.TOO_MANY_LEVELS;
            }
            items = java.util.Arrays.copyOf(items, count * 2);
        }
        if (items[count] == null)
        {
            items[count] = new Component();
        }
        final Component c = items[count++];
        c.baseAsset.clear();
        c.quoteAsset.clear();
        c.weightInQuantity.clear();
        c.weightInPercentage.clear();
        c.indexPrice.clear();
        return c;
    }
}
