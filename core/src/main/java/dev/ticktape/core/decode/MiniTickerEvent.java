package dev.ticktape.core.decode;

/**
 * 24-hour rolling mini ticker, spot and futures ({@code 24hrMiniTicker}, also each element of {@code !miniTicker@arr}).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class MiniTickerEvent extends MarketEvent
{
    final Decimal close = new Decimal();
    final Decimal open = new Decimal();
    final Decimal high = new Decimal();
    final Decimal low = new Decimal();
    final Decimal volume = new Decimal();
    final Decimal quoteVolume = new Decimal();

    MiniTickerEvent()
    {
        super(EventType.MINI_TICKER);
    }

    /**
     * @return close (last) price ({@code c}).
     */
    public Decimal close()
    {
        return close;
    }

    /**
     * @return open price ({@code o}).
     */
    public Decimal open()
    {
        return open;
    }

    /**
     * @return high price ({@code h}).
     */
    public Decimal high()
    {
        return high;
    }

    /**
     * @return low price ({@code l}).
     */
    public Decimal low()
    {
        return low;
    }

    /**
     * @return base asset volume ({@code v}).
     */
    public Decimal volume()
    {
        return volume;
    }

    /**
     * @return quote asset volume ({@code q}).
     */
    public Decimal quoteVolume()
    {
        return quoteVolume;
    }

    @Override
    void reset()
    {
        super.reset();
        close.clear();
        open.clear();
        high.clear();
        low.clear();
        volume.clear();
        quoteVolume.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("close", close);
        out.field("open", open);
        out.field("high", high);
        out.field("low", low);
        out.field("volume", volume);
        out.field("quoteVolume", quoteVolume);
    }
}
