package dev.ticktape.core.decode;

/**
 * Decodes the USDⓈ-M futures-only streams: mark price, liquidations, composite index, contract info, asset index, trading session.
 */
final class FuturesJsonDecoder
{
    private final JsonDecodeContext ctx;
    private final MarketDataListener listener;

    final MarkPriceEvent markPrice = new MarkPriceEvent();
    final ForceOrderEvent forceOrder = new ForceOrderEvent();
    final CompositeIndexEvent compositeIndex = new CompositeIndexEvent();
    final ContractInfoEvent contractInfo = new ContractInfoEvent();
    final AssetIndexEvent assetIndex = new AssetIndexEvent();
    final TradingSessionEvent tradingSession = new TradingSessionEvent();

    FuturesJsonDecoder(final JsonDecodeContext ctx)
    {
        this.ctx = ctx;
        this.listener = ctx.listener;
    }

    void markPrice()
    {
        listener.onMarkPrice(ctx.frame, ctx.fields(MessageFields.MARK_PRICE, ctx.reset(markPrice)));
    }

    void forceOrder()
    {
        listener.onForceOrder(ctx.frame, ctx.fields(MessageFields.FORCE_ORDER, ctx.reset(forceOrder)));
    }

    void compositeIndex()
    {
        listener.onCompositeIndex(ctx.frame, ctx.fields(MessageFields.COMPOSITE_INDEX, ctx.reset(compositeIndex)));
    }

    void contractInfo()
    {
        listener.onContractInfo(ctx.frame, ctx.fields(MessageFields.CONTRACT_INFO, ctx.reset(contractInfo)));
    }

    void assetIndex()
    {
        listener.onAssetIndex(ctx.frame, ctx.fields(MessageFields.ASSET_INDEX, ctx.reset(assetIndex)));
    }

    void tradingSession()
    {
        final TradingSessionEvent e = ctx.reset(tradingSession);
        e.marketType.wrap(ctx.type.buffer(), ctx.type.offset(), ctx.type.byteLength());
        listener.onTradingSession(ctx.frame, ctx.fields(MessageFields.TRADING_SESSION, e));
    }
}
