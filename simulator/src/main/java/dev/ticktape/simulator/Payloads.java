package dev.ticktape.simulator;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.Endpoints;

/**
 * Binance's JSON payloads for the model's last step, in each market's form (the field sets and
 * order of the reference kit's examples).
 */
final class Payloads
{
    private Payloads()
    {
    }

    /**
     * A payload's event time and the unit its times are printed in: scale 1 for milliseconds, 1000
     * for microseconds (a spot connection opened with {@code timeUnit=MICROSECOND}).
     */
    record Stamp(long millis, int scale)
    {
        /** @return the event time in the payload's unit. */
        long event()
        {
            return millis * scale;
        }

        /** @return a time given in milliseconds, in the payload's unit. */
        long at(final long timeMillis)
        {
            return timeMillis * scale;
        }

        static Stamp millis(final long millis)
        {
            return new Stamp(millis, 1);
        }
    }

    /** A diff-depth event: the window's changes, first and last update ids (futures: and {@code pu}). */
    static String depthUpdate(final SymbolModel m, final DepthWindow w, final Stamp t)
    {
        final StringBuilder sb = new StringBuilder(256).append("{\"e\":\"depthUpdate\",\"E\":").append(t.event());
        if (m.market == Market.USDM)
        {
            sb.append(",\"T\":").append(t.at(t.millis() - 1));
        }
        sb.append(",\"s\":\"").append(m.symbol).append("\",\"U\":").append(w.firstUpdateId).append(",\"u\":").append(w.lastUpdateId);
        if (m.market == Market.USDM)
        {
            sb.append(",\"pu\":").append(w.previousLastUpdateId);
        }
        return sb.append(",\"b\":").append(DepthWindow.changes(w.bids, m))
            .append(",\"a\":").append(DepthWindow.changes(w.asks, m)).append('}').toString();
    }

    static String trade(final SymbolModel m, final Stamp t)
    {
        return "{\"e\":\"trade\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"t\":" + m.tradeId + ",\"p\":\""
            + m.price(m.tradePrice) + "\",\"q\":\"" + m.quantity(m.tradeQuantity) + "\",\"T\":" + t.event() + ",\"m\":"
            + m.buyerMaker + ",\"M\":true}";
    }

    /** A block trade (spot), taken from the model's last trade. */
    static String blockTrade(final SymbolModel m, final Stamp t)
    {
        return "{\"e\":\"blockTrade\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"t\":" + m.blockTradeId + ",\"p\":\""
            + m.price(m.tradePrice) + "\",\"q\":\"" + m.quantity(m.tradeQuantity) + "\",\"T\":" + t.at(t.millis() - 1) + ",\"m\":"
            + m.buyerMaker + "}";
    }

    /** The spot reference price (no event time; {@code t} is when the price was valid). */
    static String referencePrice(final SymbolModel m, final Stamp t)
    {
        return "{\"e\":\"referencePrice\",\"s\":\"" + m.symbol + "\",\"r\":\"" + m.price(m.lastPrice) + "\",\"t\":"
            + t.at(t.millis() - 1) + "}";
    }

    /**
     * User-data events for a listen key: spot's {@code outboundAccountPosition} and
     * {@code balanceUpdate}, futures' {@code ACCOUNT_UPDATE}; {@code n} numbers them so balances move.
     */
    static String[] accountEvents(final Market market, final long n, final Stamp t)
    {
        final String balance = SymbolModel.decimal(1_000_000_000L + n * 12_345L, 8);
        if (market == Market.USDM)
        {
            return new String[] { "{\"e\":\"ACCOUNT_UPDATE\",\"E\":" + t.event() + ",\"T\":" + t.at(t.millis() - 1)
                + ",\"a\":{\"m\":\"FUNDING_FEE\",\"B\":[{\"a\":\"USDT\",\"wb\":\"" + balance + "\",\"cw\":\"" + balance
                + "\",\"bc\":\"0.12345000\"}],\"P\":[]}}" };
        }
        return new String[] {
            "{\"e\":\"balanceUpdate\",\"E\":" + t.event() + ",\"a\":\"USDT\",\"d\":\"0.12345000\",\"T\":"
                + t.at(t.millis() - 1) + "}",
            "{\"e\":\"outboundAccountPosition\",\"E\":" + t.event() + ",\"u\":" + t.at(t.millis() - 1)
                + ",\"B\":[{\"a\":\"USDT\",\"f\":\"" + balance + "\",\"l\":\"0.00000000\"}]}" };
    }

