package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;

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
    private final TextView scratchText = new TextView();
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

    /** A combined-stream wrapper starts with {@code {"stream":} (its name is the frame's stream). */
    private boolean isCombined()
    {
        final int length = frame.payloadLength();
        if (length < COMBINED.length)
        {
            return false;
        }
        final DirectBuffer b = frame.buffer();
        final int offset = frame.payloadOffset();
        for (int i = 0; i < COMBINED.length; i++)
        {
            if (b.getByte(offset + i) != COMBINED[i])
            {
                return false;
            }
        }
        return true;
    }

    private static final byte[] COMBINED = bytes("{\"stream\":");

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

    /** Finds the message type (its {@code e}, or its shape), then decodes the object from its start. */
    private void object()
    {
        final int start = cursor.position();
        final int depth = cursor.depth();
        type.clear();
        boolean hasResult = false;
        boolean hasCode = false;
        boolean hasLastUpdateId = false;
        boolean hasU = false;
        cursor.enterObject();
        while (cursor.nextField())
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
        cursor.position(start, depth);
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
        switch (n)
        {
            case 5:
                if (is(b, o, "trade"))
                {
                    trade(false);
                    return;
                }
                if (is(b, o, "kline"))
                {
                    kline();
                    return;
                }
                break;
            case 8:
                if (is(b, o, "aggTrade"))
                {
                    aggTrade();
                    return;
                }
                if (is(b, o, "avgPrice"))
                {
                    avgPrice();
                    return;
                }
                if (is(b, o, "1hTicker") || is(b, o, "4hTicker") || is(b, o, "1dTicker"))
                {
                    ticker();
                    return;
                }
                break;
            case 10:
                if (is(b, o, "bookTicker"))
                {
                    bookTicker();
                    return;
                }
                if (is(b, o, "blockTrade"))
                {
                    trade(true);
                    return;
                }
                if (is(b, o, "forceOrder"))
                {
                    forceOrder();
                    return;
                }
                if (is(b, o, "24hrTicker"))
                {
                    ticker();
                    return;
                }
                break;
            case 11:
                if (is(b, o, "depthUpdate"))
                {
                    if (streamIsPartialDepth())
                    {
                        partialDepth();
                    }
                    else
                    {
                        depthUpdate();
                    }
                    return;
                }
                break;
            case 12:
                if (is(b, o, "contractInfo"))
                {
                    contractInfo();
                    return;
                }
                if (is(b, o, "EquityUpdate"))
                {
                    tradingSession();
                    return;
                }
                break;
            case 14:
                if (is(b, o, "24hrMiniTicker"))
                {
                    miniTicker();
                    return;
                }
                if (is(b, o, "compositeIndex"))
                {
                    compositeIndex();
                    return;
                }
                if (is(b, o, "referencePrice"))
                {
                    referencePrice();
                    return;
                }
                if (is(b, o, "serverShutdown"))
                {
                    serverShutdown();
                    return;
                }
                break;
            case 15:
                if (is(b, o, "markPriceUpdate"))
                {
                    markPrice();
                    return;
                }
                if (is(b, o, "CommodityUpdate"))
                {
                    tradingSession();
                    return;
                }
                break;
            case 16:
                if (is(b, o, "continuous_kline"))
                {
                    kline();
                    return;
                }
                if (is(b, o, "assetIndexUpdate"))
                {
                    assetIndex();
                    return;
                }
                break;
            default:
                break;
        }
        unknown();
    }

    private void unknown()
    {
        cursor.skipValue();
    }

    private void trade(final boolean block)
    {
        final TradeEvent e = reset(trade);
        e.block = block;
        cursor.enterObject();
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
            else if (k == K_T_LOWER)
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
        cursor.enterObject();
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
            else if (k == K_A_LOWER)
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
        cursor.enterObject();
        boolean candle = false;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E_LOWER)
            {
                cursor.readString(scratchText);
                e.continuous = scratchText.byteLength() == 16;
            }
            else if (k == K_E)
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
        cursor.enterObject();
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
            else if (k == K_C_LOWER)
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
        cursor.enterObject();
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E_LOWER)
            {
                cursor.readString(e.window);
            }
            else if (k == K_E)
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
        cursor.enterObject();
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

    private void depthUpdate()
    {
        final DepthUpdateEvent e = reset(depthUpdate);
        e.rpi = streamContains(RPI_DEPTH);
        cursor.enterObject();
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
        cursor.enterObject();
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
        cursor.enterObject();
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
            else if (k == K_I_LOWER)
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
        cursor.enterObject();
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
        cursor.enterObject();
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
        cursor.enterObject();
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
        cursor.enterObject();
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
        cursor.enterObject();
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
        cursor.enterObject();
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
            else if (k == K_I_LOWER)
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
        cursor.enterObject();
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E_LOWER)
            {
                cursor.readString(e.marketType);
            }
            else if (k == K_E)
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
        cursor.enterObject();
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
        cursor.enterObject();
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

    private static final byte[] RPI_DEPTH = bytes("@rpiDepth");
    private static final byte[] DEPTH = bytes("@depth");

    /** {@code <symbol>@depth5}, {@code @depth10@100ms}, ...: a digit right after {@code @depth}. */
    private boolean streamIsPartialDepth()
    {
        final int at = indexInStream(DEPTH);
        if (at < 0 || at + DEPTH.length >= frame.streamLength())
        {
            return false;
        }
        final byte next = frame.buffer().getByte(frame.streamOffset() + at + DEPTH.length);
        return next >= '0' && next <= '9';
    }

    private boolean streamContains(final byte[] part)
    {
        return indexInStream(part) >= 0;
    }

    private int indexInStream(final byte[] part)
    {
        final DirectBuffer b = frame.buffer();
        final int offset = frame.streamOffset();
        final int last = frame.streamLength() - part.length;
        outer:
        for (int i = 0; i <= last; i++)
        {
            for (int j = 0; j < part.length; j++)
            {
                if (b.getByte(offset + i + j) != part[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
