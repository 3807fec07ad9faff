package dev.ticktape.core.decode;

/**
 * Spot reference price ({@code referencePrice}); carries no event time.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class ReferencePriceEvent extends MarketEvent
{
    final Decimal referencePrice = new Decimal();
    long time;

    ReferencePriceEvent()
    {
        super(EventType.REFERENCE_PRICE);
    }

    /**
     * @return reference price ({@code r}); absent when Binance sends {@code null}.
     */
    public Decimal referencePrice()
    {
        return referencePrice;
    }

    /**
     * @return engine time the price was valid at ({@code t}), in {@link #timeUnit()}.
     */
    public long time()
    {
        return time;
    }

    @Override
    void reset()
    {
        super.reset();
        referencePrice.clear();
        time = -1;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("referencePrice", referencePrice);
        out.field("time", time);
    }
}