    /** Sent on a user-data stream whose listen key was not kept alive. */
    static String listenKeyExpired(final String listenKey, final Stamp t)
    {
        return "{\"e\":\"listenKeyExpired\",\"E\":" + t.event() + ",\"listenKey\":\"" + listenKey + "\"}";
    }

    static String aggTrade(final SymbolModel m, final Stamp t)
    {
        final String q = m.quantity(m.tradeQuantity);
        final StringBuilder sb = new StringBuilder(200).append("{\"e\":\"aggTrade\",\"E\":").append(t.event())
            .append(",\"s\":\"").append(m.symbol).append("\",\"a\":").append(m.aggregateTradeId)
            .append(",\"p\":\"").append(m.price(m.tradePrice)).append("\",\"q\":\"").append(q).append('"');
        if (m.market == Market.USDM)
        {
            sb.append(",\"nq\":\"").append(q).append('"');
        }
        sb.append(",\"f\":").append(m.tradeId).append(",\"l\":").append(m.tradeId).append(",\"T\":").append(t.event())
            .append(",\"m\":").append(m.buyerMaker);
        if (m.market != Market.USDM)
        {
            sb.append(",\"M\":true");
        }
        return sb.append('}').toString();
    }

    static String bookTicker(final SymbolModel m, final Stamp t)
    {
        final long bid = m.bids.price(0);
        final long ask = m.asks.price(0);
        final String top = ",\"s\":\"" + m.symbol + "\",\"b\":\"" + m.price(bid) + "\",\"B\":\"" + m.quantity(m.bids.quantity(0))
            + "\",\"a\":\"" + m.price(ask) + "\",\"A\":\"" + m.quantity(m.asks.quantity(0)) + "\"}";
        if (m.market == Market.USDM)
        {
            return "{\"e\":\"bookTicker\",\"u\":" + m.lastUpdateId + ",\"E\":" + t.event() + ",\"T\":" + t.at(t.millis() - 1) + top;
        }
        return "{\"u\":" + m.lastUpdateId + top;
    }

    /** Partial depth: spot's bare {@code lastUpdateId} form, futures' {@code depthUpdate} form with the top levels. */
    static String partialDepth(final SymbolModel m, final int levels, final Stamp t)
    {
        if (m.market == Market.USDM)
        {
            return "{\"e\":\"depthUpdate\",\"E\":" + t.event() + ",\"T\":" + t.at(t.millis() - 1) + ",\"s\":\"" + m.symbol
                + "\",\"U\":" + m.firstUpdateId + ",\"u\":" + m.lastUpdateId + ",\"pu\":" + m.previousLastUpdateId
                + ",\"b\":" + m.levels(m.bids, levels) + ",\"a\":" + m.levels(m.asks, levels) + "}";
        }
        return "{\"lastUpdateId\":" + m.lastUpdateId + ",\"bids\":" + m.levels(m.bids, levels) + ",\"asks\":"
            + m.levels(m.asks, levels) + "}";
    }

    static String kline(final SymbolModel m, final Stamp t)
    {
        return "{\"e\":\"kline\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"k\":{\"t\":" + t.at(m.klineStart)
            + ",\"T\":" + t.at(m.klineStart + 59_999) + ",\"s\":\"" + m.symbol + "\",\"i\":\"1m\",\"f\":" + m.klineFirstTradeId
            + ",\"L\":" + m.tradeId + ",\"o\":\"" + m.price(m.klineOpen) + "\",\"c\":\"" + m.price(m.lastPrice) + "\",\"h\":\""
            + m.price(m.klineHigh) + "\",\"l\":\"" + m.price(m.klineLow) + "\",\"v\":\"" + m.quantity(m.klineVolume)
            + "\",\"n\":" + m.klineTrades + ",\"x\":" + (t.millis() >= m.klineStart + 59_999) + ",\"q\":\""
            + m.quoteVolume(m.klineQuoteVolume) + "\",\"V\":\"" + m.quantity(m.klineVolume / 2) + "\",\"Q\":\""
            + m.quoteVolume(m.klineQuoteVolume / 2) + "\",\"B\":\"0\"}}";
    }

