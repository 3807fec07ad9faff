package dev.ticktape.core.decode;

/**
 * A futures liquidation order ({@code forceOrder}); the fields are those of its {@code o} object.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class ForceOrderEvent extends MarketEvent
{
    /** Whether the message held its order, {@code o}: without one it is not delivered. */
    boolean hasOrder;
    final TextView side = new TextView();
    final TextView orderType = new TextView();
    final TextView timeInForce = new TextView();
    final Decimal originalQuantity = new Decimal();
    final Decimal price = new Decimal();
    final Decimal averagePrice = new Decimal();
    final TextView status = new TextView();
    final Decimal lastFilledQuantity = new Decimal();
    final Decimal filledQuantity = new Decimal();
    long tradeTime;

    ForceOrderEvent()
    {
        super(EventType.FORCE_ORDER);
    }

    /**
     * @return side ({@code o.S}).
     */
    public TextView side()
    {
        return side;
    }

    /**
     * @return order type ({@code o.o}).
     */
    public TextView orderType()
    {
        return orderType;
    }

    /**
     * @return time in force ({@code o.f}).
     */
    public TextView timeInForce()
    {
        return timeInForce;
    }

    /**
     * @return original quantity ({@code o.q}).
     */
    public Decimal originalQuantity()
    {
        return originalQuantity;
    }

    /**
     * @return price ({@code o.p}).
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * @return average price ({@code o.ap}).
     */
    public Decimal averagePrice()
    {
        return averagePrice;
    }

    /**
     * @return order status ({@code o.X}).
     */
    public TextView status()
    {
        return status;
    }

    /**
     * @return last filled quantity ({@code o.l}).
     */
    public Decimal lastFilledQuantity()
    {
        return lastFilledQuantity;
    }

    /**
     * @return cumulative filled quantity ({@code o.z}).
     */
    public Decimal filledQuantity()
    {
        return filledQuantity;
    }

    /**
     * @return trade time ({@code o.T}), in {@link #timeUnit()}.
     */
    public long tradeTime()
    {
        return tradeTime;
    }

    @Override
    void reset()
    {
        super.reset();
        hasOrder = false;
        side.clear();
        orderType.clear();
        timeInForce.clear();
        originalQuantity.clear();
        price.clear();
        averagePrice.clear();
        status.clear();
        lastFilledQuantity.clear();
        filledQuantity.clear();
        tradeTime = -1;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("side", side);
        out.field("orderType", orderType);
        out.field("timeInForce", timeInForce);
        out.field("originalQuantity", originalQuantity);
        out.field("price", price);
        out.field("averagePrice", averagePrice);
        out.field("status", status);
        out.field("lastFilledQuantity", lastFilledQuantity);
        out.field("filledQuantity", filledQuantity);
        out.field("tradeTime", tradeTime);
    }
}
