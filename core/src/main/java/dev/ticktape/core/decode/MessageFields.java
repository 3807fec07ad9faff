package dev.ticktape.core.decode;

import static dev.ticktape.core.decode.JsonKeys.*;

/**
 * The fields of Binance's JSON messages, one declaration a message type: which key holds which
 * field of the event and how it is read. The general path ({@link TradeTickerJsonDecoder},
 * {@link BookJsonDecoder}, {@link FuturesJsonDecoder}) decodes by them; what a declaration cannot
 * say (a nested object, level arrays, a field read only when another is absent) stays beside it in
 * the decoder. The fast path ({@link FastJsonDecoder}) reads the hot types in Binance's own field
 * order, and {@code FastJsonDecoderTest} holds it to these on every sample and every one-byte
 * mutation of the hot ones. Adding a field of a type means one line here and the event's field.
 */
final class MessageFields
{
    private MessageFields()
    {
    }

    /** {@code TradeTickerJsonDecoder.trade}. */
    static final FieldMap<TradeEvent> TRADE = new FieldMap<TradeEvent>()
        .longs(K_T_LOWER, (e, v) -> e.tradeId = v)
        .decimal(K_P_LOWER, e -> e.price)
        .decimal(K_Q_LOWER, e -> e.quantity)
        .longs(K_T, (e, v) -> e.tradeTime = v)
        .bool(K_M_LOWER, (e, v) -> e.buyerMaker = v);

    /** {@code TradeTickerJsonDecoder.aggTrade}. */
    static final FieldMap<AggTradeEvent> AGG_TRADE = new FieldMap<AggTradeEvent>()
        .longs(K_A_LOWER, (e, v) -> e.aggregateTradeId = v)
        .decimal(K_P_LOWER, e -> e.price)
        .decimal(K_Q_LOWER, e -> e.quantity)
        .decimal(K_NQ, e -> e.normalQuantity)
        .longs(K_F_LOWER, (e, v) -> e.firstTradeId = v)
        .longs(K_L_LOWER, (e, v) -> e.lastTradeId = v)
        .longs(K_T, (e, v) -> e.tradeTime = v)
        .bool(K_M_LOWER, (e, v) -> e.buyerMaker = v);

    /** {@code TradeTickerJsonDecoder.kline}. */
    static final FieldMap<KlineEvent> KLINE = FieldMap.<KlineEvent>event()
        .text(K_PS, e -> e.pair)
        .text(K_CT, e -> e.contractType);

    /** {@code TradeTickerJsonDecoder.candle}. */
    static final FieldMap<KlineEvent> CANDLE = new FieldMap<KlineEvent>()
        .longs(K_T_LOWER, (e, v) -> e.openTime = v)
        .longs(K_T, (e, v) -> e.closeTime = v)
        .text(K_I_LOWER, e -> e.interval)
        .longs(K_F_LOWER, (e, v) -> e.firstId = v)
        .longs(K_L, (e, v) -> e.lastId = v)
        .decimal(K_O_LOWER, e -> e.open)
        .decimal(K_C_LOWER, e -> e.close)
        .decimal(K_H, e -> e.high)
        .decimal(K_L_LOWER, e -> e.low)
        .decimal(K_V_LOWER, e -> e.volume)
        .longs(K_N, (e, v) -> e.tradeCount = v)
        .bool(K_X_LOWER, (e, v) -> e.closed = v)
        .decimal(K_Q_LOWER, e -> e.quoteVolume)
        .decimal(K_V, e -> e.takerBuyVolume)
        .decimal(K_Q, e -> e.takerBuyQuoteVolume);

    /** {@code TradeTickerJsonDecoder.miniTicker}. */
    static final FieldMap<MiniTickerEvent> MINI_TICKER = new FieldMap<MiniTickerEvent>()
        .decimal(K_C_LOWER, e -> e.close)
        .decimal(K_O_LOWER, e -> e.open)
        .decimal(K_H, e -> e.high)
        .decimal(K_L_LOWER, e -> e.low)
        .decimal(K_V_LOWER, e -> e.volume)
        .decimal(K_Q_LOWER, e -> e.quoteVolume);

    /** {@code TradeTickerJsonDecoder.ticker}. */
    static final FieldMap<TickerEvent> TICKER = FieldMap.<TickerEvent>event()
        .decimal(K_P_LOWER, e -> e.priceChange)
        .decimal(K_P, e -> e.priceChangePercent)
        .decimal(K_W_LOWER, e -> e.weightedAveragePrice)
        .decimal(K_X_LOWER, e -> e.firstTradePrice)
        .decimal(K_C_LOWER, e -> e.lastPrice)
        .decimal(K_Q, e -> e.lastQuantity)
        .decimal(K_B_LOWER, e -> e.bestBidPrice)
        .decimal(K_B, e -> e.bestBidQuantity)
        .decimal(K_A_LOWER, e -> e.bestAskPrice)
        .decimal(K_A, e -> e.bestAskQuantity)
        .decimal(K_O_LOWER, e -> e.open)
        .decimal(K_H, e -> e.high)
        .decimal(K_L_LOWER, e -> e.low)
        .decimal(K_V_LOWER, e -> e.volume)
        .decimal(K_Q_LOWER, e -> e.quoteVolume)
        .longs(K_O, (e, v) -> e.openTime = v)
        .longs(K_C, (e, v) -> e.closeTime = v)
        .longs(K_F, (e, v) -> e.firstTradeId = v)
        .longs(K_L, (e, v) -> e.lastTradeId = v)
        .longs(K_N, (e, v) -> e.tradeCount = v);

