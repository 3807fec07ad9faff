package dev.ticktape.core.decode;

/**
 * An aggregated trade, spot and USDⓈ-M futures ({@code aggTrade}).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class AggTradeEvent extends MarketEvent
{
    long aggregateTradeId;
    final Decimal price = new Decimal();
    final Decimal quantity = new Decimal();
    final Decimal normalQuantity = new Decimal();
    long firstTradeId;
    long lastTradeId;
    long tradeTime;
    boolean buyerMaker;

    AggTradeEvent()
    {
        super(EventType.AGG_TRADE);
    }

    /**
     * @return aggregate trade id ({@code a}).
     */
    public long aggregateTradeId()
    {
        return aggregateTradeId;
    }

    /**
     * @return price ({@code p}).
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * @return quantity ({@code q}; futures: including trades with RPI orders).
     */
    public Decimal quantity()
    {
        return quantity;
    }

    /**
     * @return futures only: quantity of normal trades ({@code nq}); absent on spot.
     */
    public Decimal normalQuantity()
    {
        return normalQuantity;
    }

    /**
     * @return first trade id ({@code f}).
     */
    public long firstTradeId()
    {
        return firstTradeId;
    }

    /**
     * @return last trade id ({@code l}).
     */
    public long lastTradeId()
    {
        return lastTradeId;
    }

    /**
     * @return trade time ({@code T}), in {@link #timeUnit()}.
     */
    public long tradeTime()
    {
        return tradeTime;
    }

    /**
     * @return whether the buyer was the maker ({@code m}).
     */
    public boolean buyerMaker()
    {
        return buyerMaker;
    }

    @Override
    void reset()
    {
        super.reset();
        aggregateTradeId = -1;
        price.clear();
        quantity.clear();
        normalQuantity.clear();
        firstTradeId = -1;
        lastTradeId = -1;
        tradeTime = -1;
        buyerMaker = false;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("aggregateTradeId", aggregateTradeId);
        out.field("price", price);
        out.field("quantity", quantity);
        out.field("normalQuantity", normalQuantity);
        out.field("firstTradeId", firstTradeId);
        out.field("lastTradeId", lastTradeId);
        out.field("tradeTime", tradeTime);
        out.field("buyerMaker", buyerMaker);
    }
}
