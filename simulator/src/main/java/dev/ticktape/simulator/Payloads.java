package dev.ticktape.simulator;

import dev.ticktape.core.Market;

/**
 * Binance's JSON payloads for the model's last step, in each market's form (the field sets and
 * order of the reference kit's examples).
 */
final class Payloads
{
    private Payloads()
    {
    }

    static String depthUpdate(final SymbolModel m, final long eventMillis)
    {
        final StringBuilder sb = new StringBuilder(256).append("{\"e\":\"depthUpdate\",\"E\":").append(eventMillis);
        if (m.market == Market.USDM)
        {
            sb.append(",\"T\":").append(eventMillis - 1);
        }
        sb.append(",\"s\":\"").append(m.symbol).append("\",\"U\":").append(m.firstUpdateId).append(",\"u\":").append(m.lastUpdateId);
        if (m.market == Market.USDM)
        {
            sb.append(",\"pu\":").append(m.previousLastUpdateId);
        }
        return sb.append(",\"b\":").append(SymbolModel.changes(m.bidChanges, m))
            .append(",\"a\":").append(SymbolModel.changes(m.askChanges, m)).append('}').toString();
    }

    static String trade(final SymbolModel m, final long eventMillis)
    {
        return "{\"e\":\"trade\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"t\":" + m.tradeId + ",\"p\":\""
            + m.price(m.tradePrice) + "\",\"q\":\"" + m.quantity(m.tradeQuantity) + "\",\"T\":" + eventMillis + ",\"m\":"
            + m.buyerMaker + ",\"M\":true}";
    }

    static String aggTrade(final SymbolModel m, final long eventMillis)
    {
        final String q = m.quantity(m.tradeQuantity);
        final StringBuilder sb = new StringBuilder(200).append("{\"e\":\"aggTrade\",\"E\":").append(eventMillis)
            .append(",\"s\":\"").append(m.symbol).append("\",\"a\":").append(m.aggregateTradeId)
            .append(",\"p\":\"").append(m.price(m.tradePrice)).append("\",\"q\":\"").append(q).append('"');
        if (m.market == Market.USDM)
        {
            sb.append(",\"nq\":\"").append(q).append('"');
        }
        sb.append(",\"f\":").append(m.tradeId).append(",\"l\":").append(m.tradeId).append(",\"T\":").append(eventMillis)
            .append(",\"m\":").append(m.buyerMaker);
        if (m.market != Market.USDM)
        {
            sb.append(",\"M\":true");
        }
        return sb.append('}').toString();
    }

    static String bookTicker(final SymbolModel m, final long eventMillis)
    {
        final long bid = m.bids.firstKey();
        final long ask = m.asks.firstKey();
        final String top = ",\"s\":\"" + m.symbol + "\",\"b\":\"" + m.price(bid) + "\",\"B\":\"" + m.quantity(m.bids.get(bid))
            + "\",\"a\":\"" + m.price(ask) + "\",\"A\":\"" + m.quantity(m.asks.get(ask)) + "\"}";
        if (m.market == Market.USDM)
        {
            return "{\"e\":\"bookTicker\",\"u\":" + m.lastUpdateId + ",\"E\":" + eventMillis + ",\"T\":" + (eventMillis - 1) + top;
        }
        return "{\"u\":" + m.lastUpdateId + top;
    }

    /** Partial depth: spot's bare {@code lastUpdateId} form, futures' {@code depthUpdate} form with the top levels. */
    static String partialDepth(final SymbolModel m, final int levels, final long eventMillis)
    {
        if (m.market == Market.USDM)
        {
            return "{\"e\":\"depthUpdate\",\"E\":" + eventMillis + ",\"T\":" + (eventMillis - 1) + ",\"s\":\"" + m.symbol
                + "\",\"U\":" + m.firstUpdateId + ",\"u\":" + m.lastUpdateId + ",\"pu\":" + m.previousLastUpdateId
                + ",\"b\":" + m.levels(m.bids, levels) + ",\"a\":" + m.levels(m.asks, levels) + "}";
        }
        return "{\"lastUpdateId\":" + m.lastUpdateId + ",\"bids\":" + m.levels(m.bids, levels) + ",\"asks\":"
            + m.levels(m.asks, levels) + "}";
    }

    static String kline(final SymbolModel m, final long eventMillis)
    {
        return "{\"e\":\"kline\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"k\":{\"t\":" + m.klineStart
            + ",\"T\":" + (m.klineStart + 59_999) + ",\"s\":\"" + m.symbol + "\",\"i\":\"1m\",\"f\":" + m.klineFirstTradeId
            + ",\"L\":" + m.tradeId + ",\"o\":\"" + m.price(m.klineOpen) + "\",\"c\":\"" + m.price(m.lastPrice) + "\",\"h\":\""
            + m.price(m.klineHigh) + "\",\"l\":\"" + m.price(m.klineLow) + "\",\"v\":\"" + m.quantity(m.klineVolume)
            + "\",\"n\":" + m.klineTrades + ",\"x\":" + (eventMillis >= m.klineStart + 59_999) + ",\"q\":\""
            + m.quoteVolume(m.klineQuoteVolume) + "\",\"V\":\"" + m.quantity(m.klineVolume / 2) + "\",\"Q\":\""
            + m.quoteVolume(m.klineQuoteVolume / 2) + "\",\"B\":\"0\"}}";
    }

