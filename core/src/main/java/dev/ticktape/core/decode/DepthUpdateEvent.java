package dev.ticktape.core.decode;

/**
 * A diff-depth update for a local order book: spot and futures {@code depthUpdate} on {@code @depth} streams, futures {@code @rpiDepth}, and SBE {@code DepthDiffStreamEvent}. Quantities are absolute; zero removes the level.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class DepthUpdateEvent extends MarketEvent
{
    boolean rpi;
    long transactionTime;
    long firstUpdateId;
    long lastUpdateId;
    long previousLastUpdateId;
    final PriceLevels bids = new PriceLevels();
    final PriceLevels asks = new PriceLevels();

    DepthUpdateEvent()
    {
        super(EventType.DEPTH_UPDATE);
    }

    /**
     * @return whether it came from a futures {@code @rpiDepth} stream.
     */
    public boolean rpi()
    {
        return rpi;
    }

    /**
     * @return futures only: transaction time ({@code T}), else -1; in {@link #timeUnit()}.
     */
    public long transactionTime()
    {
        return transactionTime;
    }

    /**
     * @return first update id in the event ({@code U}; SBE {@code firstBookUpdateId}).
     */
    public long firstUpdateId()
    {
        return firstUpdateId;
    }

    /**
     * @return last update id in the event ({@code u}; SBE {@code lastBookUpdateId}).
     */
    public long lastUpdateId()
    {
        return lastUpdateId;
    }

    /**
     * @return futures only: the previous event's last update id ({@code pu}), else -1.
     */
    public long previousLastUpdateId()
    {
        return previousLastUpdateId;
    }

    /**
     * @return bid levels ({@code b}).
     */
    public PriceLevels bids()
    {
        return bids;
    }

    /**
     * @return ask levels ({@code a}).
     */
    public PriceLevels asks()
    {
        return asks;
    }

    @Override
    void reset()
    {
        super.reset();
        rpi = false;
        transactionTime = -1;
        firstUpdateId = -1;
        lastUpdateId = -1;
        previousLastUpdateId = -1;
        bids.clear();
        asks.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("rpi", rpi);
        out.field("transactionTime", transactionTime);
        out.field("firstUpdateId", firstUpdateId);
        out.field("lastUpdateId", lastUpdateId);
        out.field("previousLastUpdateId", previousLastUpdateId);
        out.field("bids", bids);
        out.field("asks", asks);
    }
}
