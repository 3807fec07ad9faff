package dev.ticktape.core.decode;

import static dev.ticktape.core.decode.JsonKeys.*;

/**
 * The fields of Binance's JSON messages, one declaration a message type (and one a nested object):
 * which key holds which field of the event, how it is read, and what the event must hold to be
 * delivered. Both JSON paths decode by them: the general one ({@link TradeTickerJsonDecoder},
 * {@link BookJsonDecoder}, {@link FuturesJsonDecoder}) with {@link JsonCursor}, the fast one
 * ({@link FastJsonDecoder}) with {@link FastJsonReader}. A field is named as its event class
 * declares it ({@link FieldMap} resolves the name once). What a declaration cannot say (a field
 * taken from the stream name when the message lacks it, the continuous kline's flag from its type)
 * stays beside it in the general decoder. Adding a field of a type means one line here and the
 * event's field.
 */
final class MessageFields
{
    private MessageFields()
    {
    }

    /** {@code TradeTickerJsonDecoder.trade}. */
    static final FieldMap<TradeEvent> TRADE = FieldMap.event(TradeEvent.class)
        .longs(K_T_LOWER, "tradeId")
        .decimal(K_P_LOWER, "price")
        .decimal(K_Q_LOWER, "quantity")
        .longs(K_T, "tradeTime")
        .bool(K_M_LOWER, "buyerMaker")
        .requires("price", "quantity");

    /** {@code TradeTickerJsonDecoder.aggTrade}. */
    static final FieldMap<AggTradeEvent> AGG_TRADE = FieldMap.event(AggTradeEvent.class)
        .longs(K_A_LOWER, "aggregateTradeId")
        .decimal(K_P_LOWER, "price")
        .decimal(K_Q_LOWER, "quantity")
        .decimal(K_NQ, "normalQuantity")
        .longs(K_F_LOWER, "firstTradeId")
        .longs(K_L_LOWER, "lastTradeId")
        .longs(K_T, "tradeTime")
        .bool(K_M_LOWER, "buyerMaker")
        .requires("price", "quantity");

    /** A kline's candle, {@code k}: its symbol counts only when the message has none at the top. */
    static final FieldMap<KlineEvent> CANDLE = new FieldMap<>(KlineEvent.class)
        .firstText(K_S_LOWER, "symbol")
        .longs(K_T_LOWER, "openTime")
        .longs(K_T, "closeTime")
        .text(K_I_LOWER, "interval")
        .longs(K_F_LOWER, "firstId")
        .longs(K_L, "lastId")
        .decimal(K_O_LOWER, "open")
        .decimal(K_C_LOWER, "close")
        .decimal(K_H, "high")
        .decimal(K_L_LOWER, "low")
        .decimal(K_V_LOWER, "volume")
        .longs(K_N, "tradeCount")
        .bool(K_X_LOWER, "closed")
        .decimal(K_Q_LOWER, "quoteVolume")
        .decimal(K_V, "takerBuyVolume")
        .decimal(K_Q, "takerBuyQuoteVolume");

    /** {@code TradeTickerJsonDecoder.kline}. */
    static final FieldMap<KlineEvent> KLINE = FieldMap.event(KlineEvent.class)
        .text(K_PS, "pair")
        .text(K_CT, "contractType")
        .object(K_K, "hasCandle", CANDLE)
        .requires("hasCandle");

    /** {@code TradeTickerJsonDecoder.miniTicker}. */
    static final FieldMap<MiniTickerEvent> MINI_TICKER = FieldMap.event(MiniTickerEvent.class)
        .decimal(K_C_LOWER, "close")
        .decimal(K_O_LOWER, "open")
        .decimal(K_H, "high")
        .decimal(K_L_LOWER, "low")
        .decimal(K_V_LOWER, "volume")
        .decimal(K_Q_LOWER, "quoteVolume");

