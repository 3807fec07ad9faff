package dev.ticktape.core.decode;

/**
 * The notional brackets of a futures contract ({@code contractInfo.bks}), reused between messages.
 * Binance sends these as JSON numbers; they are kept exact.
 */
public final class Brackets
{
    static final int MAX = 1_000;

    private Bracket[] items = new Bracket[8];
    private int count;

    /** One bracket. */
    public static final class Bracket
    {
        long bracket;
        final Decimal floorNotional = new Decimal();
        final Decimal capNotional = new Decimal();
        final Decimal maintenanceMarginRatio = new Decimal();
        final Decimal auxiliary = new Decimal();
        long minLeverage;
        long maxLeverage;

        /** @return bracket number ({@code bs}). */
        public long bracket()
        {
            return bracket;
        }

        /** @return floor notional ({@code bnf}). */
        public Decimal floorNotional()
        {
            return floorNotional;
        }

        /** @return cap notional ({@code bnc}). */
        public Decimal capNotional()
        {
            return capNotional;
        }

        /** @return maintenance margin ratio ({@code mmr}). */
        public Decimal maintenanceMarginRatio()
        {
            return maintenanceMarginRatio;
        }

        /** @return auxiliary number for quick calculation ({@code cf}). */
        public Decimal auxiliary()
        {
            return auxiliary;
        }

        /** @return minimum leverage ({@code mi}). */
        public long minLeverage()
        {
            return minLeverage;
        }

        /** @return maximum leverage ({@code ma}). */
        public long maxLeverage()
        {
            return maxLeverage;
        }
    }

    /**
     * @return the number of brackets (0 when the message had none).
     */
    public int count()
    {
        return count;
    }

    /**
     * @param i index.
     * @return bracket {@code i}.
     */
    public Bracket get(final int i)
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

    Bracket add()
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
            items[count] = new Bracket();
        }
        final Bracket b = items[count++];
        b.bracket = -1;
        b.floorNotional.clear();
        b.capNotional.clear();
        b.maintenanceMarginRatio.clear();
        b.auxiliary.clear();
        b.minLeverage = -1;
        b.maxLeverage = -1;
        return b;
    }
}