    static String miniTicker(final SymbolModel m, final long eventMillis)
    {
        return "{\"e\":\"24hrMiniTicker\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"c\":\""
            + m.price(m.lastPrice) + "\",\"o\":\"" + m.price(m.openPrice) + "\",\"h\":\"" + m.price(m.highPrice)
            + "\",\"l\":\"" + m.price(m.lowPrice) + "\",\"v\":\"" + m.quantity(m.volume) + "\",\"q\":\""
            + m.quoteVolume(m.quoteVolume) + "\"}";
    }

    static String ticker(final SymbolModel m, final long eventMillis, final long openMillis)
    {
        final long change = m.lastPrice - m.openPrice;
        final StringBuilder sb = new StringBuilder(400).append("{\"e\":\"24hrTicker\",\"E\":").append(eventMillis)
            .append(",\"s\":\"").append(m.symbol).append("\",\"p\":\"").append(m.price(change)).append("\",\"P\":\"")
            .append(SymbolModel.decimal(change * 10_000 / m.openPrice, 2)).append("\",\"w\":\"")
            .append(m.price(m.volume == 0 ? m.lastPrice : m.quoteVolume / m.volume)).append('"');
        if (m.market != Market.USDM)
        {
            final long bid = m.bids.firstKey();
            final long ask = m.asks.firstKey();
            sb.append(",\"x\":\"").append(m.price(m.openPrice)).append("\",\"c\":\"").append(m.price(m.lastPrice))
                .append("\",\"Q\":\"").append(m.quantity(m.lastQuantity)).append("\",\"b\":\"").append(m.price(bid))
                .append("\",\"B\":\"").append(m.quantity(m.bids.get(bid))).append("\",\"a\":\"").append(m.price(ask))
                .append("\",\"A\":\"").append(m.quantity(m.asks.get(ask))).append('"');
        }
        else
        {
            sb.append(",\"c\":\"").append(m.price(m.lastPrice)).append("\",\"Q\":\"").append(m.quantity(m.lastQuantity)).append('"');
        }
        return sb.append(",\"o\":\"").append(m.price(m.openPrice)).append("\",\"h\":\"").append(m.price(m.highPrice))
            .append("\",\"l\":\"").append(m.price(m.lowPrice)).append("\",\"v\":\"").append(m.quantity(m.volume))
            .append("\",\"q\":\"").append(m.quoteVolume(m.quoteVolume)).append("\",\"O\":").append(openMillis)
            .append(",\"C\":").append(eventMillis).append(",\"F\":").append(m.firstTradeId).append(",\"L\":").append(m.tradeId)
            .append(",\"n\":").append(m.tradeCount).append('}').toString();
    }

    static String avgPrice(final SymbolModel m, final long eventMillis)
    {
        return "{\"e\":\"avgPrice\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"i\":\"5m\",\"w\":\""
            + m.price(m.volume == 0 ? m.lastPrice : m.quoteVolume / m.volume) + "\",\"T\":" + eventMillis + "}";
    }

    static String markPrice(final SymbolModel m, final long eventMillis)
    {
        final long mark = (m.bids.firstKey() + m.asks.firstKey()) / 2;
        final long nextFunding = eventMillis - Math.floorMod(eventMillis, 8 * 3_600_000L) + 8 * 3_600_000L;
        return "{\"e\":\"markPriceUpdate\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"p\":\"" + m.price(mark)
            + "\",\"ap\":\"" + m.price(mark) + "\",\"i\":\"" + m.price(mark) + "\",\"P\":\"" + m.price(mark)
            + "\",\"r\":\"0.00010000\",\"T\":" + nextFunding + "}";
    }

    static String forceOrder(final SymbolModel m, final long eventMillis)
    {
        final String side = m.buyerMaker ? "SELL" : "BUY";
        final String q = m.quantity(m.tradeQuantity);
        return "{\"e\":\"forceOrder\",\"E\":" + eventMillis + ",\"o\":{\"s\":\"" + m.symbol + "\",\"S\":\"" + side
            + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q + "\",\"p\":\"" + m.price(m.tradePrice) + "\",\"ap\":\""
            + m.price(m.tradePrice) + "\",\"X\":\"FILLED\",\"l\":\"" + q + "\",\"z\":\"" + q + "\",\"T\":" + eventMillis + "}}";
    }

    static String contractInfo(final SymbolModel m, final long eventMillis)
    {
        return "{\"e\":\"contractInfo\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"ps\":\"" + m.symbol
            + "\",\"ct\":\"PERPETUAL\",\"dt\":4133404800000,\"ot\":1569398400000,\"cs\":\"TRADING\",\"bks\":["
            + "{\"bs\":1,\"bnf\":0,\"bnc\":5000,\"mmr\":0.01,\"cf\":0,\"mi\":21,\"ma\":50},"
            + "{\"bs\":2,\"bnf\":5000,\"bnc\":25000,\"mmr\":0.025,\"cf\":75,\"mi\":11,\"ma\":20}]}";
    }