    /** {@code TradeTickerJsonDecoder.avgPrice}. */
    static final FieldMap<AvgPriceEvent> AVG_PRICE = new FieldMap<AvgPriceEvent>()
        .text(K_I_LOWER, e -> e.interval)
        .decimal(K_W_LOWER, e -> e.averagePrice)
        .longs(K_T, (e, v) -> e.lastTradeTime = v);

    /** {@code TradeTickerJsonDecoder.referencePrice}. */
    static final FieldMap<ReferencePriceEvent> REFERENCE_PRICE = FieldMap.<ReferencePriceEvent>event()
        .decimal(K_R, e -> e.referencePrice)
        .longs(K_T_LOWER, (e, v) -> e.time = v);

    /** {@code BookJsonDecoder.bookTicker}. */
    static final FieldMap<BookTickerEvent> BOOK_TICKER = FieldMap.<BookTickerEvent>event()
        .longs(K_U_LOWER, (e, v) -> e.updateId = v)
        .longs(K_T, (e, v) -> e.transactionTime = v)
        .decimal(K_B_LOWER, e -> e.bidPrice)
        .decimal(K_B, e -> e.bidQuantity)
        .decimal(K_A_LOWER, e -> e.askPrice)
        .decimal(K_A, e -> e.askQuantity);

    /** {@code BookJsonDecoder.depthUpdate}. */
    static final FieldMap<DepthUpdateEvent> DEPTH_UPDATE = FieldMap.<DepthUpdateEvent>event()
        .longs(K_T, (e, v) -> e.transactionTime = v)
        .longs(K_U, (e, v) -> e.firstUpdateId = v)
        .longs(K_U_LOWER, (e, v) -> e.lastUpdateId = v)
        .longs(K_PU, (e, v) -> e.previousLastUpdateId = v);

    /** {@code BookJsonDecoder.partialDepth}. */
    static final FieldMap<PartialDepthEvent> PARTIAL_DEPTH = FieldMap.<PartialDepthEvent>event()
        .longs(K_T, (e, v) -> e.transactionTime = v)
        .longs(K_U, (e, v) -> e.firstUpdateId = v)
        .longs(K_U_LOWER, (e, v) -> e.lastUpdateId = v)
        .longs(K_PU, (e, v) -> e.previousLastUpdateId = v);

    /** {@code BookJsonDecoder.depthSnapshot}. */
    static final FieldMap<DepthSnapshotEvent> DEPTH_SNAPSHOT = new FieldMap<DepthSnapshotEvent>()
        .longs(K_E, (e, v) -> e.eventTime = v)
        .longs(K_T, (e, v) -> e.transactionTime = v);

    /** {@code FuturesJsonDecoder.markPrice}. */
    static final FieldMap<MarkPriceEvent> MARK_PRICE = new FieldMap<MarkPriceEvent>()
        .decimal(K_P_LOWER, e -> e.markPrice)
        .decimal(K_AP, e -> e.averageMarkPrice)
        .decimal(K_I_LOWER, e -> e.indexPrice)
        .decimal(K_P, e -> e.estimatedSettlePrice)
        .decimal(K_R, e -> e.fundingRate)
        .longs(K_T, (e, v) -> e.nextFundingTime = v);

    /** {@code FuturesJsonDecoder.compositeIndex}. */
    static final FieldMap<CompositeIndexEvent> COMPOSITE_INDEX = new FieldMap<CompositeIndexEvent>()
        .decimal(K_P_LOWER, e -> e.price)
        .text(K_C, e -> e.componentType);

    /** {@code FuturesJsonDecoder.contractInfo}. */
    static final FieldMap<ContractInfoEvent> CONTRACT_INFO = new FieldMap<ContractInfoEvent>()
        .text(K_PS, e -> e.pair)
        .text(K_CT, e -> e.contractType)
        .longs(K_DT, (e, v) -> e.deliveryTime = v)
        .longs(K_OT, (e, v) -> e.onboardTime = v)
        .text(K_CS, e -> e.contractStatus)
        .longs(K_ST, (e, v) -> e.symbolType = v);

    /** {@code FuturesJsonDecoder.assetIndex}. */
    static final FieldMap<AssetIndexEvent> ASSET_INDEX = new FieldMap<AssetIndexEvent>()
        .decimal(K_I_LOWER, e -> e.indexPrice)
        .decimal(K_B_LOWER, e -> e.bidBuffer)
        .decimal(K_A_LOWER, e -> e.askBuffer)
        .decimal(K_B, e -> e.bidRate)
        .decimal(K_A, e -> e.askRate)
        .decimal(K_Q_LOWER, e -> e.autoExchangeBidBuffer)
        .decimal(K_G_LOWER, e -> e.autoExchangeAskBuffer)
        .decimal(K_Q, e -> e.autoExchangeBidRate)
        .decimal(K_G, e -> e.autoExchangeAskRate);

    /** {@code FuturesJsonDecoder.tradingSession}. */
    static final FieldMap<TradingSessionEvent> TRADING_SESSION = new FieldMap<TradingSessionEvent>()
        .longs(K_E, (e, v) -> e.eventTime = v)
        .longs(K_T_LOWER, (e, v) -> e.startTime = v)
        .longs(K_T, (e, v) -> e.endTime = v)
        .text(K_S, e -> e.sessionType);
}
