package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;

import static dev.ticktape.core.decode.FastJsonReader.word;

/**
 * The fast path for the busiest streams (diff depth, book ticker, trade, aggregate trade, mark
 * price, kline) in the compact form Binance sends: no whitespace, the type first, one- and
 * two-letter keys, quoted plain decimals. It recognises the type from a word or two, then reads the
 * type's fields by their declaration in {@link MessageFields}, the same the general path decodes
 * by, with {@link FastJsonReader}, which makes it several times faster than the general
 * {@link JsonCursor} walk.
 * <p>
 * It is speculative. At the first byte that is not what it expects — whitespace, an escape, a
 * nested value it does not know, a number it does not take, a missing field, anything after the
 * message — it gives up and returns false having delivered nothing, and the caller decodes the
 * frame again from its start with the general decoders, which produce the result or the error. A
 * frame it does deliver is one the general decoders decode to the same event: it accepts a strict
 * subset of what they accept and reads each value the same way ({@code FastJsonDecoderTest}
 * checks both on every sample and on mutations of them).
 */
final class FastJsonDecoder
{
    private static final long W_DEPTH_UPDATE = word("depthUpd");
    private static final long W_DEPTH_UPDATE_TAIL = word("ate\"");
    private static final long W_BOOK_TICKER = word("bookTick");
    private static final long W_BOOK_TICKER_TAIL = word("er\"");
    private static final long W_AGG_TRADE = word("aggTrade");
    private static final long W_TRADE = word("trade\"");
    private static final long W_KLINE = word("kline\"");
    private static final long W_MARK_PRICE = word("markPric");
    private static final long W_MARK_PRICE_TAIL = word("eUpdate\"");
    /** {@code ,"data":} */
    private static final long W_DATA = word(",\"data\":");
    /** <code>&#123;"e":"</code> */
    private static final long W_TYPE_FIELD = word("{\"e\":\"");

    private final FastJsonReader in = new FastJsonReader();
    private final JsonDecodeContext ctx;
    private final MarketDataListener listener;
    private final BookTickerEvent bookTicker;
    private final DepthUpdateEvent depthUpdate;
    private final TradeEvent trade;
    private final AggTradeEvent aggTrade;
    private final MarkPriceEvent markPrice;
    private final KlineEvent kline;

    FastJsonDecoder(final JsonDecodeContext ctx, final BookJsonDecoder books, final TradeTickerJsonDecoder trades,
        final FuturesJsonDecoder futures)
    {
        this.ctx = ctx;
        this.listener = ctx.listener;
        this.bookTicker = books.bookTicker;
        this.depthUpdate = books.depthUpdate;
        this.trade = trades.trade;
        this.aggTrade = trades.aggTrade;
        this.markPrice = futures.markPrice;
        this.kline = trades.kline;
    }

    /**
     * Decodes a text frame whose bounds the caller has checked, with {@code ctx} prepared for it.
     *
     * @param combined   whether the message is a combined-stream wrapper.
     * @param dataOffset where the message starts, or for a combined one where its stream name's closing quote ends.
     * @return true when the event was decoded and delivered; false, with nothing delivered, when the
     * frame is not in the form this path takes.
     */
    boolean decode(final JournalFrame frame, final boolean combined, final int dataOffset)
    {
        final FastJsonReader in = this.in;
        in.wrap(frame);
        final int end = in.end();
        int p = dataOffset;
        if (combined)
        {
            if (p + 8 > end || in.getLong(p) != W_DATA)
            {
                return false;
            }
            p += 8;
        }
        if (p + 24 > end || (in.getLong(p) & 0xFFFF_FFFF_FFFFL) != W_TYPE_FIELD)
        {
            return false;
        }
        p += 6;
        final long w0 = in.getLong(p);
        final long w1 = in.getLong(p + 8);
        final MarketEvent event;
        if (w0 == W_DEPTH_UPDATE && (w1 & 0xFFFF_FFFFL) == W_DEPTH_UPDATE_TAIL)
        {
            final int channel = JsonMessageDecoder.channel(frame);
            if (channel == JsonMessageDecoder.CHANNEL_PARTIAL_DEPTH)
            {
                return false;
            }
            final DepthUpdateEvent e = ctx.reset(depthUpdate);
            e.rpi = channel == JsonMessageDecoder.CHANNEL_RPI_DEPTH;
            event = e;
            p = MessageFields.DEPTH_UPDATE.readMembers(in, p + 12, false, e);
        }
        else if (w0 == W_BOOK_TICKER && (w1 & 0xFF_FFFFL) == W_BOOK_TICKER_TAIL)
        {
            event = bookTicker;
            p = MessageFields.BOOK_TICKER.readMembers(in, p + 11, false, ctx.reset(bookTicker));
        }
        else if (w0 == W_AGG_TRADE && (w1 & 0xFF) == '"')
        {
            event = aggTrade;
            p = MessageFields.AGG_TRADE.readMembers(in, p + 9, false, ctx.reset(aggTrade));
        }
        else if ((w0 & 0xFFFF_FFFF_FFFFL) == W_TRADE)
        {
            event = trade;
            p = MessageFields.TRADE.readMembers(in, p + 6, false, ctx.reset(trade));
        }
        else if (w0 == W_MARK_PRICE && w1 == W_MARK_PRICE_TAIL)
        {
            event = markPrice;
            p = MessageFields.MARK_PRICE.readMembers(in, p + 16, false, ctx.reset(markPrice));
        }
        else if ((w0 & 0xFFFF_FFFF_FFFFL) == W_KLINE)
        {
            event = kline;
            p = MessageFields.KLINE.readMembers(in, p + 6, false, ctx.reset(kline));
        }
        else
        {
            return false;
        }
        if (p < 0)
        {
            return false;
        }
        if (combined)
        {
            if (p >= end || in.getByte(p) != '}')
            {
                return false;
            }
            p++;
        }
        if (p != end)
        {
            return false;
        }
        deliver(frame, event);
        return true;
    }

    private void deliver(final JournalFrame frame, final MarketEvent event)
    {
        if (event == depthUpdate)
        {
            listener.onDepthUpdate(frame, depthUpdate);
        }
        else if (event == bookTicker)
        {
            listener.onBookTicker(frame, bookTicker);
        }
        else if (event == aggTrade)
        {
            listener.onAggTrade(frame, aggTrade);
        }
        else if (event == trade)
        {
            listener.onTrade(frame, trade);
        }
        else if (event == markPrice)
        {
            listener.onMarkPrice(frame, markPrice);
        }
        else
        {
            listener.onKline(frame, kline);
        }
    }
}
