package dev.ticktape.core.decode;

import dev.ticktape.core.Market;

import java.util.concurrent.TimeUnit;

/**
 * What every typed event has: its type, market, symbol, event time and the unit of its times.
 * <p>
 * Event times are kept in the unit Binance sent: milliseconds in JSON, microseconds in SBE and on
 * JSON connections opened with {@code timeUnit=MICROSECOND}; {@link #timeUnit()} says which.
 */
public abstract class MarketEvent
{
    private final EventType type;
    Market market;
    TimeUnit timeUnit = TimeUnit.MILLISECONDS;
    long eventTime;
    final TextView symbol = new TextView();

    MarketEvent(final EventType type)
    {
        this.type = type;
    }

    /**
     * @return the event type.
     */
    public final EventType type()
    {
        return type;
    }

    /**
     * @return the market the frame came from.
     */
    public final Market market()
    {
        return market;
    }

    /**
     * @return the unit of {@link #eventTime()} and of every other time field of this event.
     */
    public final TimeUnit timeUnit()
    {
        return timeUnit;
    }

    /**
     * @return the event time ({@code E}; SBE {@code eventTime}), or -1 when the message has none.
     */
    public final long eventTime()
    {
        return eventTime;
    }

    /**
     * @return the symbol ({@code s}), upper case as Binance sends it in payloads; absent for
     * messages without one (spot partial depth takes it from the stream name, in lower case).
     */
    public final TextView symbol()
    {
        return symbol;
    }

    void reset()
    {
        eventTime = -1;
        symbol.clear();
    }

    abstract void writeFields(EventJsonWriter out);
}
