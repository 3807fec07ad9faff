package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static dev.ticktape.core.decode.JsonKeys.*;

/**
 * Decodes Binance JSON text frames (spot and USDⓈ-M futures, combined or raw) and REST depth
 * snapshots into typed events, with one {@link JsonCursor} pass per message and no allocation.
 * <p>
 * The event type comes from the message's {@code e} field; messages without one are told apart by
 * shape (spot bookTicker, partial depth, control replies). The stream name settles the cases the
 * payload cannot: futures partial depth and RPI depth share {@code "e":"depthUpdate"} with diff depth.
 */
final class JsonMessageDecoder
{
    private final JsonDecodeContext ctx;
    private final MarketDataListener listener;
    private final JsonCursor cursor;
    private final TextView type;

    final TradeTickerJsonDecoder trades;
    final BookJsonDecoder books;
    final FuturesJsonDecoder futures;
    final ControlResponseEvent controlResponse = new ControlResponseEvent();
    final ServerShutdownEvent serverShutdown = new ServerShutdownEvent();
    private final FastJsonDecoder fast;

    private boolean delivered;
    private long fastDecoded;

    /**
     * @param fastPath whether to try {@link FastJsonDecoder} first (tests turn it off to compare the two paths).
     */
    JsonMessageDecoder(final MarketDataListener listener, final boolean fastPath)
    {
        this.ctx = new JsonDecodeContext(listener);
        this.listener = listener;
        this.cursor = ctx.cursor;
        this.type = ctx.type;
        this.trades = new TradeTickerJsonDecoder(ctx);
        this.books = new BookJsonDecoder(ctx);
        this.futures = new FuturesJsonDecoder(ctx);
        this.fast = fastPath ? new FastJsonDecoder(ctx, books, trades, futures) : null;
    }

    /** Decodes a text frame; returns whether a typed event was delivered (false: delivered as unknown). */
    boolean decodeText(final JournalFrame frame, final TimeUnit timeUnit)
    {
        begin(frame, timeUnit);
        if (fast != null && fast())
        {
            fastDecoded++;
            return true;
        }
        if (cursor.peek() == '{' && isCombined())
        {
            cursor.enterObject();
            skipLocatedStream();
            boolean data = false;
            while (cursor.nextField())
            {
                if (cursor.key() == K_DATA && !data)
                {
                    data = true;
                    value();
                }
                else
                {
                    cursor.skipValue();
                }
            }
            if (!data)
            {
                throw DecodeException.MISSING_FIELD;
            }
        }
        else
        {
            value();
        }
        cursor.finish();
        return delivered;
    }

    /** Decodes a REST depth snapshot body. */
    void decodeRest(final JournalFrame frame, final TimeUnit timeUnit)
    {
        begin(frame, timeUnit);
        books.depthSnapshot();
        cursor.finish();
    }

    private void begin(final JournalFrame frame, final TimeUnit timeUnit)
    {
        if (frame.payloadLength() == 0)
        {
            throw DecodeException.EMPTY;
        }
        ctx.frame = frame;
        ctx.timeUnit = timeUnit;
        this.delivered = false;
        cursor.reset(frame.buffer(), frame.payloadOffset(), frame.payloadLength());
    }

    long fastDecoded()
    {
        return fastDecoded;
    }

    /** Tries the fast path on a compact message, a combined one only when the journal located its stream name. */
    private boolean fast()
    {
        if (!isCombined())
        {
            return fast.decode(ctx.frame, false, ctx.frame.payloadOffset());
        }
        final int afterName = locatedStreamEnd();
        return afterName > 0 && fast.decode(ctx.frame, true, afterName);
    }

    /**
     * When the journal located the wrapper's stream name (<code>&#123;"stream":"&lt;name&gt;"</code>), steps over it
     * without scanning it again; otherwise the field loop reads it like any other.
     */
    private void skipLocatedStream()
    {
        final int afterName = locatedStreamEnd();
        if (afterName > 0)
        {
            cursor.skipMember(afterName);
        }
    }

    /**
     * @return in a combined wrapper whose stream name the journal located, the position after the
     * name's closing quote; -1 otherwise.
     */
    private int locatedStreamEnd()
    {
        final JournalFrame frame = ctx.frame;
        final int nameStart = frame.payloadOffset() + COMBINED_LENGTH + 1;
        final int nameEnd = nameStart + frame.streamLength();
        if (frame.streamOffset() == nameStart && frame.streamLength() > 0
            && nameEnd < frame.payloadOffset() + frame.payloadLength() && frame.buffer().getByte(nameEnd) == '"')
        {
            return nameEnd + 1;
        }
        return -1;
    }

