package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;

/**
 * The typed listener: one method per event type, called with the frame it came from (receive
 * time, market, stream) and a reused event object. The same interface serves live data and replay,
 * so a strategy runs unchanged against both.
 * <p>
 * Every method has a default that forwards to {@link #onEvent}, whose default does nothing: override
 * the types you want, or {@link #onEvent} to see them all. Events and frames are valid only during
 * the call; copy what you keep. Called on the decoding thread.
 */
public interface MarketDataListener
{
    /**
     * Every typed event, unless its own method is overridden.
     *
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onEvent(final JournalFrame frame, final MarketEvent event)
    {
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onTrade(final JournalFrame frame, final TradeEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onAggTrade(final JournalFrame frame, final AggTradeEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onKline(final JournalFrame frame, final KlineEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onMiniTicker(final JournalFrame frame, final MiniTickerEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onTicker(final JournalFrame frame, final TickerEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onBookTicker(final JournalFrame frame, final BookTickerEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onPartialDepth(final JournalFrame frame, final PartialDepthEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onDepthSnapshot(final JournalFrame frame, final DepthSnapshotEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onAvgPrice(final JournalFrame frame, final AvgPriceEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onReferencePrice(final JournalFrame frame, final ReferencePriceEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onMarkPrice(final JournalFrame frame, final MarkPriceEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onForceOrder(final JournalFrame frame, final ForceOrderEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onCompositeIndex(final JournalFrame frame, final CompositeIndexEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onContractInfo(final JournalFrame frame, final ContractInfoEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onAssetIndex(final JournalFrame frame, final AssetIndexEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onTradingSession(final JournalFrame frame, final TradingSessionEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onControlResponse(final JournalFrame frame, final ControlResponseEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * @param frame the frame the event came from.
     * @param event the event.
     */
    default void onServerShutdown(final JournalFrame frame, final ServerShutdownEvent event)
    {
        onEvent(frame, event);
    }

    /**
     * A frame no decoder recognises (an unknown event type or stream): delivered raw, never dropped.
     *
     * @param frame the frame, with its stream name and payload.
     */
    default void onUnknown(final JournalFrame frame)
    {
    }
}
