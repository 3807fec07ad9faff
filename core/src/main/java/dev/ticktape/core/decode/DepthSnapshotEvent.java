package dev.ticktape.core.decode;

/**
 * A REST depth snapshot journaled by the recorder ({@code /api/v3/depth}, {@code /fapi/v1/depth}); the symbol comes from the frame's stream name.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class DepthSnapshotEvent extends MarketEvent
{
    long lastUpdateId;
    long transactionTime;
    final PriceLevels bids = new PriceLevels();
    final PriceLevels asks = new PriceLevels();

    DepthSnapshotEvent()
    {
        super(EventType.DEPTH_SNAPSHOT);
    }

    /**
     * @return the snapshot's {@code lastUpdateId}.
     */
    public long lastUpdateId()
    {
        return lastUpdateId;
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
        transactionTime = -1;
        bids.clear();
        asks.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("lastUpdateId", lastUpdateId);
        out.field("transactionTime", transactionTime);
        out.field("bids", bids);
        out.field("asks", asks);
    }
}