    static String miniTicker(final SymbolModel m, final Stamp t)
    {
        return "{\"e\":\"24hrMiniTicker\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"c\":\""
            + m.price(m.lastPrice) + "\",\"o\":\"" + m.price(m.openPrice) + "\",\"h\":\"" + m.price(m.highPrice)
            + "\",\"l\":\"" + m.price(m.lowPrice) + "\",\"v\":\"" + m.quantity(m.volume) + "\",\"q\":\""
            + m.quoteVolume(m.quoteVolume) + "\"}";
    }

    static String ticker(final SymbolModel m, final Stamp t, final long openMillis)
    {
        final long change = m.lastPrice - m.openPrice;
        final StringBuilder sb = new StringBuilder(400).append("{\"e\":\"24hrTicker\",\"E\":").append(t.event())
            .append(",\"s\":\"").append(m.symbol).append("\",\"p\":\"").append(m.price(change)).append("\",\"P\":\"")
            .append(SymbolModel.decimal(change * 10_000 / m.openPrice, 2)).append("\",\"w\":\"")
            .append(m.price(m.volume == 0 ? m.lastPrice : m.quoteVolume / m.volume)).append('"');
        if (m.market != Market.USDM)
        {
            final long bid = m.bids.price(0);
            final long ask = m.asks.price(0);
            sb.append(",\"x\":\"").append(m.price(m.openPrice)).append("\",\"c\":\"").append(m.price(m.lastPrice))
                .append("\",\"Q\":\"").append(m.quantity(m.lastQuantity)).append("\",\"b\":\"").append(m.price(bid))
                .append("\",\"B\":\"").append(m.quantity(m.bids.quantity(0))).append("\",\"a\":\"").append(m.price(ask))
                .append("\",\"A\":\"").append(m.quantity(m.asks.quantity(0))).append('"');
        }
        else
        {
            sb.append(",\"c\":\"").append(m.price(m.lastPrice)).append("\",\"Q\":\"").append(m.quantity(m.lastQuantity)).append('"');
        }
        return sb.append(",\"o\":\"").append(m.price(m.openPrice)).append("\",\"h\":\"").append(m.price(m.highPrice))
            .append("\",\"l\":\"").append(m.price(m.lowPrice)).append("\",\"v\":\"").append(m.quantity(m.volume))
            .append("\",\"q\":\"").append(m.quoteVolume(m.quoteVolume)).append("\",\"O\":").append(t.at(openMillis))
            .append(",\"C\":").append(t.event()).append(",\"F\":").append(m.firstTradeId).append(",\"L\":").append(m.tradeId)
            .append(",\"n\":").append(m.tradeCount).append('}').toString();
    }

    static String avgPrice(final SymbolModel m, final Stamp t)
    {
        return "{\"e\":\"avgPrice\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"i\":\"5m\",\"w\":\""
            + m.price(m.volume == 0 ? m.lastPrice : m.quoteVolume / m.volume) + "\",\"T\":" + t.event() + "}";
    }

    static String markPrice(final SymbolModel m, final Stamp t)
    {
        final long mark = (m.bids.price(0) + m.asks.price(0)) / 2;
        final long nextFunding = t.millis() - Math.floorMod(t.millis(), 8 * 3_600_000L) + 8 * 3_600_000L;
        return "{\"e\":\"markPriceUpdate\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"p\":\"" + m.price(mark)
            + "\",\"ap\":\"" + m.price(mark) + "\",\"i\":\"" + m.price(mark) + "\",\"P\":\"" + m.price(mark)
            + "\",\"r\":\"0.00010000\",\"T\":" + nextFunding + "}";
    }

    static String forceOrder(final SymbolModel m, final Stamp t)
    {
        final String side = m.buyerMaker ? "SELL" : "BUY";
        final String q = m.quantity(m.tradeQuantity);
        return "{\"e\":\"forceOrder\",\"E\":" + t.event() + ",\"o\":{\"s\":\"" + m.symbol + "\",\"S\":\"" + side
            + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + q + "\",\"p\":\"" + m.price(m.tradePrice) + "\",\"ap\":\""
            + m.price(m.tradePrice) + "\",\"X\":\"FILLED\",\"l\":\"" + q + "\",\"z\":\"" + q + "\",\"T\":" + t.event() + "}}";
    }