    /** {@code TradeTickerJsonDecoder.ticker}. */
    static final FieldMap<TickerEvent> TICKER = FieldMap.event(TickerEvent.class)
        .decimal(K_P_LOWER, "priceChange")
        .decimal(K_P, "priceChangePercent")
        .decimal(K_W_LOWER, "weightedAveragePrice")
        .decimal(K_X_LOWER, "firstTradePrice")
        .decimal(K_C_LOWER, "lastPrice")
        .decimal(K_Q, "lastQuantity")
        .decimal(K_B_LOWER, "bestBidPrice")
        .decimal(K_B, "bestBidQuantity")
        .decimal(K_A_LOWER, "bestAskPrice")
        .decimal(K_A, "bestAskQuantity")
        .decimal(K_O_LOWER, "open")
        .decimal(K_H, "high")
        .decimal(K_L_LOWER, "low")
        .decimal(K_V_LOWER, "volume")
        .decimal(K_Q_LOWER, "quoteVolume")
        .longs(K_O, "openTime")
        .longs(K_C, "closeTime")
        .longs(K_F, "firstTradeId")
        .longs(K_L, "lastTradeId")
        .longs(K_N, "tradeCount");

    /** {@code TradeTickerJsonDecoder.avgPrice}. */
    static final FieldMap<AvgPriceEvent> AVG_PRICE = FieldMap.event(AvgPriceEvent.class)
        .text(K_I_LOWER, "interval")
        .decimal(K_W_LOWER, "averagePrice")
        .longs(K_T, "lastTradeTime");

    /** {@code TradeTickerJsonDecoder.referencePrice}. */
    static final FieldMap<ReferencePriceEvent> REFERENCE_PRICE = FieldMap.event(ReferencePriceEvent.class)
        .decimal(K_R, "referencePrice")
        .longs(K_T_LOWER, "time");

    /** {@code BookJsonDecoder.bookTicker}. */
    static final FieldMap<BookTickerEvent> BOOK_TICKER = FieldMap.event(BookTickerEvent.class)
        .longs(K_U_LOWER, "updateId")
        .longs(K_T, "transactionTime")
        .decimal(K_B_LOWER, "bidPrice")
        .decimal(K_B, "bidQuantity")
        .decimal(K_A_LOWER, "askPrice")
        .decimal(K_A, "askQuantity")
        .requires("bidPrice", "askPrice");

    /** {@code BookJsonDecoder.depthUpdate}. */
    static final FieldMap<DepthUpdateEvent> DEPTH_UPDATE = depth(DepthUpdateEvent.class)
        .requires("firstUpdateId", "lastUpdateId");

    /** {@code BookJsonDecoder.partialDepth}: the futures form keys as a diff does, spot's as a REST snapshot. */
    static final FieldMap<PartialDepthEvent> PARTIAL_DEPTH = depth(PartialDepthEvent.class)
        .longs(LAST_UPDATE_ID, "lastUpdateId")
        .levels(K_BIDS, "bids")
        .levels(K_ASKS, "asks")
        .requires("lastUpdateId");

    /** {@code BookJsonDecoder.depthSnapshot} (its {@code lastUpdateId} is required whatever its value: read beside). */
    static final FieldMap<DepthSnapshotEvent> DEPTH_SNAPSHOT = new FieldMap<>(DepthSnapshotEvent.class)
        .longs(K_E, "eventTime")
        .longs(K_T, "transactionTime")
        .levels(K_BIDS, "bids")
        .levels(K_ASKS, "asks");

    /** {@code FuturesJsonDecoder.markPrice}. */
    static final FieldMap<MarkPriceEvent> MARK_PRICE = FieldMap.event(MarkPriceEvent.class)
        .decimal(K_P_LOWER, "markPrice")
        .decimal(K_AP, "averageMarkPrice")
        .decimal(K_I_LOWER, "indexPrice")
        .decimal(K_P, "estimatedSettlePrice")
        .decimal(K_R, "fundingRate")
        .longs(K_T, "nextFundingTime")
        .requires("markPrice");

    /** A liquidation's order, {@code o}. */
    static final FieldMap<ForceOrderEvent> ORDER = new FieldMap<>(ForceOrderEvent.class)
        .text(K_S_LOWER, "symbol")
        .text(K_S, "side")
        .text(K_O_LOWER, "orderType")
        .text(K_F_LOWER, "timeInForce")
        .decimal(K_Q_LOWER, "originalQuantity")
        .decimal(K_P_LOWER, "price")
        .decimal(K_AP, "averagePrice")
        .text(K_X, "status")
        .decimal(K_L_LOWER, "lastFilledQuantity")
        .decimal(K_Z, "filledQuantity")
        .longs(K_T, "tradeTime");

