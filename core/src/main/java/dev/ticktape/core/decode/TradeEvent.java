package dev.ticktape.core.decode;

/**
 * A trade: spot JSON {@code trade} and {@code blockTrade}, and each trade of an SBE {@code TradesStreamEvent}.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class TradeEvent extends MarketEvent
{
    boolean block;
    long tradeId;
    final Decimal price = new Decimal();
    final Decimal quantity = new Decimal();
    long tradeTime;
    boolean buyerMaker;
    boolean bestMatch;

    TradeEvent()
    {
        super(EventType.TRADE);
    }

    /**
     * @return whether it came from the {@code @blockTrade} stream.
     */
    public boolean block()
    {
        return block;
    }

    /**
     * @return trade id ({@code t}; SBE {@code id}).
     */
    public long tradeId()
    {
        return tradeId;
    }

    /**
     * @return price ({@code p}).
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * @return quantity ({@code q}).
     */
    public Decimal quantity()
    {
        return quantity;
    }

    /**
     * @return trade time ({@code T}; SBE {@code transactTime}), in {@link #timeUnit()}.
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

    /**
     * @return SBE {@code isBestMatch} (always true in SBE; false when absent).
     */
    public boolean bestMatch()
    {
        return bestMatch;
    }

    @Override
    void reset()
    {
        super.reset();
        block = false;
        tradeId = -1;
        price.clear();
        quantity.clear();
        tradeTime = -1;
        buyerMaker = false;
        bestMatch = false;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("block", block);
        out.field("tradeId", tradeId);
        out.field("price", price);
        out.field("quantity", quantity);
        out.field("tradeTime", tradeTime);
        out.field("buyerMaker", buyerMaker);
        out.field("bestMatch", bestMatch);
    }
}