    /** A bracket update of a trading contract. */
    static String contractInfo(final SymbolModel m, final Stamp t)
    {
        return contractInfo(m, t, "TRADING", MarketUniverse.deliveryMillis(m.symbol));
    }

    /**
     * A contract's information: at a bracket update or a listing (status TRADING, with its brackets)
     * or as it ends (SETTLING, its delivery time now, as Binance moves a delisted perpetual's).
     */
    static String contractInfo(final SymbolModel m, final Stamp t, final String status, final long deliveryMillis)
    {
        final String ct = MarketUniverse.contractType(m.symbol, MarketUniverse.day(t.millis()));
        return "{\"e\":\"contractInfo\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"ps\":\""
            + MarketUniverse.pairOf(m.symbol) + "\",\"ct\":\"" + ct + "\",\"dt\":" + deliveryMillis + ",\"ot\":" + m.onboardMillis
            + ",\"cs\":\"" + status + "\"" + (status.equals("TRADING") ? ",\"bks\":["
            + "{\"bs\":1,\"bnf\":0,\"bnc\":5000,\"mmr\":0.01,\"cf\":0,\"mi\":21,\"ma\":50},"
            + "{\"bs\":2,\"bnf\":5000,\"bnc\":25000,\"mmr\":0.025,\"cf\":75,\"mi\":11,\"ma\":20}]" : "") + "}";
    }

    static String tradingSession(final Stamp t, final boolean equity)
    {
        final long hour = t.millis() - Math.floorMod(t.millis(), 3_600_000L);
        return "{\"e\":\"" + (equity ? "EquityUpdate" : "CommodityUpdate") + "\",\"E\":" + t.event() + ",\"t\":" + hour
            + ",\"T\":" + (hour + 3_600_000L) + ",\"S\":\"REGULAR\"}";
    }

    static String continuousKline(final SymbolModel m, final Stamp t)
    {
        final String kline = kline(m, t);
        final String candle = kline.substring(kline.indexOf("\"k\":{") + 4, kline.length() - 1)
            .replace(",\"s\":\"" + m.symbol + "\"", "");
        return "{\"e\":\"continuous_kline\",\"E\":" + t.event() + ",\"ps\":\"" + m.symbol + "\",\"ct\":\"PERPETUAL\",\"k\":"
            + candle + "}";
    }

    static String rollingTicker(final SymbolModel m, final Stamp t, final String window, final long openMillis)
    {
        final long change = m.lastPrice - m.openPrice;
        return "{\"e\":\"" + window + "Ticker\",\"E\":" + t.event() + ",\"s\":\"" + m.symbol + "\",\"p\":\""
            + m.price(change) + "\",\"P\":\"" + SymbolModel.decimal(change * 10_000 / m.openPrice, 2) + "\",\"o\":\""
            + m.price(m.openPrice) + "\",\"h\":\"" + m.price(m.highPrice) + "\",\"l\":\"" + m.price(m.lowPrice) + "\",\"c\":\""
            + m.price(m.lastPrice) + "\",\"w\":\"" + m.price(m.volume == 0 ? m.lastPrice : m.quoteVolume / m.volume)
            + "\",\"v\":\"" + m.quantity(m.volume) + "\",\"q\":\"" + m.quoteVolume(m.quoteVolume) + "\",\"O\":" + t.at(openMillis)
            + ",\"C\":" + t.event() + ",\"F\":" + m.firstTradeId + ",\"L\":" + m.tradeId + ",\"n\":" + m.tradeCount + "}";
    }

