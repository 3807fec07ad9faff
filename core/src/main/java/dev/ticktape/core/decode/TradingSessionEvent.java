package dev.ticktape.core.decode;

/**
 * The session state of a TradFi underlying market (futures {@code tradingSession}: {@code EquityUpdate} or {@code CommodityUpdate}).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class TradingSessionEvent extends MarketEvent
{
    final TextView marketType = new TextView();
    long startTime;
    long endTime;
    final TextView sessionType = new TextView();

    TradingSessionEvent()
    {
        super(EventType.TRADING_SESSION);
    }

    /**
     * @return {@code EquityUpdate} or {@code CommodityUpdate} ({@code e}).
     */
    public TextView marketType()
    {
        return marketType;
    }

    /**
     * @return session start time ({@code t}), in {@link #timeUnit()}.
     */
    public long startTime()
    {
        return startTime;
    }

    /**
     * @return session end time ({@code T}), in {@link #timeUnit()}.
     */
    public long endTime()
    {
        return endTime;
    }

    /**
     * @return session type ({@code S}), e.g. {@code REGULAR}.
     */
    public TextView sessionType()
    {
        return sessionType;
    }

    @Override
    void reset()
    {
        super.reset();
        marketType.clear();
        startTime = -1;
        endTime = -1;
        sessionType.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("marketType", marketType);
        out.field("startTime", startTime);
        out.field("endTime", endTime);
        out.field("sessionType", sessionType);
    }
}
