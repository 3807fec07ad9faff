package dev.ticktape.core.decode;

/**
 * The typed events the decoders produce. The name follows Binance's event name ({@code e}) where
 * there is one; SBE events use the name of their JSON equivalent.
 */
public enum EventType
{
    /** {@link TradeEvent}. */
    TRADE("trade"),
    /** {@link AggTradeEvent}. */
    AGG_TRADE("aggTrade"),
    /** {@link KlineEvent}. */
    KLINE("kline"),
    /** {@link MiniTickerEvent}. */
    MINI_TICKER("24hrMiniTicker"),
    /** {@link TickerEvent}. */
    TICKER("24hrTicker"),
    /** {@link BookTickerEvent}. */
    BOOK_TICKER("bookTicker"),
    /** {@link DepthUpdateEvent}. */
    DEPTH_UPDATE("depthUpdate"),
    /** {@link PartialDepthEvent}. */
    PARTIAL_DEPTH("partialDepth"),
    /** {@link DepthSnapshotEvent}. */
    DEPTH_SNAPSHOT("depthSnapshot"),
    /** {@link AvgPriceEvent}. */
    AVG_PRICE("avgPrice"),
    /** {@link ReferencePriceEvent}. */
    REFERENCE_PRICE("referencePrice"),
    /** {@link MarkPriceEvent}. */
    MARK_PRICE("markPriceUpdate"),
    /** {@link ForceOrderEvent}. */
    FORCE_ORDER("forceOrder"),
    /** {@link CompositeIndexEvent}. */
    COMPOSITE_INDEX("compositeIndex"),
    /** {@link ContractInfoEvent}. */
    CONTRACT_INFO("contractInfo"),
    /** {@link AssetIndexEvent}. */
    ASSET_INDEX("assetIndexUpdate"),
    /** {@link TradingSessionEvent}. */
    TRADING_SESSION("tradingSession"),
    /** {@link ControlResponseEvent}. */
    CONTROL_RESPONSE("controlResponse"),
    /** {@link ServerShutdownEvent}. */
    SERVER_SHUTDOWN("serverShutdown"),
    /** A frame no decoder recognises, delivered raw to {@link MarketDataListener#onUnknown}. */
    UNKNOWN("unknown");

    private final String wireName;

    EventType(final String wireName)
    {
        this.wireName = wireName;
    }

    /**
     * @return the name used in JSON output and as the Parquet table name.
     */
    public String wireName()
    {
        return wireName;
    }
}