    /** A combined-stream wrapper starts with <code>&#123;"stream":</code> (its name is the frame's stream). */
    private boolean isCombined()
    {
        final DirectBuffer b = ctx.frame.buffer();
        final int offset = ctx.frame.payloadOffset();
        return ctx.frame.payloadLength() > COMBINED_LENGTH
            && b.getLong(offset, ByteOrder.LITTLE_ENDIAN) == COMBINED_WORD0
            && b.getShort(offset + 8, ByteOrder.LITTLE_ENDIAN) == COMBINED_WORD1;
    }

    private static final int COMBINED_LENGTH = 10; // {"stream":
    private static final long COMBINED_WORD0 = pack("{\"stream", 0, 8);
    private static final short COMBINED_WORD1 = (short) ('"' | (':' << 8));


    private void value()
    {
        final byte c = cursor.peek();
        if (c == '[')
        {
            cursor.enterArray();
            while (cursor.nextElement())
            {
                object();
            }
        }
        else if (c == '{')
        {
            object();
        }
        else
        {
            throw DecodeException.WRONG_TYPE;
        }
    }

    /**
     * Finds the message type and decodes the object. When {@code e} is its first field (Binance's
     * usual order) the typed decoder goes on from there; otherwise the fields are scanned for
     * {@code e} or a telling shape, and the object is decoded again from its start.
     * The typed decoders are called inside the object and read it to its closing brace.
     */
    private void object()
    {
        final int start = cursor.position();
        final int depth = cursor.depth();
        type.clear();
        cursor.enterObject();
        if (!cursor.nextField())
        {
            return; // {}: nothing typed in it; reported as unknown
        }
        if (cursor.key() == K_E_LOWER)
        {
            cursor.readString(type);
            typed();
            return;
        }
        boolean hasResult = false;
        boolean hasCode = false;
        boolean hasLastUpdateId = false;
        boolean hasU = false;
        do
        {
            final int k = cursor.key();
            if (k == K_E_LOWER)
            {
                cursor.readString(type);
                break;
            }
            if (k == K_CODE)
            {
                hasCode = true;
            }
            else if (k == 0)
            {
                hasResult |= cursor.keyIs(RESULT);
                hasLastUpdateId |= cursor.keyIs(LAST_UPDATE_ID);
            }
            else if (k == K_U_LOWER)
            {
                hasU = true;
            }
            cursor.skipValue();
        }
        while (cursor.nextField());
        cursor.position(start, depth);
        cursor.enterObject();
        if (type.isPresent())
        {
            typed();
        }
        else if (hasResult || hasCode)
        {
            controlResponse();
            delivered = true;
        }
        else if (hasLastUpdateId)
        {
            books.partialDepth();
            delivered = true;
        }
        else if (hasU)
        {
            books.bookTicker();
            delivered = true;
        }
        else
        {
            unknown();
        }
    }

    private void typed()
    {
        final int n = type.byteLength();
        final DirectBuffer b = type.buffer();
        final int o = type.offset();
        final long w0 = n >= 8 ? b.getLong(o, ByteOrder.LITTLE_ENDIAN) : pack(b, o, n);
        final long w1 = n > 8 ? pack(b, o + 8, Math.min(8, n - 8)) : 0;
        if (n <= 16)
        {
            for (int t = 0; t < TYPE_LENGTHS.length; t++)
            {
                if (TYPE_LENGTHS[t] == n && TYPE_WORD0[t] == w0 && TYPE_WORD1[t] == w1)
                {
                    dispatch(t);
                    return;
                }
            }
        }
        unknown();
    }

    private static final String[] TYPE_NAMES = {
        "depthUpdate", "bookTicker", "aggTrade", "trade", "kline", "markPriceUpdate", "24hrMiniTicker", "24hrTicker",
        "1hTicker", "4hTicker", "1dTicker", "blockTrade", "forceOrder", "avgPrice", "contractInfo", "EquityUpdate",
        "CommodityUpdate", "compositeIndex", "referencePrice", "serverShutdown", "continuous_kline", "assetIndexUpdate",
    };
    private static final int[] TYPE_LENGTHS = new int[TYPE_NAMES.length];
    private static final long[] TYPE_WORD0 = new long[TYPE_NAMES.length];
    private static final long[] TYPE_WORD1 = new long[TYPE_NAMES.length];