    static String tradingSession(final long eventMillis, final boolean equity)
    {
        final long hour = eventMillis - Math.floorMod(eventMillis, 3_600_000L);
        return "{\"e\":\"" + (equity ? "EquityUpdate" : "CommodityUpdate") + "\",\"E\":" + eventMillis + ",\"t\":" + hour
            + ",\"T\":" + (hour + 3_600_000L) + ",\"S\":\"REGULAR\"}";
    }

    static String continuousKline(final SymbolModel m, final long eventMillis)
    {
        final String kline = kline(m, eventMillis);
        final String candle = kline.substring(kline.indexOf("\"k\":{") + 4, kline.length() - 1)
            .replace(",\"s\":\"" + m.symbol + "\"", "");
        return "{\"e\":\"continuous_kline\",\"E\":" + eventMillis + ",\"ps\":\"" + m.symbol + "\",\"ct\":\"PERPETUAL\",\"k\":"
            + candle + "}";
    }

    static String rollingTicker(final SymbolModel m, final long eventMillis, final String window, final long openMillis)
    {
        final long change = m.lastPrice - m.openPrice;
        return "{\"e\":\"" + window + "Ticker\",\"E\":" + eventMillis + ",\"s\":\"" + m.symbol + "\",\"p\":\""
            + m.price(change) + "\",\"P\":\"" + SymbolModel.decimal(change * 10_000 / m.openPrice, 2) + "\",\"o\":\""
            + m.price(m.openPrice) + "\",\"h\":\"" + m.price(m.highPrice) + "\",\"l\":\"" + m.price(m.lowPrice) + "\",\"c\":\""
            + m.price(m.lastPrice) + "\",\"w\":\"" + m.price(m.volume == 0 ? m.lastPrice : m.quoteVolume / m.volume)
            + "\",\"v\":\"" + m.quantity(m.volume) + "\",\"q\":\"" + m.quoteVolume(m.quoteVolume) + "\",\"O\":" + openMillis
            + ",\"C\":" + eventMillis + ",\"F\":" + m.firstTradeId + ",\"L\":" + m.tradeId + ",\"n\":" + m.tradeCount + "}";
    }

    /** A composite index over every modelled symbol, weighted equally. */
    static String compositeIndex(final SymbolModel index, final java.util.List<SymbolModel> components, final long eventMillis)
    {
        final StringBuilder sb = new StringBuilder(300).append("{\"e\":\"compositeIndex\",\"E\":").append(eventMillis)
            .append(",\"s\":\"").append(index.symbol).append("\",\"p\":\"").append(index.price(index.lastPrice))
            .append("\",\"C\":\"baseAsset\",\"c\":[");
        for (int i = 0; i < components.size(); i++)
        {
            final SymbolModel c = components.get(i);
            sb.append(i > 0 ? "," : "").append("{\"b\":\"").append(c.symbol.replace("USDT", "")).append("\",\"q\":\"USDT\",")
                .append("\"w\":\"1.00000000\",\"W\":\"").append(SymbolModel.decimal(100_000_000L / components.size(), 8))
                .append("\",\"i\":\"").append(c.price(c.lastPrice)).append("\"}");
        }
        return sb.append("]}").toString();
    }

    /** The multi-assets-mode index of the symbol's base asset against USD. */
    static String assetIndex(final SymbolModel m, final long eventMillis)
    {
        final String price = m.price(m.lastPrice);
        return "{\"e\":\"assetIndexUpdate\",\"E\":" + eventMillis + ",\"s\":\"" + assetSymbol(m) + "\",\"i\":\"" + price
            + "\",\"b\":\"0.10000000\",\"a\":\"0.10000000\",\"B\":\"" + price + "\",\"A\":\"" + price
            + "\",\"q\":\"0.05000000\",\"g\":\"0.05000000\",\"Q\":\"" + price + "\",\"G\":\"" + price + "\"}";
    }

    /** {@code BTCUSDT} gives the asset index symbol {@code BTCUSD}. */
    static String assetSymbol(final SymbolModel m)
    {
        return m.symbol.endsWith("USDT") ? m.symbol.substring(0, m.symbol.length() - 1) : m.symbol + "USD";
    }

    static String serverShutdown(final long eventMillis)
    {
        return "{\"e\":\"serverShutdown\",\"E\":" + eventMillis + "}";
    }

    static String depthSnapshot(final SymbolModel m, final int limit, final long eventMillis)
    {
        final StringBuilder sb = new StringBuilder(limit * 48).append("{\"lastUpdateId\":").append(m.lastUpdateId);
        if (m.market == Market.USDM)
        {
            sb.append(",\"E\":").append(eventMillis).append(",\"T\":").append(eventMillis - 1);
        }
        return sb.append(",\"bids\":").append(m.levels(m.bids, limit)).append(",\"asks\":").append(m.levels(m.asks, limit))
            .append('}').toString();
    }
}
