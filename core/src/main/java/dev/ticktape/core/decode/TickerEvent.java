package dev.ticktape.core.decode;

/**
 * A rolling ticker: spot and futures {@code 24hrTicker}, spot rolling-window {@code 1hTicker}/{@code 4hTicker}/{@code 1dTicker}; also each element of an {@code @arr} stream. Fields a variant lacks are absent.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class TickerEvent extends MarketEvent
{
    final TextView window = new TextView();
    final Decimal priceChange = new Decimal();
    final Decimal priceChangePercent = new Decimal();
    final Decimal weightedAveragePrice = new Decimal();
    final Decimal firstTradePrice = new Decimal();
    final Decimal lastPrice = new Decimal();
    final Decimal lastQuantity = new Decimal();
    final Decimal bestBidPrice = new Decimal();
    final Decimal bestBidQuantity = new Decimal();
    final Decimal bestAskPrice = new Decimal();
    final Decimal bestAskQuantity = new Decimal();
    final Decimal open = new Decimal();
    final Decimal high = new Decimal();
    final Decimal low = new Decimal();
    final Decimal volume = new Decimal();
    final Decimal quoteVolume = new Decimal();
    long openTime;
    long closeTime;
    long firstTradeId;
    long lastTradeId;
    long tradeCount;

    TickerEvent()
    {
        super(EventType.TICKER);
    }

    /**
     * @return the event name, which names the window: {@code 24hrTicker}, {@code 1hTicker}, ....
     */
    public TextView window()
    {
        return window;
    }

    /**
     * @return price change ({@code p}).
     */
    public Decimal priceChange()
    {
        return priceChange;
    }

    /**
     * @return price change percent ({@code P}).
     */
    public Decimal priceChangePercent()
    {
        return priceChangePercent;
    }

    /**
     * @return weighted average price ({@code w}).
     */
    public Decimal weightedAveragePrice()
    {
        return weightedAveragePrice;
    }

    /**
     * @return spot 24 h only: last price before the window ({@code x}).
     */
    public Decimal firstTradePrice()
    {
        return firstTradePrice;
    }

    /**
     * @return last price ({@code c}).
     */
    public Decimal lastPrice()
    {
        return lastPrice;
    }

    /**
     * @return last quantity ({@code Q}); absent on rolling windows.
     */
    public Decimal lastQuantity()
    {
        return lastQuantity;
    }

    /**
     * @return spot 24 h only: best bid price ({@code b}).
     */
    public Decimal bestBidPrice()
    {
        return bestBidPrice;
    }

    /**
     * @return spot 24 h only: best bid quantity ({@code B}).
     */
    public Decimal bestBidQuantity()
    {
        return bestBidQuantity;
    }

    /**
     * @return spot 24 h only: best ask price ({@code a}).
     */
    public Decimal bestAskPrice()
    {
        return bestAskPrice;
    }

    /**
     * @return spot 24 h only: best ask quantity ({@code A}).
     */
    public Decimal bestAskQuantity()
    {
        return bestAskQuantity;
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

    /**
     * @return window open time ({@code O}), in {@link #timeUnit()}.
     */
    public long openTime()
    {
        return openTime;
    }

    /**
     * @return window close time ({@code C}), in {@link #timeUnit()}.
     */
    public long closeTime()
    {
        return closeTime;
    }

    /**
     * @return first trade id ({@code F}).
     */
    public long firstTradeId()
    {
        return firstTradeId;
    }

    /**
     * @return last trade id ({@code L}).
     */
    public long lastTradeId()
    {
        return lastTradeId;
    }

    /**
     * @return number of trades ({@code n}).
     */
    public long tradeCount()
    {
        return tradeCount;
    }

    @Override
    void reset()
    {
        super.reset();
        window.clear();
        priceChange.clear();
        priceChangePercent.clear();
        weightedAveragePrice.clear();
        firstTradePrice.clear();
        lastPrice.clear();
        lastQuantity.clear();
        bestBidPrice.clear();
        bestBidQuantity.clear();
        bestAskPrice.clear();
        bestAskQuantity.clear();
        open.clear();
        high.clear();
        low.clear();
        volume.clear();
        quoteVolume.clear();
        openTime = -1;
        closeTime = -1;
        firstTradeId = -1;
        lastTradeId = -1;
        tradeCount = -1;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("window", window);
        out.field("priceChange", priceChange);
        out.field("priceChangePercent", priceChangePercent);
        out.field("weightedAveragePrice", weightedAveragePrice);
        out.field("firstTradePrice", firstTradePrice);
        out.field("lastPrice", lastPrice);
        out.field("lastQuantity", lastQuantity);
        out.field("bestBidPrice", bestBidPrice);
        out.field("bestBidQuantity", bestBidQuantity);
        out.field("bestAskPrice", bestAskPrice);
        out.field("bestAskQuantity", bestAskQuantity);
        out.field("open", open);
        out.field("high", high);
        out.field("low", low);
        out.field("volume", volume);
        out.field("quoteVolume", quoteVolume);
        out.field("openTime", openTime);
        out.field("closeTime", closeTime);
        out.field("firstTradeId", firstTradeId);
        out.field("lastTradeId", lastTradeId);
        out.field("tradeCount", tradeCount);
    }
}
