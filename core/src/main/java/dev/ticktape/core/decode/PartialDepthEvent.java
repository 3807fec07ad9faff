package dev.ticktape.core.decode;

/**
 * A top-N book snapshot pushed on a stream: spot {@code depth<N>}, futures {@code depth<N>} (which Binance also calls {@code depthUpdate}) and SBE {@code DepthSnapshotStreamEvent}. Replaces, never merges. Spot JSON carries no symbol and no event time; the symbol is then taken from the stream name.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class PartialDepthEvent extends MarketEvent
{
    long lastUpdateId;
    long firstUpdateId;
    long previousLastUpdateId;
    long transactionTime;
    final PriceLevels bids = new PriceLevels();
    final PriceLevels asks = new PriceLevels();

    PartialDepthEvent()
    {
        super(EventType.PARTIAL_DEPTH);
    }

    /**
     * @return book update id ({@code lastUpdateId}; futures {@code u}; SBE {@code bookUpdateId}).
     */
    public long lastUpdateId()
    {
        return lastUpdateId;
    }

    /**
     * @return futures only: {@code U}, else -1.
     */
    public long firstUpdateId()
    {
        return firstUpdateId;
    }

    /**
     * @return futures only: {@code pu}, else -1.
     */
    public long previousLastUpdateId()
    {
        return previousLastUpdateId;
    }

    /**
     * @return futures only: transaction time ({@code T}), else -1; in {@link #timeUnit()}.
     */
    public long transactionTime()
    {
        return transactionTime;
    }

    /**
     * @return bid levels, best first.
     */
    public PriceLevels bids()
    {
        return bids;
    }

    /**
     * @return ask levels, best first.
     */
    public PriceLevels asks()
    {
        return asks;
    }

    @Override
    void reset()
    {
        super.reset();
        lastUpdateId = -1;
        firstUpdateId = -1;
        previousLastUpdateId = -1;
        transactionTime = -1;
        bids.clear();
        asks.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("lastUpdateId", lastUpdateId);
        out.field("firstUpdateId", firstUpdateId);
        out.field("previousLastUpdateId", previousLastUpdateId);
        out.field("transactionTime", transactionTime);
        out.field("bids", bids);
        out.field("asks", asks);
    }
}
