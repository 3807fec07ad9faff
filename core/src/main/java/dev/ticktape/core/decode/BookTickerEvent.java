package dev.ticktape.core.decode;

/**
 * Best bid and ask: spot JSON and futures {@code bookTicker} (also {@code !bookTicker}), and SBE {@code BestBidAskStreamEvent}. Spot JSON has no event time ({@link #eventTime()} is -1).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class BookTickerEvent extends MarketEvent
{
    long updateId;
    long transactionTime;
    final Decimal bidPrice = new Decimal();
    final Decimal bidQuantity = new Decimal();
    final Decimal askPrice = new Decimal();
    final Decimal askQuantity = new Decimal();

    BookTickerEvent()
    {
        super(EventType.BOOK_TICKER);
    }

    /**
     * @return order book update id ({@code u}; SBE {@code bookUpdateId}).
     */
    public long updateId()
    {
        return updateId;
    }

    /**
     * @return futures only: transaction time ({@code T}), else -1; in {@link #timeUnit()}.
     */
    public long transactionTime()
    {
        return transactionTime;
    }

    /**
     * @return best bid price ({@code b}).
     */
    public Decimal bidPrice()
    {
        return bidPrice;
    }

    /**
     * @return best bid quantity ({@code B}).
     */
    public Decimal bidQuantity()
    {
        return bidQuantity;
    }

    /**
     * @return best ask price ({@code a}).
     */
    public Decimal askPrice()
    {
        return askPrice;
    }

    /**
     * @return best ask quantity ({@code A}).
     */
    public Decimal askQuantity()
    {
        return askQuantity;
    }

    @Override
    void reset()
    {
        super.reset();
        updateId = -1;
        transactionTime = -1;
        bidPrice.clear();
        bidQuantity.clear();
        askPrice.clear();
        askQuantity.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("updateId", updateId);
        out.field("transactionTime", transactionTime);
        out.field("bidPrice", bidPrice);
        out.field("bidQuantity", bidQuantity);
        out.field("askPrice", askPrice);
        out.field("askQuantity", askQuantity);
    }
}
