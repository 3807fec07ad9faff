package dev.ticktape.exporter;

import dev.ticktape.core.decode.AggTradeEvent;
import dev.ticktape.core.decode.AssetIndexEvent;
import dev.ticktape.core.decode.AvgPriceEvent;
import dev.ticktape.core.decode.BookTickerEvent;
import dev.ticktape.core.decode.CompositeIndexEvent;
import dev.ticktape.core.decode.ContractInfoEvent;
import dev.ticktape.core.decode.ControlResponseEvent;
import dev.ticktape.core.decode.DecodeErrorHandler;
import dev.ticktape.core.decode.DepthSnapshotEvent;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.EventType;
import dev.ticktape.core.decode.ForceOrderEvent;
import dev.ticktape.core.decode.KlineEvent;
import dev.ticktape.core.decode.MarkPriceEvent;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.decode.MiniTickerEvent;
import dev.ticktape.core.decode.PartialDepthEvent;
import dev.ticktape.core.decode.PriceLevels;
import dev.ticktape.core.decode.ReferencePriceEvent;
import dev.ticktape.core.decode.ServerShutdownEvent;
import dev.ticktape.core.decode.TickerEvent;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.decode.TradingSessionEvent;
import dev.ticktape.core.journal.JournalFrame;

import java.util.Map;

/**
 * Decoded events to their tables, as the row shape of each type says: one row an event, a row a
 * price level (diff and partial depth, snapshots), or a row an item (an index's components, a
 * contract's brackets). Types whose table is not exported go nowhere.
 */
final class EventRouter implements MarketDataListener, DecodeErrorHandler
{
    /** Where the rows go: the exporter. */
    interface Rows
    {
        /** One row for the event. */
        void event(Table table, JournalFrame frame, MarketEvent event);

        /** A row for each price level of the event. */
        void levels(Table table, JournalFrame frame, MarketEvent event, PriceLevels bids, PriceLevels asks);

        /** A row for each of the event's items. */
        void items(Table table, JournalFrame frame, MarketEvent event, int items);

        /** A frame that did not decode. */
        void decodeError();
    }

    private final Map<EventType, Table> tables;
    private final Rows rows;

    /**
     * @param tables the exported event types' tables.
     * @param rows   where their rows go.
     */
    EventRouter(final Map<EventType, Table> tables, final Rows rows)
    {
        this.tables = tables;
        this.rows = rows;
    }

    @Override
    public void onDecodeError(final JournalFrame frame, final String reason)
    {
        rows.decodeError();
    }

    @Override
    public void onTrade(final JournalFrame frame, final TradeEvent event)
    {
        rows.event(tables.get(EventType.TRADE), frame, event);
    }

    @Override
    public void onAggTrade(final JournalFrame frame, final AggTradeEvent event)
    {
        rows.event(tables.get(EventType.AGG_TRADE), frame, event);
    }

    @Override
    public void onKline(final JournalFrame frame, final KlineEvent event)
    {
        rows.event(tables.get(EventType.KLINE), frame, event);
    }

    @Override
    public void onMiniTicker(final JournalFrame frame, final MiniTickerEvent event)
    {
        rows.event(tables.get(EventType.MINI_TICKER), frame, event);
    }

    @Override
    public void onTicker(final JournalFrame frame, final TickerEvent event)
    {
        rows.event(tables.get(EventType.TICKER), frame, event);
    }

    @Override
    public void onBookTicker(final JournalFrame frame, final BookTickerEvent event)
    {
        rows.event(tables.get(EventType.BOOK_TICKER), frame, event);
    }

    @Override
    public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent event)
    {
        rows.levels(tables.get(EventType.DEPTH_UPDATE), frame, event, event.bids(), event.asks());
    }

    @Override
    public void onPartialDepth(final JournalFrame frame, final PartialDepthEvent event)
    {
        rows.levels(tables.get(EventType.PARTIAL_DEPTH), frame, event, event.bids(), event.asks());
    }

    @Override
    public void onDepthSnapshot(final JournalFrame frame, final DepthSnapshotEvent event)
    {
        rows.levels(tables.get(EventType.DEPTH_SNAPSHOT), frame, event, event.bids(), event.asks());
    }

    @Override
    public void onAvgPrice(final JournalFrame frame, final AvgPriceEvent event)
    {
        rows.event(tables.get(EventType.AVG_PRICE), frame, event);
    }

    @Override
    public void onReferencePrice(final JournalFrame frame, final ReferencePriceEvent event)
    {
        rows.event(tables.get(EventType.REFERENCE_PRICE), frame, event);
    }

    @Override
    public void onMarkPrice(final JournalFrame frame, final MarkPriceEvent event)
    {
        rows.event(tables.get(EventType.MARK_PRICE), frame, event);
    }

    @Override
    public void onForceOrder(final JournalFrame frame, final ForceOrderEvent event)
    {
        rows.event(tables.get(EventType.FORCE_ORDER), frame, event);
    }

    @Override
    public void onCompositeIndex(final JournalFrame frame, final CompositeIndexEvent event)
    {
        rows.items(tables.get(EventType.COMPOSITE_INDEX), frame, event, event.components().count());
    }

    @Override
    public void onContractInfo(final JournalFrame frame, final ContractInfoEvent event)
    {
        rows.items(tables.get(EventType.CONTRACT_INFO), frame, event, event.brackets().count());
    }

    @Override
    public void onAssetIndex(final JournalFrame frame, final AssetIndexEvent event)
    {
        rows.event(tables.get(EventType.ASSET_INDEX), frame, event);
    }

    @Override
    public void onTradingSession(final JournalFrame frame, final TradingSessionEvent event)
    {
        rows.event(tables.get(EventType.TRADING_SESSION), frame, event);
    }

    @Override
    public void onControlResponse(final JournalFrame frame, final ControlResponseEvent event)
    {
        rows.event(tables.get(EventType.CONTROL_RESPONSE), frame, event);
    }

    @Override
    public void onServerShutdown(final JournalFrame frame, final ServerShutdownEvent event)
    {
        rows.event(tables.get(EventType.SERVER_SHUTDOWN), frame, event);
    }
}
