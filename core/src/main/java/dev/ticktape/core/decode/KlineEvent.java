package dev.ticktape.core.decode;

/**
 * A candlestick: spot and futures {@code kline} (also {@code @+08:00}) and futures {@code continuous_kline}.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class KlineEvent extends MarketEvent
{
    boolean continuous;
    /** Whether the message held its candle, {@code k}: without one it is not delivered. */
    boolean hasCandle;
    final TextView pair = new TextView();
    final TextView contractType = new TextView();
    long openTime;
    long closeTime;
    final TextView interval = new TextView();
    long firstId;
    long lastId;
    final Decimal open = new Decimal();
    final Decimal close = new Decimal();
    final Decimal high = new Decimal();
    final Decimal low = new Decimal();
    final Decimal volume = new Decimal();
    long tradeCount;
    boolean closed;
    final Decimal quoteVolume = new Decimal();
    final Decimal takerBuyVolume = new Decimal();
    final Decimal takerBuyQuoteVolume = new Decimal();

    KlineEvent()
    {
        super(EventType.KLINE);
    }

    /**
     * @return whether it is a futures continuous-contract kline.
     */
    public boolean continuous()
    {
        return continuous;
    }

    /**
     * @return continuous klines: the pair ({@code ps}); otherwise absent.
     */
    public TextView pair()
    {
        return pair;
    }

    /**
     * @return continuous klines: the contract type ({@code ct}); otherwise absent.
     */
    public TextView contractType()
    {
        return contractType;
    }

    /**
     * @return candle open time ({@code k.t}), in {@link #timeUnit()}.
     */
    public long openTime()
    {
        return openTime;
    }

    /**
     * @return candle close time ({@code k.T}), in {@link #timeUnit()}.
     */
    public long closeTime()
    {
        return closeTime;
    }

    /**
     * @return interval ({@code k.i}), e.g. {@code 1m}.
     */
    public TextView interval()
    {
        return interval;
    }

    /**
     * @return first trade id ({@code k.f}; continuous klines: first update id).
     */
    public long firstId()
    {
        return firstId;
    }

    /**
     * @return last trade id ({@code k.L}; continuous klines: last update id).
     */
    public long lastId()
    {
        return lastId;
    }

    /**
     * @return open price ({@code k.o}).
     */
    public Decimal open()
    {
        return open;
    }

    /**
     * @return close price ({@code k.c}).
     */
    public Decimal close()
    {
        return close;
    }

    /**
     * @return high price ({@code k.h}).
     */
    public Decimal high()
    {
        return high;
    }

    /**
     * @return low price ({@code k.l}).
     */
    public Decimal low()
    {
        return low;
    }

    /**
     * @return base asset volume ({@code k.v}).
     */
    public Decimal volume()
    {
        return volume;
    }

    /**
     * @return number of trades ({@code k.n}).
     */
    public long tradeCount()
    {
        return tradeCount;
    }

    /**
     * @return whether the candle is closed ({@code k.x}).
     */
    public boolean closed()
    {
        return closed;
    }

    /**
     * @return quote asset volume ({@code k.q}).
     */
    public Decimal quoteVolume()
    {
        return quoteVolume;
    }

    /**
     * @return taker buy base volume ({@code k.V}).
     */
    public Decimal takerBuyVolume()
    {
        return takerBuyVolume;
    }

    /**
     * @return taker buy quote volume ({@code k.Q}).
     */
    public Decimal takerBuyQuoteVolume()
    {
        return takerBuyQuoteVolume;
    }

    @Override
    void reset()
    {
        super.reset();
        continuous = false;
        hasCandle = false;
        pair.clear();
        contractType.clear();
        openTime = -1;
        closeTime = -1;
        interval.clear();
        firstId = -1;
        lastId = -1;
        open.clear();
        close.clear();
        high.clear();
        low.clear();
        volume.clear();
        tradeCount = -1;
        closed = false;
        quoteVolume.clear();
        takerBuyVolume.clear();
        takerBuyQuoteVolume.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("continuous", continuous);
        out.field("pair", pair);
        out.field("contractType", contractType);
        out.field("openTime", openTime);
        out.field("closeTime", closeTime);
        out.field("interval", interval);
        out.field("firstId", firstId);
        out.field("lastId", lastId);
        out.field("open", open);
        out.field("close", close);
        out.field("high", high);
        out.field("low", low);
        out.field("volume", volume);
        out.field("tradeCount", tradeCount);
        out.field("closed", closed);
        out.field("quoteVolume", quoteVolume);
        out.field("takerBuyVolume", takerBuyVolume);
        out.field("takerBuyQuoteVolume", takerBuyQuoteVolume);
    }
}
