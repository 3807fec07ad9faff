package dev.ticktape.core.decode;

/**
 * Decodes trades, aggregate trades, klines, tickers, average and reference prices (spot and futures JSON).
 */
final class TradeTickerJsonDecoder
{
    private final JsonDecodeContext ctx;
    private final MarketDataListener listener;

    final TradeEvent trade = new TradeEvent();
    final AggTradeEvent aggTrade = new AggTradeEvent();
    final KlineEvent kline = new KlineEvent();
    final MiniTickerEvent miniTicker = new MiniTickerEvent();
    final TickerEvent ticker = new TickerEvent();
    final AvgPriceEvent avgPrice = new AvgPriceEvent();
    final ReferencePriceEvent referencePrice = new ReferencePriceEvent();

    TradeTickerJsonDecoder(final JsonDecodeContext ctx)
    {
        this.ctx = ctx;
        this.listener = ctx.listener;
    }

    void trade(final boolean block)
    {
        final TradeEvent e = ctx.reset(trade);
        e.block = block;
        listener.onTrade(ctx.frame, ctx.fields(MessageFields.TRADE, e));
    }

    void aggTrade()
    {
        listener.onAggTrade(ctx.frame, ctx.fields(MessageFields.AGG_TRADE, ctx.reset(aggTrade)));
    }

    void kline()
    {
        final KlineEvent e = ctx.reset(kline);
        e.continuous = ctx.type.byteLength() == 16; // continuous_kline
        listener.onKline(ctx.frame, ctx.fields(MessageFields.KLINE, e));
    }

    void miniTicker()
    {
        listener.onMiniTicker(ctx.frame, ctx.fields(MessageFields.MINI_TICKER, ctx.reset(miniTicker)));
    }

    void ticker()
    {
        final TickerEvent e = ctx.reset(ticker);
        e.window.wrap(ctx.type.buffer(), ctx.type.offset(), ctx.type.byteLength());
        listener.onTicker(ctx.frame, ctx.fields(MessageFields.TICKER, e));
    }

    void avgPrice()
    {
        listener.onAvgPrice(ctx.frame, ctx.fields(MessageFields.AVG_PRICE, ctx.reset(avgPrice)));
    }

    void referencePrice()
    {
        listener.onReferencePrice(ctx.frame, ctx.fields(MessageFields.REFERENCE_PRICE, ctx.reset(referencePrice)));
    }
}