    static
    {
        for (int t = 0; t < TYPE_NAMES.length; t++)
        {
            final String name = TYPE_NAMES[t];
            TYPE_LENGTHS[t] = name.length();
            TYPE_WORD0[t] = pack(name, 0, Math.min(8, name.length()));
            TYPE_WORD1[t] = name.length() > 8 ? pack(name, 8, Math.min(8, name.length() - 8)) : 0;
        }
    }

    private static long pack(final String s, final int offset, final int n)
    {
        long word = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            word = (word << 8) | s.charAt(offset + i);
        }
        return word;
    }

    private static long pack(final DirectBuffer b, final int offset, final int n)
    {
        long word = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            word = (word << 8) | (b.getByte(offset + i) & 0xFF);
        }
        return word;
    }

    /** Dispatches on the index of the type in {@link #TYPE_NAMES}. */
    private void dispatch(final int t)
    {
        switch (t)
        {
            case 0 ->
            {
                final int channel = channel(ctx.frame);
                if (channel == CHANNEL_PARTIAL_DEPTH)
                {
                    books.partialDepth();
                }
                else
                {
                    books.depthUpdate(channel == CHANNEL_RPI_DEPTH);
                }
            }
            case 1 -> books.bookTicker();
            case 2 -> trades.aggTrade();
            case 3 -> trades.trade(false);
            case 4, 20 -> trades.kline();
            case 5 -> futures.markPrice();
            case 6 -> trades.miniTicker();
            case 7, 8, 9, 10 -> trades.ticker();
            case 11 -> trades.trade(true);
            case 12 -> futures.forceOrder();
            case 13 -> trades.avgPrice();
            case 14 -> futures.contractInfo();
            case 15, 16 -> futures.tradingSession();
            case 17 -> futures.compositeIndex();
            case 18 -> trades.referencePrice();
            case 19 -> serverShutdown();
            case 21 -> futures.assetIndex();
            default ->
            {
                unknown();
                return;
            }
        }
        delivered = true;
    }

    /** Skips the rest of an object of a type no decoder knows. */
    private void unknown()
    {
        while (cursor.nextField())
        {
            cursor.skipValue();
        }
    }

    private void serverShutdown()
    {
        final ServerShutdownEvent e = ctx.reset(serverShutdown);
        while (cursor.nextField())
        {
            if (cursor.key() == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onServerShutdown(ctx.frame, e);
    }

    private void controlResponse()
    {
        final ControlResponseEvent e = ctx.reset(controlResponse);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_ID)
            {
                rawValue(e.id);
            }
            else if (k == 0 && cursor.keyIs(RESULT))
            {
                rawValue(e.result);
            }
            else if (k == K_CODE)
            {
                e.error = true;
                e.code = cursor.readLong();
            }
            else if (k == K_MSG)
            {
                cursor.readString(e.message);
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onControlResponse(ctx.frame, e);
    }

    private void rawValue(final TextView out)
    {
        cursor.peek();
        final int start = cursor.position();
        cursor.skipValue();
        out.wrap(cursor.buffer(), start, cursor.position() - start);
    }

    static final int CHANNEL_OTHER = 0;
    static final int CHANNEL_PARTIAL_DEPTH = 1;
    static final int CHANNEL_RPI_DEPTH = 2;

    /**
     * Classifies the stream's channel (after the first {@code @}): {@code depth<N>...} is partial depth,
     * {@code rpiDepth...} is RPI depth. Reads a handful of bytes, once per depth message.
     */
    static int channel(final JournalFrame frame)
    {
        final DirectBuffer b = frame.buffer();
        final int offset = frame.streamOffset();
        final int length = frame.streamLength();
        int at = 0;
        while (at < length && b.getByte(offset + at) != '@')
        {
            at++;
        }
        at++;
        if (startsWith(b, offset + at, length - at, "depth"))
        {
            final int next = at + 5;
            if (next < length)
            {
                final byte c = b.getByte(offset + next);
                return c >= '0' && c <= '9' ? CHANNEL_PARTIAL_DEPTH : CHANNEL_OTHER;
            }
            return CHANNEL_OTHER;
        }
        return startsWith(b, offset + at, length - at, "rpiDepth") ? CHANNEL_RPI_DEPTH : CHANNEL_OTHER;
    }

    private static boolean startsWith(final DirectBuffer b, final int offset, final int length, final String prefix)
    {
        return length >= prefix.length() && is(b, offset, prefix);
    }

    private static boolean is(final DirectBuffer b, final int offset, final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (b.getByte(offset + i) != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

}
