package dev.ticktape.core.decode;

import dev.ticktape.core.binance.SbeLayout;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.sbe.spot.BestBidAskStreamEventDecoder;
import dev.ticktape.core.sbe.spot.BoolEnum;
import dev.ticktape.core.sbe.spot.DepthDiffStreamEventDecoder;
import dev.ticktape.core.sbe.spot.DepthSnapshotStreamEventDecoder;
import dev.ticktape.core.sbe.spot.MessageHeaderDecoder;
import dev.ticktape.core.sbe.spot.TradesStreamEventDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Decodes spot SBE binary frames with the codecs generated from Binance's {@code stream_1_0.xml}.
 * Every length (root block, group headers and entries, the symbol) is checked against the frame
 * ({@link SbeLayout#symbolPosition}) before the generated code reads it, so a cut or corrupt message fails cleanly. Groups start at the
 * header's block length and step by each group's own block length, as SBE's evolution rules ask.
 */
final class SbeMessageDecoder
{
    private final MarketDataListener listener;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradesStreamEventDecoder trades = new TradesStreamEventDecoder();
    private final BestBidAskStreamEventDecoder bestBidAsk = new BestBidAskStreamEventDecoder();
    private final DepthSnapshotStreamEventDecoder depthSnapshot = new DepthSnapshotStreamEventDecoder();
    private final DepthDiffStreamEventDecoder depthDiff = new DepthDiffStreamEventDecoder();
    private final JsonMessageDecoder events;
    private JournalFrame current;
    private int symbolPosition;

    SbeMessageDecoder(final MarketDataListener listener, final JsonMessageDecoder events)
    {
        this.listener = listener;
        this.events = events;
    }

    /** Decodes one binary frame; returns false when the message held no event (a trades message with no trades). */
    boolean decode(final JournalFrame frame)
    {
        final int length = frame.payloadLength();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw length == 0 ? DecodeException.EMPTY : DecodeException.SBE_TRUNCATED;
        }
        buffer.wrap(frame.buffer(), frame.payloadOffset(), length);
        header.wrap(buffer, 0);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw DecodeException.SBE_UNKNOWN_SCHEMA;
        }
        if (header.version() > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw DecodeException.SBE_UNKNOWN_VERSION;
        }
        final int blockLength = header.blockLength();
        final int root = SbeLayout.ROOT;
        final int version = header.version();
        // every length checked against the frame before the generated code reads anything
        symbolPosition = SbeLayout.symbolPosition(buffer, length, true);
        switch (symbolPosition)
        {
            case SbeLayout.UNKNOWN_TEMPLATE -> throw DecodeException.SBE_UNKNOWN_TEMPLATE;
            case SbeLayout.TRUNCATED -> throw DecodeException.SBE_TRUNCATED;
            case SbeLayout.BAD_LENGTH -> throw DecodeException.SBE_BAD_LENGTH;
            default ->
            {
            }
        }
        switch (header.templateId())
        {
            case TradesStreamEventDecoder.TEMPLATE_ID:
                trades.wrap(buffer, root, blockLength, version);
                return trades(frame) > 0;
            case BestBidAskStreamEventDecoder.TEMPLATE_ID:
                bestBidAsk.wrap(buffer, root, blockLength, version);
                bestBidAsk(frame);
                return true;
            case DepthSnapshotStreamEventDecoder.TEMPLATE_ID:
                depthSnapshot.wrap(buffer, root, blockLength, version);
                depthSnapshot(frame);
                return true;
            default:
                depthDiff.wrap(buffer, root, blockLength, version);
                depthDiff(frame);
                return true;
        }
    }

    private static boolean bool(final short raw)
    {
        if (raw == 0 || raw == 1)
        {
            return raw == 1;
        }
        throw DecodeException.SBE_BAD_ENUM;
    }

    private int trades(final JournalFrame frame)
    {
        final long eventTime = trades.eventTime();
        final long transactTime = trades.transactTime();
        final int priceScale = -trades.priceExponent();
        final int qtyScale = -trades.qtyExponent();
        final TradesStreamEventDecoder.TradesDecoder group = trades.trades();
        final int count = group.count();
        final TradeEvent e = reset(events.trades.trade, frame);
        symbol(e);
        for (int i = 0; i < count; i++)
        {
            group.next();
            e.eventTime = eventTime;
            e.tradeTime = transactTime;
            e.tradeId = group.id();
            e.price.set(group.price(), priceScale);
            e.quantity.set(group.qty(), qtyScale);
            e.buyerMaker = bool(group.isBuyerMakerRaw());
            e.bestMatch = group.isBestMatch() == BoolEnum.True; // a constant of the schema, not on the wire
            listener.onTrade(frame, e);
        }
        return count;
    }

    private void bestBidAsk(final JournalFrame frame)
    {
        final BookTickerEvent e = reset(events.books.bookTicker, frame);
        final int priceScale = -bestBidAsk.priceExponent();
        final int qtyScale = -bestBidAsk.qtyExponent();
        e.eventTime = bestBidAsk.eventTime();
        e.updateId = bestBidAsk.bookUpdateId();
        e.bidPrice.set(bestBidAsk.bidPrice(), priceScale);
        e.bidQuantity.set(bestBidAsk.bidQty(), qtyScale);
        e.askPrice.set(bestBidAsk.askPrice(), priceScale);
        e.askQuantity.set(bestBidAsk.askQty(), qtyScale);
        symbol(e);
        listener.onBookTicker(frame, e);
    }

    private void depthSnapshot(final JournalFrame frame)
    {
        final PartialDepthEvent e = reset(events.books.partialDepth, frame);
        final int priceScale = -depthSnapshot.priceExponent();
        final int qtyScale = -depthSnapshot.qtyExponent();
        e.eventTime = depthSnapshot.eventTime();
        e.lastUpdateId = depthSnapshot.bookUpdateId();
        for (final DepthSnapshotStreamEventDecoder.BidsDecoder bid : depthSnapshot.bids())
        {
            e.bids.add(bid.price(), priceScale, bid.qty(), qtyScale);
        }
        for (final DepthSnapshotStreamEventDecoder.AsksDecoder ask : depthSnapshot.asks())
        {
            e.asks.add(ask.price(), priceScale, ask.qty(), qtyScale);
        }
        symbol(e);
        listener.onPartialDepth(frame, e);
    }

    private void depthDiff(final JournalFrame frame)
    {
        final DepthUpdateEvent e = reset(events.books.depthUpdate, frame);
        final int priceScale = -depthDiff.priceExponent();
        final int qtyScale = -depthDiff.qtyExponent();
        e.eventTime = depthDiff.eventTime();
        e.firstUpdateId = depthDiff.firstBookUpdateId();
        e.lastUpdateId = depthDiff.lastBookUpdateId();
        for (final DepthDiffStreamEventDecoder.BidsDecoder bid : depthDiff.bids())
        {
            e.bids.add(bid.price(), priceScale, bid.qty(), qtyScale);
        }
        for (final DepthDiffStreamEventDecoder.AsksDecoder ask : depthDiff.asks())
        {
            e.asks.add(ask.price(), priceScale, ask.qty(), qtyScale);
        }
        symbol(e);
        listener.onDepthUpdate(frame, e);
    }

    /** Points the event's symbol at the {@code varString8} found by {@link SbeLayout#symbolPosition}. */
    private void symbol(final MarketEvent e)
    {
        final int length = buffer.getByte(symbolPosition) & 0xFF;
        e.symbol.wrap(current.buffer(), current.payloadOffset() + symbolPosition + 1, length);
    }

    private <E extends MarketEvent> E reset(final E event, final JournalFrame frame)
    {
        current = frame;
        event.reset();
        event.market = frame.market();
        event.timeUnit = TimeUnit.MICROSECONDS;
        return event;
    }
}
