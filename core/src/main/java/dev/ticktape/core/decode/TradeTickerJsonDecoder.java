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
            if (!MessageFields.TRADE.read(k, cursor, e))
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
            if (!MessageFields.AGG_TRADE.read(k, cursor, e))
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
            if (k == K_K)
            {
                candle = true;
                candle(e);
            }
            else if (!MessageFields.KLINE.read(k, cursor, e))
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
            if (k == K_S_LOWER && !e.symbol.isPresent())
            {
                cursor.readString(e.symbol);
            }
            else if (!MessageFields.CANDLE.read(k, cursor, e))
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
            if (!MessageFields.MINI_TICKER.read(k, cursor, e))
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
            if (!MessageFields.TICKER.read(k, cursor, e))
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
            if (!MessageFields.AVG_PRICE.read(k, cursor, e))
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
            if (!MessageFields.REFERENCE_PRICE.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        listener.onReferencePrice(ctx.frame, e);
    }
}
