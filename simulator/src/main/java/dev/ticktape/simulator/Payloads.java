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
