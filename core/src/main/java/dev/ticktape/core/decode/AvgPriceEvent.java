package dev.ticktape.core.decode;

/**
 * Spot current average price ({@code avgPrice}).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class AvgPriceEvent extends MarketEvent
{
    final TextView interval = new TextView();
    final Decimal averagePrice = new Decimal();
    long lastTradeTime;

    AvgPriceEvent()
    {
        super(EventType.AVG_PRICE);
    }

    /**
     * @return averaging interval ({@code i}).
     */
    public TextView interval()
    {
        return interval;
    }

    /**
     * @return average price ({@code w}).
     */
    public Decimal averagePrice()
    {
        return averagePrice;
    }

    /**
     * @return last trade time ({@code T}), in {@link #timeUnit()}.
     */
    public long lastTradeTime()
    {
        return lastTradeTime;
    }

    @Override
    void reset()
    {
        super.reset();
        interval.clear();
        averagePrice.clear();
        lastTradeTime = -1;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("interval", interval);
        out.field("averagePrice", averagePrice);
        out.field("lastTradeTime", lastTradeTime);
    }
}
