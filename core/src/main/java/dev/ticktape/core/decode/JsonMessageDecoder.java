package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static dev.ticktape.core.decode.JsonCursor.key;

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
    private static final int K_E_LOWER = key("e");
    private static final int K_E = key("E");
    private static final int K_S_LOWER = key("s");
    private static final int K_S = key("S");
    private static final int K_T_LOWER = key("t");
    private static final int K_T = key("T");
    private static final int K_P_LOWER = key("p");
    private static final int K_P = key("P");
    private static final int K_Q_LOWER = key("q");
    private static final int K_Q = key("Q");
    private static final int K_M_LOWER = key("m");
    private static final int K_A_LOWER = key("a");
    private static final int K_A = key("A");
    private static final int K_B_LOWER = key("b");
    private static final int K_B = key("B");
    private static final int K_F_LOWER = key("f");
    private static final int K_F = key("F");
    private static final int K_L_LOWER = key("l");
    private static final int K_L = key("L");
    private static final int K_U_LOWER = key("u");
    private static final int K_U = key("U");
    private static final int K_K = key("k");
    private static final int K_I_LOWER = key("i");
    private static final int K_O_LOWER = key("o");
    private static final int K_O = key("O");
    private static final int K_C_LOWER = key("c");
    private static final int K_C = key("C");
    private static final int K_H = key("h");
    private static final int K_V_LOWER = key("v");
    private static final int K_V = key("V");
    private static final int K_N = key("n");
    private static final int K_X_LOWER = key("x");
    private static final int K_X = key("X");
    private static final int K_W_LOWER = key("w");
    private static final int K_W = key("W");
    private static final int K_R = key("r");
    private static final int K_Z = key("z");
    private static final int K_G_LOWER = key("g");
    private static final int K_G = key("G");
    private static final int K_NQ = key("nq");
    private static final int K_PU = key("pu");
    private static final int K_PS = key("ps");
    private static final int K_CT = key("ct");
    private static final int K_AP = key("ap");
    private static final int K_DT = key("dt");
    private static final int K_OT = key("ot");
    private static final int K_CS = key("cs");
    private static final int K_ST = key("st");
    private static final int K_BKS = key("bks");
    private static final int K_BS = key("bs");
    private static final int K_BNF = key("bnf");
    private static final int K_BNC = key("bnc");
    private static final int K_MMR = key("mmr");
    private static final int K_CF = key("cf");
    private static final int K_MI = key("mi");
    private static final int K_MA = key("ma");
    private static final int K_ID = key("id");
    private static final int K_CODE = key("code");
    private static final int K_MSG = key("msg");
    private static final int K_BIDS = key("bids");
    private static final int K_ASKS = key("asks");
    private static final int K_DATA = key("data");
    private static final byte[] LAST_UPDATE_ID = bytes("lastUpdateId");
    private static final byte[] RESULT = bytes("result");

    private final MarketDataListener listener;
    private final JsonCursor cursor = new JsonCursor();
    private final TextView type = new TextView();
    private final Decimal scratch = new Decimal();

    final TradeEvent trade = new TradeEvent();
    final AggTradeEvent aggTrade = new AggTradeEvent();
    final KlineEvent kline = new KlineEvent();
    final MiniTickerEvent miniTicker = new MiniTickerEvent();
    final TickerEvent ticker = new TickerEvent();
    final BookTickerEvent bookTicker = new BookTickerEvent();
    final DepthUpdateEvent depthUpdate = new DepthUpdateEvent();
    final PartialDepthEvent partialDepth = new PartialDepthEvent();
    final DepthSnapshotEvent depthSnapshot = new DepthSnapshotEvent();
    final AvgPriceEvent avgPrice = new AvgPriceEvent();
    final ReferencePriceEvent referencePrice = new ReferencePriceEvent();
    final MarkPriceEvent markPrice = new MarkPriceEvent();
    final ForceOrderEvent forceOrder = new ForceOrderEvent();
    final CompositeIndexEvent compositeIndex = new CompositeIndexEvent();
    final ContractInfoEvent contractInfo = new ContractInfoEvent();
    final AssetIndexEvent assetIndex = new AssetIndexEvent();
    final TradingSessionEvent tradingSession = new TradingSessionEvent();
    final ControlResponseEvent controlResponse = new ControlResponseEvent();
    final ServerShutdownEvent serverShutdown = new ServerShutdownEvent();

    private JournalFrame frame;
    private TimeUnit timeUnit;
    private boolean delivered;

    JsonMessageDecoder(final MarketDataListener listener)
    {
        this.listener = listener;
    }

    /** Decodes a text frame; returns whether a typed event was delivered (false: delivered as unknown). */
    boolean decodeText(final JournalFrame frame, final TimeUnit timeUnit)
    {
        begin(frame, timeUnit);
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
        final DepthSnapshotEvent e = reset(depthSnapshot);
        streamSymbol(e.symbol);
        cursor.enterObject();
        boolean hasId = false;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == 0 && cursor.keyIs(LAST_UPDATE_ID))
            {
                e.lastUpdateId = cursor.readLong();
                hasId = true;
            }
            else if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.transactionTime = cursor.readLong();
            }
            else if (k == K_BIDS)
            {
                levels(e.bids);
            }
            else if (k == K_ASKS)
            {
                levels(e.asks);
            }
            else
            {
                cursor.skipValue();
            }
        }
        cursor.finish();
        if (!hasId)
        {
            throw DecodeException.MISSING_FIELD;
        }
        listener.onDepthSnapshot(frame, e);
    }

    private void begin(final JournalFrame frame, final TimeUnit timeUnit)
    {
        if (frame.payloadLength() == 0)
        {
            throw DecodeException.EMPTY;
        }
        this.frame = frame;
        this.timeUnit = timeUnit;
        this.delivered = false;
        cursor.reset(frame.buffer(), frame.payloadOffset(), frame.payloadLength());
    }

    /**
     * When the journal located the wrapper's stream name ({@code {"stream":"<name>"}), steps over it
     * without scanning it again; otherwise the field loop reads it like any other.
     */
    private void skipLocatedStream()
    {
        final int nameStart = frame.payloadOffset() + COMBINED_LENGTH + 1;
        final int nameEnd = nameStart + frame.streamLength();
        if (frame.streamOffset() == nameStart && frame.streamLength() > 0
            && nameEnd < frame.payloadOffset() + frame.payloadLength() && frame.buffer().getByte(nameEnd) == '"')
        {
            cursor.skipMember(nameEnd + 1);
        }
    }

    /** A combined-stream wrapper starts with {@code {"stream":} (its name is the frame's stream). */
    private boolean isCombined()
    {
        final DirectBuffer b = frame.buffer();
        final int offset = frame.payloadOffset();
        return frame.payloadLength() > COMBINED_LENGTH
            && b.getLong(offset, ByteOrder.LITTLE_ENDIAN) == COMBINED_WORD0
            && b.getShort(offset + 8, ByteOrder.LITTLE_ENDIAN) == COMBINED_WORD1;
    }

    private static final int COMBINED_LENGTH = 10; // {"stream":
    private static final long COMBINED_WORD0 = littleEndianLong("{\"stream");
    private static final short COMBINED_WORD1 = (short) ('"' | (':' << 8));

    private static long littleEndianLong(final String eight)
    {
        long word = 0;
        for (int i = 7; i >= 0; i--)
        {
            word = (word << 8) | eight.charAt(i);
        }
        return word;
    }

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
        }
        else if (hasLastUpdateId)
        {
            partialDepth();
        }
        else if (hasU)
        {
            bookTicker();
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
                final int channel = channel();
                if (channel == CHANNEL_PARTIAL_DEPTH)
                {
                    partialDepth();
                }
                else
                {
                    depthUpdate(channel == CHANNEL_RPI_DEPTH);
                }
            }
            case 1 -> bookTicker();
            case 2 -> aggTrade();
            case 3 -> trade(false);
            case 4, 20 -> kline();
            case 5 -> markPrice();
            case 6 -> miniTicker();
            case 7, 8, 9, 10 -> ticker();
            case 11 -> trade(true);
            case 12 -> forceOrder();
            case 13 -> avgPrice();
            case 14 -> contractInfo();
            case 15, 16 -> tradingSession();
            case 17 -> compositeIndex();
            case 18 -> referencePrice();
            case 19 -> serverShutdown();
            case 21 -> assetIndex();
            default -> unknown();
        }
    }

    /** Skips the rest of an object of a type no decoder knows. */
    private void unknown()
    {
        while (cursor.nextField())
        {
            cursor.skipValue();
        }
    }

    private void trade(final boolean block)
    {
        final TradeEvent e = reset(trade);
        e.block = block;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_T_LOWER)
            {
                e.tradeId = cursor.readLong();
            }
            else if (k == K_P_LOWER)
            {
                cursor.readDecimal(e.price);
            }
            else if (k == K_Q_LOWER)
            {
                cursor.readDecimal(e.quantity);
            }
            else if (k == K_T)
            {
                e.tradeTime = cursor.readLong();
            }
            else if (k == K_M_LOWER)
            {
                e.buyerMaker = cursor.readBoolean();
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(e.price.isPresent() && e.quantity.isPresent());
        listener.onTrade(frame, e);
        delivered = true;
    }

    private void aggTrade()
    {
        final AggTradeEvent e = reset(aggTrade);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_A_LOWER)
            {
                e.aggregateTradeId = cursor.readLong();
            }
            else if (k == K_P_LOWER)
            {
                cursor.readDecimal(e.price);
            }
            else if (k == K_Q_LOWER)
            {
                cursor.readDecimal(e.quantity);
            }
            else if (k == K_NQ)
            {
                cursor.readDecimal(e.normalQuantity);
            }
            else if (k == K_F_LOWER)
            {
                e.firstTradeId = cursor.readLong();
            }
            else if (k == K_L_LOWER)
            {
                e.lastTradeId = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.tradeTime = cursor.readLong();
            }
            else if (k == K_M_LOWER)
            {
                e.buyerMaker = cursor.readBoolean();
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(e.price.isPresent() && e.quantity.isPresent());
        listener.onAggTrade(frame, e);
        delivered = true;
    }

    private void kline()
    {
        final KlineEvent e = reset(kline);
        e.continuous = type.byteLength() == 16; // continuous_kline
        boolean candle = false;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_S_LOWER)
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_PS)
            {
                cursor.readString(e.pair);
            }
            else if (k == K_CT)
            {
                cursor.readString(e.contractType);
            }
            else if (k == K_K)
            {
                candle = true;
                candle(e);
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(candle);
        listener.onKline(frame, e);
        delivered = true;
    }

    private void candle(final KlineEvent e)
    {
        cursor.enterObject();
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_T_LOWER)
            {
                e.openTime = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.closeTime = cursor.readLong();
            }
            else if (k == K_S_LOWER && !e.symbol.isPresent())
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_I_LOWER)
            {
                cursor.readString(e.interval);
            }
            else if (k == K_F_LOWER)
            {
                e.firstId = cursor.readLong();
            }
            else if (k == K_L)
            {
                e.lastId = cursor.readLong();
            }
            else if (k == K_O_LOWER)
            {
                cursor.readDecimal(e.open);
            }
            else if (k == K_C_LOWER)
            {
                cursor.readDecimal(e.close);
            }
            else if (k == K_H)
            {
                cursor.readDecimal(e.high);
            }
            else if (k == K_L_LOWER)
            {
                cursor.readDecimal(e.low);
            }
            else if (k == K_V_LOWER)
            {
                cursor.readDecimal(e.volume);
            }
            else if (k == K_N)
            {
                e.tradeCount = cursor.readLong();
            }
            else if (k == K_X_LOWER)
            {
                e.closed = cursor.readBoolean();
            }
            else if (k == K_Q_LOWER)
            {
                cursor.readDecimal(e.quoteVolume);
            }
            else if (k == K_V)
            {
                cursor.readDecimal(e.takerBuyVolume);
            }
            else if (k == K_Q)
            {
                cursor.readDecimal(e.takerBuyQuoteVolume);
            }
            else
            {
                cursor.skipValue();
            }
        }
    }

    private void miniTicker()
    {
        final MiniTickerEvent e = reset(miniTicker);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_C_LOWER)
            {
                cursor.readDecimal(e.close);
            }
            else if (k == K_O_LOWER)
            {
                cursor.readDecimal(e.open);
            }
            else if (k == K_H)
            {
                cursor.readDecimal(e.high);
            }
            else if (k == K_L_LOWER)
            {
                cursor.readDecimal(e.low);
            }
            else if (k == K_V_LOWER)
            {
                cursor.readDecimal(e.volume);
            }
            else if (k == K_Q_LOWER)
            {
                cursor.readDecimal(e.quoteVolume);
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onMiniTicker(frame, e);
        delivered = true;
    }

    private void ticker()
    {
        final TickerEvent e = reset(ticker);
        e.window.wrap(type.buffer(), type.offset(), type.byteLength());
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_S_LOWER)
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_P_LOWER)
            {
                cursor.readDecimal(e.priceChange);
            }
            else if (k == K_P)
            {
                cursor.readDecimal(e.priceChangePercent);
            }
            else if (k == K_W_LOWER)
            {
                cursor.readDecimal(e.weightedAveragePrice);
            }
            else if (k == K_X_LOWER)
            {
                cursor.readDecimal(e.firstTradePrice);
            }
            else if (k == K_C_LOWER)
            {
                cursor.readDecimal(e.lastPrice);
            }
            else if (k == K_Q)
            {
                cursor.readDecimal(e.lastQuantity);
            }
            else if (k == K_B_LOWER)
            {
                cursor.readDecimal(e.bestBidPrice);
            }
            else if (k == K_B)
            {
                cursor.readDecimal(e.bestBidQuantity);
            }
            else if (k == K_A_LOWER)
            {
                cursor.readDecimal(e.bestAskPrice);
            }
            else if (k == K_A)
            {
                cursor.readDecimal(e.bestAskQuantity);
            }
            else if (k == K_O_LOWER)
            {
                cursor.readDecimal(e.open);
            }
            else if (k == K_H)
            {
                cursor.readDecimal(e.high);
            }
            else if (k == K_L_LOWER)
            {
                cursor.readDecimal(e.low);
            }
            else if (k == K_V_LOWER)
            {
                cursor.readDecimal(e.volume);
            }
            else if (k == K_Q_LOWER)
            {
                cursor.readDecimal(e.quoteVolume);
            }
            else if (k == K_O)
            {
                e.openTime = cursor.readLong();
            }
            else if (k == K_C)
            {
                e.closeTime = cursor.readLong();
            }
            else if (k == K_F)
            {
                e.firstTradeId = cursor.readLong();
            }
            else if (k == K_L)
            {
                e.lastTradeId = cursor.readLong();
            }
            else if (k == K_N)
            {
                e.tradeCount = cursor.readLong();
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onTicker(frame, e);
        delivered = true;
    }

    private void bookTicker()
    {
        final BookTickerEvent e = reset(bookTicker);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_U_LOWER)
            {
                e.updateId = cursor.readLong();
            }
            else if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.transactionTime = cursor.readLong();
            }
            else if (k == K_S_LOWER)
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_B_LOWER)
            {
                cursor.readDecimal(e.bidPrice);
            }
            else if (k == K_B)
            {
                cursor.readDecimal(e.bidQuantity);
            }
            else if (k == K_A_LOWER)
            {
                cursor.readDecimal(e.askPrice);
            }
            else if (k == K_A)
            {
                cursor.readDecimal(e.askQuantity);
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(e.bidPrice.isPresent() && e.askPrice.isPresent());
        listener.onBookTicker(frame, e);
        delivered = true;
    }

    private void depthUpdate(final boolean rpi)
    {
        final DepthUpdateEvent e = reset(depthUpdate);
        e.rpi = rpi;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.transactionTime = cursor.readLong();
            }
            else if (k == K_S_LOWER)
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_U)
            {
                e.firstUpdateId = cursor.readLong();
            }
            else if (k == K_U_LOWER)
            {
                e.lastUpdateId = cursor.readLong();
            }
            else if (k == K_PU)
            {
                e.previousLastUpdateId = cursor.readLong();
            }
            else if (k == K_B_LOWER)
            {
                levels(e.bids);
            }
            else if (k == K_A_LOWER)
            {
                levels(e.asks);
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(e.firstUpdateId >= 0 && e.lastUpdateId >= 0);
        listener.onDepthUpdate(frame, e);
        delivered = true;
    }

    private void partialDepth()
    {
        final PartialDepthEvent e = reset(partialDepth);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == 0 && cursor.keyIs(LAST_UPDATE_ID))
            {
                e.lastUpdateId = cursor.readLong();
            }
            else if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.transactionTime = cursor.readLong();
            }
            else if (k == K_S_LOWER)
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_U)
            {
                e.firstUpdateId = cursor.readLong();
            }
            else if (k == K_U_LOWER)
            {
                e.lastUpdateId = cursor.readLong();
            }
            else if (k == K_PU)
            {
                e.previousLastUpdateId = cursor.readLong();
            }
            else if (k == K_B_LOWER || k == K_BIDS)
            {
                levels(e.bids);
            }
            else if (k == K_A_LOWER || k == K_ASKS)
            {
                levels(e.asks);
            }
            else
            {
                cursor.skipValue();
            }
        }
        if (!e.symbol.isPresent())
        {
            streamSymbol(e.symbol);
        }
        require(e.lastUpdateId >= 0);
        listener.onPartialDepth(frame, e);
        delivered = true;
    }

    private void avgPrice()
    {
        final AvgPriceEvent e = reset(avgPrice);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_I_LOWER)
            {
                cursor.readString(e.interval);
            }
            else if (k == K_W_LOWER)
            {
                cursor.readDecimal(e.averagePrice);
            }
            else if (k == K_T)
            {
                e.lastTradeTime = cursor.readLong();
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onAvgPrice(frame, e);
        delivered = true;
    }

    private void referencePrice()
    {
        final ReferencePriceEvent e = reset(referencePrice);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_S_LOWER)
            {
                cursor.readString(e.symbol);
            }
            else if (k == K_R)
            {
                cursor.readDecimal(e.referencePrice);
            }
            else if (k == K_T_LOWER)
            {
                e.time = cursor.readLong();
            }
            else if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onReferencePrice(frame, e);
        delivered = true;
    }

    private void markPrice()
    {
        final MarkPriceEvent e = reset(markPrice);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_P_LOWER)
            {
                cursor.readDecimal(e.markPrice);
            }
            else if (k == K_AP)
            {
                cursor.readDecimal(e.averageMarkPrice);
            }
            else if (k == K_I_LOWER)
            {
                cursor.readDecimal(e.indexPrice);
            }
            else if (k == K_P)
            {
                cursor.readDecimal(e.estimatedSettlePrice);
            }
            else if (k == K_R)
            {
                cursor.readDecimal(e.fundingRate);
            }
            else if (k == K_T)
            {
                e.nextFundingTime = cursor.readLong();
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(e.markPrice.isPresent());
        listener.onMarkPrice(frame, e);
        delivered = true;
    }

    private void forceOrder()
    {
        final ForceOrderEvent e = reset(forceOrder);
        boolean order = false;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_O_LOWER)
            {
                order = true;
                cursor.enterObject();
                while (cursor.nextField())
                {
                    final int o = cursor.key();
                    if (o == K_S_LOWER)
                    {
                        cursor.readString(e.symbol);
                    }
                    else if (o == K_S)
                    {
                        cursor.readString(e.side);
                    }
                    else if (o == K_O_LOWER)
                    {
                        cursor.readString(e.orderType);
                    }
                    else if (o == K_F_LOWER)
                    {
                        cursor.readString(e.timeInForce);
                    }
                    else if (o == K_Q_LOWER)
                    {
                        cursor.readDecimal(e.originalQuantity);
                    }
                    else if (o == K_P_LOWER)
                    {
                        cursor.readDecimal(e.price);
                    }
                    else if (o == K_AP)
                    {
                        cursor.readDecimal(e.averagePrice);
                    }
                    else if (o == K_X)
                    {
                        cursor.readString(e.status);
                    }
                    else if (o == K_L_LOWER)
                    {
                        cursor.readDecimal(e.lastFilledQuantity);
                    }
                    else if (o == K_Z)
                    {
                        cursor.readDecimal(e.filledQuantity);
                    }
                    else if (o == K_T)
                    {
                        e.tradeTime = cursor.readLong();
                    }
                    else
                    {
                        cursor.skipValue();
                    }
                }
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(order);
        listener.onForceOrder(frame, e);
        delivered = true;
    }

    private void compositeIndex()
    {
        final CompositeIndexEvent e = reset(compositeIndex);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_P_LOWER)
            {
                cursor.readDecimal(e.price);
            }
            else if (k == K_C)
            {
                cursor.readString(e.componentType);
            }
            else if (k == K_C_LOWER)
            {
                cursor.enterArray();
                while (cursor.nextElement())
                {
                    final IndexComponents.Component c = e.components.add();
                    cursor.enterObject();
                    while (cursor.nextField())
                    {
                        final int ck = cursor.key();
                        if (ck == K_B_LOWER)
                        {
                            cursor.readString(c.baseAsset);
                        }
                        else if (ck == K_Q_LOWER)
                        {
                            cursor.readString(c.quoteAsset);
                        }
                        else if (ck == K_W_LOWER)
                        {
                            cursor.readDecimal(c.weightInQuantity);
                        }
                        else if (ck == K_W)
                        {
                            cursor.readDecimal(c.weightInPercentage);
                        }
                        else if (ck == K_I_LOWER)
                        {
                            cursor.readDecimal(c.indexPrice);
                        }
                        else
                        {
                            cursor.skipValue();
                        }
                    }
                }
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onCompositeIndex(frame, e);
        delivered = true;
    }

    private void contractInfo()
    {
        final ContractInfoEvent e = reset(contractInfo);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_PS)
            {
                cursor.readString(e.pair);
            }
            else if (k == K_CT)
            {
                cursor.readString(e.contractType);
            }
            else if (k == K_DT)
            {
                e.deliveryTime = cursor.readLong();
            }
            else if (k == K_OT)
            {
                e.onboardTime = cursor.readLong();
            }
            else if (k == K_CS)
            {
                cursor.readString(e.contractStatus);
            }
            else if (k == K_ST)
            {
                e.symbolType = cursor.readLong();
            }
            else if (k == K_BKS)
            {
                cursor.enterArray();
                while (cursor.nextElement())
                {
                    final Brackets.Bracket b = e.brackets.add();
                    cursor.enterObject();
                    while (cursor.nextField())
                    {
                        final int bk = cursor.key();
                        if (bk == K_BS)
                        {
                            b.bracket = cursor.readLong();
                        }
                        else if (bk == K_BNF)
                        {
                            cursor.readDecimal(b.floorNotional);
                        }
                        else if (bk == K_BNC)
                        {
                            cursor.readDecimal(b.capNotional);
                        }
                        else if (bk == K_MMR)
                        {
                            cursor.readDecimal(b.maintenanceMarginRatio);
                        }
                        else if (bk == K_CF)
                        {
                            cursor.readDecimal(b.auxiliary);
                        }
                        else if (bk == K_MI)
                        {
                            b.minLeverage = cursor.readLong();
                        }
                        else if (bk == K_MA)
                        {
                            b.maxLeverage = cursor.readLong();
                        }
                        else
                        {
                            cursor.skipValue();
                        }
                    }
                }
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onContractInfo(frame, e);
        delivered = true;
    }

    private void assetIndex()
    {
        final AssetIndexEvent e = reset(assetIndex);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (common(k, e))
            {
                continue;
            }
            if (k == K_I_LOWER)
            {
                cursor.readDecimal(e.indexPrice);
            }
            else if (k == K_B_LOWER)
            {
                cursor.readDecimal(e.bidBuffer);
            }
            else if (k == K_A_LOWER)
            {
                cursor.readDecimal(e.askBuffer);
            }
            else if (k == K_B)
            {
                cursor.readDecimal(e.bidRate);
            }
            else if (k == K_A)
            {
                cursor.readDecimal(e.askRate);
            }
            else if (k == K_Q_LOWER)
            {
                cursor.readDecimal(e.autoExchangeBidBuffer);
            }
            else if (k == K_G_LOWER)
            {
                cursor.readDecimal(e.autoExchangeAskBuffer);
            }
            else if (k == K_Q)
            {
                cursor.readDecimal(e.autoExchangeBidRate);
            }
            else if (k == K_G)
            {
                cursor.readDecimal(e.autoExchangeAskRate);
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onAssetIndex(frame, e);
        delivered = true;
    }

    private void tradingSession()
    {
        final TradingSessionEvent e = reset(tradingSession);
        e.marketType.wrap(type.buffer(), type.offset(), type.byteLength());
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_T_LOWER)
            {
                e.startTime = cursor.readLong();
            }
            else if (k == K_T)
            {
                e.endTime = cursor.readLong();
            }
            else if (k == K_S)
            {
                cursor.readString(e.sessionType);
            }
            else
            {
                cursor.skipValue();
            }
        }
        listener.onTradingSession(frame, e);
        delivered = true;
    }

    private void serverShutdown()
    {
        final ServerShutdownEvent e = reset(serverShutdown);
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
        listener.onServerShutdown(frame, e);
        delivered = true;
    }

    private void controlResponse()
    {
        final ControlResponseEvent e = reset(controlResponse);
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
        listener.onControlResponse(frame, e);
        delivered = true;
    }

    /** Reads the fields most events share, event time {@code E} and symbol {@code s}; false for any other key. */
    private boolean common(final int k, final MarketEvent e)
    {
        if (k == K_E)
        {
            e.eventTime = cursor.readLong();
            return true;
        }
        if (k == K_S_LOWER)
        {
            cursor.readString(e.symbol);
            return true;
        }
        return false;
    }

    private void rawValue(final TextView out)
    {
        cursor.peek();
        final int start = cursor.position();
        cursor.skipValue();
        out.wrap(cursor.buffer(), start, cursor.position() - start);
    }

    private void levels(final PriceLevels out)
    {
        out.clear();
        cursor.enterArray();
        while (cursor.nextElement())
        {
            if (cursor.readCompactLevel(out))
            {
                continue;
            }
            cursor.enterArray();
            if (!cursor.nextElement())
            {
                throw DecodeException.MISSING_FIELD;
            }
            cursor.readDecimal(scratch);
            final long price = scratch.mantissa();
            final int priceScale = scratch.scale();
            if (!cursor.nextElement())
            {
                throw DecodeException.MISSING_FIELD;
            }
            cursor.readDecimal(scratch);
            require(scratch.isPresent());
            out.add(price, priceScale, scratch.mantissa(), scratch.scale());
            while (cursor.nextElement())
            {
                cursor.skipValue();
            }
        }
    }

    private <E extends MarketEvent> E reset(final E event)
    {
        event.reset();
        event.market = frame.market();
        event.timeUnit = timeUnit;
        return event;
    }

    private static void require(final boolean condition)
    {
        if (!condition)
        {
            throw DecodeException.MISSING_FIELD;
        }
    }

    private static final int CHANNEL_OTHER = 0;
    private static final int CHANNEL_PARTIAL_DEPTH = 1;
    private static final int CHANNEL_RPI_DEPTH = 2;

    /**
     * Classifies the stream's channel (after the first {@code @}): {@code depth<N>...} is partial depth,
     * {@code rpiDepth...} is RPI depth. Reads a handful of bytes, once per depth message.
     */
    private int channel()
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

    /** The symbol part of the stream name ({@code btcusdt} of {@code btcusdt@depth20}), for messages without one. */
    private void streamSymbol(final TextView out)
    {
        final int length = frame.streamLength();
        if (length == 0)
        {
            return;
        }
        final DirectBuffer b = frame.buffer();
        int n = 0;
        while (n < length && b.getByte(frame.streamOffset() + n) != '@')
        {
            n++;
        }
        out.wrap(b, frame.streamOffset(), n);
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

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