    /** A composite index over every modelled symbol, weighted equally. */
    static String compositeIndex(final SymbolModel index, final java.util.List<SymbolModel> components, final Stamp t)
    {
        final StringBuilder sb = new StringBuilder(300).append("{\"e\":\"compositeIndex\",\"E\":").append(t.event())
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
    static String assetIndex(final SymbolModel m, final Stamp t)
    {
        final String price = m.price(m.lastPrice);
        return "{\"e\":\"assetIndexUpdate\",\"E\":" + t.event() + ",\"s\":\"" + assetSymbol(m) + "\",\"i\":\"" + price
            + "\",\"b\":\"0.10000000\",\"a\":\"0.10000000\",\"B\":\"" + price + "\",\"A\":\"" + price
            + "\",\"q\":\"0.05000000\",\"g\":\"0.05000000\",\"Q\":\"" + price + "\",\"G\":\"" + price + "\"}";
    }

    /** {@code BTCUSDT} gives the asset index symbol {@code BTCUSD}. */
    static String assetSymbol(final SymbolModel m)
    {
        return m.symbol.endsWith("USDT") ? m.symbol.substring(0, m.symbol.length() - 1) : m.symbol + "USD";
    }

    static String serverShutdown(final Stamp t)
    {
        return "{\"e\":\"serverShutdown\",\"E\":" + t.event() + "}";
    }

    /**
     * Exchange information in Binance's shape (the reference kit's examples, trimmed to what the
     * simulator knows): every symbol of the market trading, its assets (the quote asset its name ends
     * with, {@link MarketUniverse}), futures' pair, contract type and delivery date (a quarterly's
     * from its name), precisions and the price and lot filters of its book.
     */
    static String exchangeInfo(final Market market, final java.util.List<SymbolModel> symbols, final long serverMillis)
    {
        final boolean futures = market == Market.USDM;
        final java.time.LocalDate today = MarketUniverse.day(serverMillis);
        final StringBuilder sb = new StringBuilder(256 + 640 * symbols.size()).append("{\"timezone\":\"UTC\",\"serverTime\":")
            .append(serverMillis).append(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",")
            .append("\"intervalNum\":1,\"limit\":").append(Endpoints.weightPerMinute(market)).append("}],\"exchangeFilters\":[],\"symbols\":[");
        for (int i = 0; i < symbols.size(); i++)
        {
            final SymbolModel m = symbols.get(i);
            final String quote = MarketUniverse.quoteAsset(m.symbol);
            final String base = MarketUniverse.baseAsset(m.symbol);
            final String tick = java.math.BigDecimal.ONE.movePointLeft(m.priceDecimals).toPlainString();
            final String step = java.math.BigDecimal.ONE.movePointLeft(m.quantityDecimals).toPlainString();
            sb.append(i > 0 ? "," : "").append("{\"symbol\":\"").append(m.symbol).append('"');
            if (futures)
            {
                sb.append(",\"pair\":\"").append(MarketUniverse.pairOf(m.symbol)).append("\",\"contractType\":\"")
                    .append(MarketUniverse.contractType(m.symbol, today)).append("\",\"deliveryDate\":")
                    .append(MarketUniverse.deliveryMillis(m.symbol)).append(",\"onboardDate\":").append(m.onboardMillis);
            }
            sb.append(",\"status\":\"TRADING\",\"baseAsset\":\"").append(base).append("\",\"quoteAsset\":\"").append(quote).append('"');
            if (futures)
            {
                sb.append(",\"marginAsset\":\"").append(quote).append("\",\"pricePrecision\":").append(m.priceDecimals)
                    .append(",\"quantityPrecision\":").append(m.quantityDecimals);
            }
            sb.append(",\"baseAssetPrecision\":8,\"quotePrecision\":8,\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"")
                .append(tick).append("\",\"maxPrice\":\"1000000\",\"tickSize\":\"").append(tick)
                .append("\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"").append(step).append("\",\"maxQty\":\"9000000\",\"stepSize\":\"")
                .append(step).append("\"}]}");
        }
        return sb.append("]}").toString();
    }

    static String depthSnapshot(final SymbolModel m, final int limit, final Stamp t)
    {
        final StringBuilder sb = new StringBuilder(limit * 48).append("{\"lastUpdateId\":").append(m.lastUpdateId);
        if (m.market == Market.USDM)
        {
            sb.append(",\"E\":").append(t.event()).append(",\"T\":").append(t.at(t.millis() - 1));
        }
        return sb.append(",\"bids\":").append(m.levels(m.bids, limit)).append(",\"asks\":").append(m.levels(m.asks, limit))
            .append('}').toString();
    }
}