    /** {@code FuturesJsonDecoder.forceOrder}. */
    static final FieldMap<ForceOrderEvent> FORCE_ORDER = new FieldMap<>(ForceOrderEvent.class)
        .longs(K_E, "eventTime")
        .object(K_O_LOWER, "hasOrder", ORDER)
        .requires("hasOrder");

    /** A composite index's component, an element of {@code c}. */
    static final FieldMap<IndexComponents.Component> COMPONENT = new FieldMap<>(IndexComponents.Component.class)
        .text(K_B_LOWER, "baseAsset")
        .text(K_Q_LOWER, "quoteAsset")
        .decimal(K_W_LOWER, "weightInQuantity")
        .decimal(K_W, "weightInPercentage")
        .decimal(K_I_LOWER, "indexPrice");

    /** {@code FuturesJsonDecoder.compositeIndex}. */
    static final FieldMap<CompositeIndexEvent> COMPOSITE_INDEX = FieldMap.event(CompositeIndexEvent.class)
        .decimal(K_P_LOWER, "price")
        .text(K_C, "componentType")
        .objects(K_C_LOWER, e -> e.components.add(), COMPONENT);

    /** A contract's leverage bracket, an element of {@code bks}. */
    static final FieldMap<Brackets.Bracket> BRACKET = new FieldMap<>(Brackets.Bracket.class)
        .longs(K_BS, "bracket")
        .decimal(K_BNF, "floorNotional")
        .decimal(K_BNC, "capNotional")
        .decimal(K_MMR, "maintenanceMarginRatio")
        .decimal(K_CF, "auxiliary")
        .longs(K_MI, "minLeverage")
        .longs(K_MA, "maxLeverage");

    /** {@code FuturesJsonDecoder.contractInfo}. */
    static final FieldMap<ContractInfoEvent> CONTRACT_INFO = FieldMap.event(ContractInfoEvent.class)
        .text(K_PS, "pair")
        .text(K_CT, "contractType")
        .longs(K_DT, "deliveryTime")
        .longs(K_OT, "onboardTime")
        .text(K_CS, "contractStatus")
        .longs(K_ST, "symbolType")
        .objects(K_BKS, e -> e.brackets.add(), BRACKET);

    /** {@code FuturesJsonDecoder.assetIndex}. */
    static final FieldMap<AssetIndexEvent> ASSET_INDEX = FieldMap.event(AssetIndexEvent.class)
        .decimal(K_I_LOWER, "indexPrice")
        .decimal(K_B_LOWER, "bidBuffer")
        .decimal(K_A_LOWER, "askBuffer")
        .decimal(K_B, "bidRate")
        .decimal(K_A, "askRate")
        .decimal(K_Q_LOWER, "autoExchangeBidBuffer")
        .decimal(K_G_LOWER, "autoExchangeAskBuffer")
        .decimal(K_Q, "autoExchangeBidRate")
        .decimal(K_G, "autoExchangeAskRate");

    /** {@code FuturesJsonDecoder.tradingSession}. */
    static final FieldMap<TradingSessionEvent> TRADING_SESSION = new FieldMap<>(TradingSessionEvent.class)
        .longs(K_E, "eventTime")
        .longs(K_T_LOWER, "startTime")
        .longs(K_T, "endTime")
        .text(K_S, "sessionType");

    /** The fields a diff and a futures partial depth share: times, update ids and the two sides' levels. */
    private static <E extends MarketEvent> FieldMap<E> depth(final Class<E> type)
    {
        return FieldMap.event(type)
            .longs(K_T, "transactionTime")
            .longs(K_U, "firstUpdateId")
            .longs(K_U_LOWER, "lastUpdateId")
            .longs(K_PU, "previousLastUpdateId")
            .levels(K_B_LOWER, "bids")
            .levels(K_A_LOWER, "asks");
    }
}
