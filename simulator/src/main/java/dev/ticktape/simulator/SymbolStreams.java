package dev.ticktape.simulator;

import dev.ticktape.core.Market;

/**
 * The names of one symbol's streams on one market, built once when the symbol is listed: the
 * model thread looks each up at every step it may push, and a name built per push (and its hash
 * computed per lookup) cost more at market scale than the pushes that found a subscriber.
 */
final class SymbolStreams
{
    final String trade;
    final String aggTrade;
    final String blockTrade;
    final String bookTicker;
    /** Partial depth by {@link Simulator#PARTIAL_LEVELS} index, then by update speed index. */
    final String[][] partialDepth;
    final String kline;
    /** Spot: the kline in UTC+8 ({@code @kline_1m@+08:00}); futures: the perpetual's continuous kline. */
    final String otherKline;
    final String miniTicker;
    final String ticker;
    final String markPrice;
    final String markPrice1s;
    final String forceOrder;
    final String avgPrice;
    final String referencePrice;
    /** Spot's rolling window tickers by {@link Simulator#WINDOWS} index. */
    final String[] rollingTicker;
    final String assetIndex;
    final String compositeIndex;
    /** Spot SBE: depth20 and best bid/ask. */
    final String depth20;
    final String bestBidAsk;

    SymbolStreams(final SymbolModel m)
    {
        final String assetSymbol = Payloads.assetSymbol(m);
        final String s = m.lowerSymbol;
        final boolean futures = m.market == Market.USDM;
        trade = s + "@trade";
        aggTrade = s + "@aggTrade";
        blockTrade = s + "@blockTrade";
        bookTicker = s + "@bookTicker";
        final String[] speeds = futures ? Simulator.USDM_DEPTH : Simulator.SPOT_DEPTH;
        partialDepth = new String[Simulator.PARTIAL_LEVELS.length][speeds.length];
        for (int l = 0; l < Simulator.PARTIAL_LEVELS.length; l++)
        {
            for (int v = 0; v < speeds.length; v++)
            {
                partialDepth[l][v] = s + "@depth" + Simulator.PARTIAL_LEVELS[l] + speeds[v];
            }
        }
        kline = s + "@kline_1m";
        otherKline = futures ? s + "_perpetual@continuousKline_1m" : s + "@kline_1m@+08:00";
        miniTicker = s + "@miniTicker";
        ticker = s + "@ticker";
        markPrice = s + "@markPrice";
        markPrice1s = s + "@markPrice@1s";
        forceOrder = s + "@forceOrder";
        avgPrice = s + "@avgPrice";
        referencePrice = s + "@referencePrice";
        rollingTicker = new String[Simulator.WINDOWS.length];
        for (int w = 0; w < rollingTicker.length; w++)
        {
            rollingTicker[w] = s + "@ticker_" + Simulator.WINDOWS[w];
        }
        assetIndex = assetSymbol.toLowerCase(java.util.Locale.ROOT) + "@assetIndex";
        compositeIndex = s + "@compositeIndex";
        depth20 = s + "@depth20";
        bestBidAsk = s + "@bestBidAsk";
    }
}
