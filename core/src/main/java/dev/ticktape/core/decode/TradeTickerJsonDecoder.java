package dev.ticktape.core.decode;

import static dev.ticktape.core.decode.JsonDecodeContext.require;
import static dev.ticktape.core.decode.JsonKeys.*;

/**
 * Decodes trades, aggregate trades, klines, tickers, average and reference prices (spot and futures JSON).
 */
final class TradeTickerJsonDecoder
{
    private final JsonDecodeContext ctx;
    private final JsonCursor cursor;
    private final MarketDataListener listener;

    final TradeEvent trade = new TradeEvent();
    final AggTradeEvent aggTrade = new AggTradeEvent();
    final KlineEvent kline = new KlineEvent();
    final MiniTickerEvent miniTicker = new MiniTickerEvent();
    final TickerEvent ticker = new TickerEvent();
    final AvgPriceEvent avgPrice = new AvgPriceEvent();
    final ReferencePriceEvent referencePrice = new ReferencePriceEvent();

    TradeTickerJsonDecoder(final JsonDecodeContext ctx)
    {
        this.ctx = ctx;
        this.cursor = ctx.cursor;
        this.listener = ctx.listener;
    }

    void trade(final boolean block)
    {
        final TradeEvent e = ctx.reset(trade);
        e.block = block;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
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
        listener.onTrade(ctx.frame, e);
    }

    void aggTrade()
    {
        final AggTradeEvent e = ctx.reset(aggTrade);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
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
        listener.onAggTrade(ctx.frame, e);
    }

    void kline()
    {
        final KlineEvent e = ctx.reset(kline);
        e.continuous = ctx.type.byteLength() == 16; // continuous_kline
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
        listener.onKline(ctx.frame, e);
    }

    void candle(final KlineEvent e)
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

    void miniTicker()
    {
        final MiniTickerEvent e = ctx.reset(miniTicker);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
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
        listener.onMiniTicker(ctx.frame, e);
    }

    void ticker()
    {
        final TickerEvent e = ctx.reset(ticker);
        e.window.wrap(ctx.type.buffer(), ctx.type.offset(), ctx.type.byteLength());
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
        listener.onTicker(ctx.frame, e);
    }

    void avgPrice()
    {
        final AvgPriceEvent e = ctx.reset(avgPrice);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
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
        listener.onAvgPrice(ctx.frame, e);
    }

    void referencePrice()
    {
        final ReferencePriceEvent e = ctx.reset(referencePrice);
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
        listener.onReferencePrice(ctx.frame, e);
    }
}
