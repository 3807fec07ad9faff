package dev.ticktape.core.book;

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
import dev.ticktape.core.decode.ForceOrderEvent;
import dev.ticktape.core.decode.KlineEvent;
import dev.ticktape.core.decode.MarkPriceEvent;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.decode.MiniTickerEvent;
import dev.ticktape.core.decode.PartialDepthEvent;
import dev.ticktape.core.decode.ReferencePriceEvent;
import dev.ticktape.core.decode.ServerShutdownEvent;
import dev.ticktape.core.decode.TickerEvent;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.decode.TradingSessionEvent;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.core.journal.SessionEventHandler;

/**
 * Book replay: decodes a replay's frames and keeps local order books ({@link OrderBooks}) from the
 * journaled REST snapshots and diff events, as Binance's order-book procedure says. Every decoded
 * event goes to the caller's {@link MarketDataListener}; depth events reach it after the book has
 * applied them, so the listener reads the book as of that event ({@link #books()}). Book changes
 * and gaps go to the {@link BookListener}: a gap in the journal breaks the diff chain, the book is
 * cleared and reported ({@code onBookGap}), and it waits for the next journaled snapshot instead of
 * serving a wrong book. Session events go to {@code sessionEvents} (the journal's own
 * {@code gapDetected} among them). Hand it as both handlers to whatever reads the journal: the
 * replayer's {@code Replayer.run}, or a {@code JournalReader}.
 */
public final class BookReplay implements FrameHandler, SessionEventHandler
{
    private final MarketDataListener listener;
    private final SessionEventHandler sessionEvents;
    private final OrderBooks books;
    private final MarketDataDecoder decoder;

    /**
     * @param listener      receives every decoded event.
     * @param books         receives book updates and gaps.
     * @param sessionEvents receives the session events.
     * @param errors        receives frames that do not decode.
     */
    public BookReplay(final MarketDataListener listener, final BookListener books, final SessionEventHandler sessionEvents,
        final DecodeErrorHandler errors)
    {
        this.listener = listener;
        this.sessionEvents = sessionEvents;
        this.books = new OrderBooks(books, 10_000);
        this.decoder = new MarketDataDecoder(new Tee(), errors);
    }

    /** @return the books, one per market and symbol seen. */
    public OrderBooks books()
    {
        return books;
    }

    /** @return the decoder, for its counts. */
    public MarketDataDecoder decoder()
    {
        return decoder;
    }

    @Override
    public void onFrame(final JournalFrame frame)
    {
        decoder.onFrame(frame);
    }

    @Override
    public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
    {
        decoder.onEvent(index, recvEpochNanos, event);
        sessionEvents.onEvent(index, recvEpochNanos, event);
    }

    /** Books first for depth, then the caller's own method for every event type. */
    private final class Tee implements MarketDataListener
    {
        @Override
        public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent event)
        {
            books.onDepthUpdate(frame, event);
            listener.onDepthUpdate(frame, event);
        }

        @Override
        public void onDepthSnapshot(final JournalFrame frame, final DepthSnapshotEvent event)
        {
            books.onDepthSnapshot(frame, event);
            listener.onDepthSnapshot(frame, event);
        }

        @Override
        public void onEvent(final JournalFrame frame, final MarketEvent event)
        {
            listener.onEvent(frame, event);
        }

        @Override
        public void onTrade(final JournalFrame frame, final TradeEvent event)
        {
            listener.onTrade(frame, event);
        }

        @Override
        public void onAggTrade(final JournalFrame frame, final AggTradeEvent event)
        {
            listener.onAggTrade(frame, event);
        }

        @Override
        public void onKline(final JournalFrame frame, final KlineEvent event)
        {
            listener.onKline(frame, event);
        }

        @Override
        public void onMiniTicker(final JournalFrame frame, final MiniTickerEvent event)
        {
            listener.onMiniTicker(frame, event);
        }

        @Override
        public void onTicker(final JournalFrame frame, final TickerEvent event)
        {
            listener.onTicker(frame, event);
        }

        @Override
        public void onBookTicker(final JournalFrame frame, final BookTickerEvent event)
        {
            listener.onBookTicker(frame, event);
        }

        @Override
        public void onPartialDepth(final JournalFrame frame, final PartialDepthEvent event)
        {
            listener.onPartialDepth(frame, event);
        }

        @Override
        public void onAvgPrice(final JournalFrame frame, final AvgPriceEvent event)
        {
            listener.onAvgPrice(frame, event);
        }

        @Override
        public void onReferencePrice(final JournalFrame frame, final ReferencePriceEvent event)
        {
            listener.onReferencePrice(frame, event);
        }

        @Override
        public void onMarkPrice(final JournalFrame frame, final MarkPriceEvent event)
        {
            listener.onMarkPrice(frame, event);
        }

        @Override
        public void onForceOrder(final JournalFrame frame, final ForceOrderEvent event)
        {
            listener.onForceOrder(frame, event);
        }

        @Override
        public void onCompositeIndex(final JournalFrame frame, final CompositeIndexEvent event)
        {
            listener.onCompositeIndex(frame, event);
        }

        @Override
        public void onContractInfo(final JournalFrame frame, final ContractInfoEvent event)
        {
            listener.onContractInfo(frame, event);
        }

        @Override
        public void onAssetIndex(final JournalFrame frame, final AssetIndexEvent event)
        {
            listener.onAssetIndex(frame, event);
        }

        @Override
        public void onTradingSession(final JournalFrame frame, final TradingSessionEvent event)
        {
            listener.onTradingSession(frame, event);
        }

        @Override
        public void onControlResponse(final JournalFrame frame, final ControlResponseEvent event)
        {
            listener.onControlResponse(frame, event);
        }

        @Override
        public void onServerShutdown(final JournalFrame frame, final ServerShutdownEvent event)
        {
            listener.onServerShutdown(frame, event);
        }

        @Override
        public void onUnknown(final JournalFrame frame)
        {
            listener.onUnknown(frame);
        }
    }
}
