package dev.ticktape.simulator;

import dev.ticktape.core.Market;
import dev.ticktape.core.book.BookSide;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The market of one symbol: a random-walk order book whose every change has an update id, plus
 * trades. Each {@link #step} changes a few levels (one diff-depth event), sometimes trades, and
 * says whether the best bid or ask changed. Prices and quantities are integers in units of the
 * symbol's last decimal, so everything printed is exact. Deterministic for a given seed.
 * <p>
 * Spot update ids are contiguous between events ({@code U == previous u + 1}); futures ids jump
 * between events and each event carries {@code pu}, as Binance's futures streams do.
 * Not thread-safe: the simulator steps and reads it under one lock.
 */
final class SymbolModel
{
    final String symbol;
    final String lowerSymbol;
    final Market market;
    final int priceDecimals;
    final int quantityDecimals;
    private final SplittableRandom random;
    /** The book: an SBE mirror's are its spot model's own (see {@link #sbeMirror}). */
    BookSide bids = new BookSide(true, 64);
    BookSide asks = new BookSide(false, 64);
    long lastUpdateId;
    long tradeId;
    long aggregateTradeId;
    long blockTradeId;
    /** Diff-depth events so far (for the gap fault). */
    long events;

    /** Rolling statistics since the model started (the simulator's "24 h"): prices in price units. */
    long openPrice;
    long highPrice;
    long lowPrice;
    long lastPrice;
    long lastQuantity;
    long volume;
    long quoteVolume;
    long tradeCount;
    long firstTradeId;
    /** The current 1-minute candle. */
    long klineStart = -1;
    long klineOpen;
    long klineHigh;
    long klineLow;
    long klineVolume;
    long klineQuoteVolume;
    long klineTrades;
    long klineFirstTradeId;

    /** The last step's diff: first and last update id, the previous event's last id, and the changed levels. */
    long firstUpdateId;
    long previousLastUpdateId;
    List<long[]> bidChanges = new ArrayList<>();
    List<long[]> askChanges = new ArrayList<>();
    /** The last step's trade, if {@link #traded}: price, quantity, buyer is maker. */
    boolean traded;
    long tradePrice;
    long tradeQuantity;
    boolean buyerMaker;
    /** Whether the last step's trade was also a block trade (spot's {@code @blockTrade}). */
    boolean blockTraded;
    boolean topChanged;
    /** The trade id of the last liquidation pushed. */
    long forceOrderTradeId;
    /** When the symbol was listed (epoch ms): exchange information's {@code onboardDate}. */
    long onboardMillis = 1569398400000L;
    /** The names of the symbol's streams. */
    final SymbolStreams streams;
    /**
     * The chance that the symbol has a book event at a step (1: at every step): at market scale a
     * few symbols are busy and most are quiet ({@link SimulatorConfig#marketScale}).
     */
    private double activity = 1;
    /** The log of the chance of no event at a step, for drawing the gaps between events. */
    private double logQuiet;
    /** The step the symbol next has an event at, counted as {@link #step(long)} counts. */
    private long nextEventStep;
    /** Whether the last {@link #step(long)} had an event: changes, maybe a trade. */
    boolean stepped;
    /** The symbol's place among its market's, which breaks ties in the {@link StepSchedule}. */
    final long order;
    /** The spot SBE model that mirrors this spot one, stepped right after it; else null. */
    SymbolModel mirror;
    /** Whether a diff-depth window holds a step to push when it closes (the simulator's list of such symbols). */
    boolean open;

    SymbolModel(final String symbol, final Market market, final long seed, final int index)
    {
        this.symbol = symbol.toUpperCase(Locale.ROOT);
        this.lowerSymbol = symbol.toLowerCase(Locale.ROOT);
        this.market = market;
        this.order = index;
        this.random = new SplittableRandom(seed * 31 + index * 1_000_003L + market.id());
        this.priceDecimals = 2;
        this.quantityDecimals = 3;
        this.lastUpdateId = 1_000_000L * (index + 1) + random.nextInt(1000);
        this.tradeId = 500_000L * (index + 1);
        this.aggregateTradeId = 200_000L * (index + 1);
        this.blockTradeId = 1_000L * (index + 1);
        final long mid = 100_00L * (index + 1) + random.nextInt(100_00);
        for (int i = 1; i <= 50; i++)
        {
            bids.set(mid - i, quantity());
            asks.set(mid + i, quantity());
        }
        openPrice = highPrice = lowPrice = lastPrice = mid;
        firstTradeId = tradeId + 1;
        forceOrderTradeId = tradeId;
        switch (market)
        {
            case SPOT ->
            {
                window("@depth", 1000, lastUpdateId);
                window("@depth@100ms", 100, lastUpdateId);
            }
            case USDM ->
            {
                window("@depth", 250, lastUpdateId);
                window("@depth@100ms", 100, lastUpdateId);
                window("@depth@500ms", 500, lastUpdateId);
                // RPI depth: the model has no RPI orders, so it carries the same changes as the diff stream
                window("@rpiDepth@500ms", 500, lastUpdateId);
            }
            case SPOT_SBE -> window("@depth", 20, lastUpdateId);
            default -> throw new IllegalArgumentException("no model for " + market);
        }
        streams = new SymbolStreams(this);
    }

    private void window(final String suffix, final long periodMillis, final long lastUpdateId)
    {
        windows = java.util.Arrays.copyOf(windows, windows.length + 1);
        windows[windows.length - 1] = new DepthWindow(lowerSymbol + suffix, periodMillis, lastUpdateId);
    }

    /** Diff-depth streams, each aggregating steps at its update speed, in the order they were made. */
    private DepthWindow[] windows = new DepthWindow[0];

    /** @return the diff-depth windows; not to be changed. */
    DepthWindow[] windows()
    {
        return windows;
    }

    /**
     * Makes the symbol have a book event at a step with this chance (1 by default: at every step).
     *
     * @param chance the chance, above 0 and at most 1.
     */
    void activity(final double chance)
    {
        if (!(chance > 0 && chance <= 1))
        {
            throw new IllegalArgumentException("activity must be in (0, 1]: " + chance);
        }
        activity = chance;
        logQuiet = Math.log(1 - chance);
        nextEventStep = chance < 1 ? gap() : 0;
    }

    /** @return whether the symbol has an event at every step. */
    boolean busy()
    {
        return activity >= 1;
    }

    /** @return the step of the symbol's next event. */
    long nextEventStep()
    {
        return nextEventStep;
    }

    /** Steps until the next event: geometrically distributed by the activity (0: the next step). */
    private long gap()
    {
        return (long) (Math.log(1 - random.nextDouble()) / logQuiet);
    }

    /**
     * One step of the model clock: a book event (maybe with a trade) when the symbol's activity
     * says so, else nothing changes ({@link #stepped} false). The gap to a quiet symbol's next event
     * is drawn at each event, geometrically distributed ({@link StepSchedule} keeps them).
     *
     * @param step the step's number, counted from 0.
     */
    void step(final long step)
    {
        if (leader != null ? !leader.stepped : step < nextEventStep)
        {
            stepped = false;
            traded = false;
            blockTraded = false;
            topChanged = false;
            return;
        }
        stepped = true;
        if (activity < 1)
        {
            nextEventStep = step + 1 + gap();
        }
        step();
    }

    /** The spot model a spot SBE model mirrors (Binance's SBE streams are the same book, with the same ids), or null. */
    private SymbolModel leader;

    /**
     * A spot SBE model: the same book, ids and trades as the spot model, stepped by copying each of
     * its steps, so that SBE diff-depth events line up with the spot REST snapshots as on Binance.
     */
    static SymbolModel sbeMirror(final SymbolModel spot, final long seed, final int index)
    {
        final SymbolModel m = new SymbolModel(spot.symbol, Market.SPOT_SBE, seed, index);
        m.leader = spot;
        spot.mirror = m;
        // one book read by both: the mirror's steps are the spot model's, so copying them cost a second book for nothing
        m.bids = spot.bids;
        m.asks = spot.asks;
        m.bidChanges = spot.bidChanges;
        m.askChanges = spot.askChanges;
        m.lastUpdateId = spot.lastUpdateId;
        m.tradeId = spot.tradeId;
        m.aggregateTradeId = spot.aggregateTradeId;
        m.blockTradeId = spot.blockTradeId;
        m.openPrice = m.highPrice = m.lowPrice = m.lastPrice = spot.lastPrice;
        m.firstTradeId = spot.firstTradeId;
        m.windows = new DepthWindow[0];
        m.window("@depth", 20, m.lastUpdateId);
        return m;
    }

    /** One book change event, maybe a trade. */
    private void step()
    {
        if (leader != null)
        {
            mirror();
            return;
        }
        final long bestBid = bids.price(0);
        final long bestAsk = asks.price(0);
        bidChanges.clear();
        askChanges.clear();
        previousLastUpdateId = lastUpdateId;
        // Futures ids are not contiguous between events; spot ids are.
        firstUpdateId = lastUpdateId + 1 + (market == Market.USDM ? random.nextInt(4) : 0);
        lastUpdateId = firstUpdateId - 1;
        final int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++)
        {
            final boolean bid = random.nextBoolean();
            final BookSide side = bid ? bids : asks;
            final long best = bid ? bids.price(0) : asks.price(0);
            final long price = bid ? best - random.nextInt(10) + (random.nextInt(8) == 0 ? 1 : 0)
                : best + random.nextInt(10) - (random.nextInt(8) == 0 ? 1 : 0);
            final boolean crosses = bid ? price >= asks.price(0) : price <= bids.price(0);
            if (crosses)
            {
                continue;
            }
            final long quantity = side.count() > 5 && random.nextInt(4) == 0 ? 0 : quantity();
            side.set(price, quantity);
            lastUpdateId++;
            (bid ? bidChanges : askChanges).add(new long[] { price, quantity });
        }
        if (bidChanges.isEmpty() && askChanges.isEmpty())
        {
            // Always change something, so every event moves the id chain.
            final long price = bids.price(0) - 1 - random.nextInt(20);
            final long quantity = quantity();
            bids.set(price, quantity);
            lastUpdateId++;
            bidChanges.add(new long[] { price, quantity });
        }
        traded = random.nextInt(3) == 0;
        if (traded)
        {
            buyerMaker = random.nextBoolean();
            tradePrice = buyerMaker ? bids.price(0) : asks.price(0);
            tradeQuantity = 1 + random.nextInt(2_000);
            tradeId++; // trade ids are contiguous per symbol, as on Binance
            aggregateTradeId++;
        }
        blockTraded = traded && tradeId % 7 == 0;
        if (blockTraded)
        {
            blockTradeId++;
        }
        topChanged = bestBid != bids.price(0) || bestAsk != asks.price(0) || touches(bidChanges, bids.price(0))
            || touches(askChanges, asks.price(0));
    }

    /** Whether one of a side's changes is at the price. */
    private static boolean touches(final List<long[]> changes, final long price)
    {
        for (final long[] c : changes)
        {
            if (c[0] == price)
            {
                return true;
            }
        }
        return false;
    }

    /** Takes the spot model's last step (it steps first; the book and its changes are shared): its ids and trade. */
    private void mirror()
    {
        previousLastUpdateId = leader.previousLastUpdateId;
        firstUpdateId = leader.firstUpdateId;
        lastUpdateId = leader.lastUpdateId;
        traded = leader.traded;
        buyerMaker = leader.buyerMaker;
        tradePrice = leader.tradePrice;
        tradeQuantity = leader.tradeQuantity;
        tradeId = leader.tradeId;
        aggregateTradeId = leader.aggregateTradeId;
        blockTraded = leader.blockTraded;
        blockTradeId = leader.blockTradeId;
        topChanged = leader.topChanged;
    }

    /** Folds the last step's trade into the rolling statistics and the 1-minute candle at {@code eventMillis}. */
    void updateStatistics(final long eventMillis)
    {
        rollMinute(eventMillis);
        if (traded)
        {
            lastPrice = tradePrice;
            lastQuantity = tradeQuantity;
            highPrice = Math.max(highPrice, tradePrice);
            lowPrice = Math.min(lowPrice, tradePrice);
            volume += tradeQuantity;
            quoteVolume += tradePrice * tradeQuantity;
            tradeCount++;
            klineHigh = Math.max(klineHigh, tradePrice);
            klineLow = Math.min(klineLow, tradePrice);
            klineVolume += tradeQuantity;
            klineQuoteVolume += tradePrice * tradeQuantity;
            klineTrades++;
        }
    }

    /** Starts a new 1-minute candle when {@code eventMillis} is in a later minute than the current one's. */
    void rollMinute(final long eventMillis)
    {
        final long minute = eventMillis - Math.floorMod(eventMillis, 60_000L);
        if (minute != klineStart)
        {
            klineStart = minute;
            klineOpen = klineHigh = klineLow = lastPrice;
            klineVolume = klineQuoteVolume = klineTrades = 0;
            klineFirstTradeId = tradeId + 1;
        }
    }

    String quoteVolume(final long units)
    {
        return decimal(units, priceDecimals + quantityDecimals);
    }

    String price(final long units)
    {
        return decimal(units, priceDecimals);
    }

    String quantity(final long units)
    {
        return decimal(units, quantityDecimals);
    }

    /** The top {@code limit} levels of a side as JSON {@code [["p","q"],...]}. */
    String levels(final BookSide side, final int limit)
    {
        final StringBuilder sb = new StringBuilder(limit * 24).append('[');
        for (int i = 0; i < Math.min(limit, side.count()); i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            sb.append("[\"").append(price(side.price(i))).append("\",\"").append(quantity(side.quantity(i))).append("\"]");
        }
        return sb.append(']').toString();
    }

    private long quantity()
    {
        return 1 + random.nextInt(50_000);
    }

    static String decimal(final long units, final int decimals)
    {
        final StringBuilder sb = new StringBuilder(Long.toString(Math.abs(units)));
        while (sb.length() <= decimals)
        {
            sb.insert(0, '0');
        }
        if (decimals > 0)
        {
            sb.insert(sb.length() - decimals, '.');
        }
        return units < 0 ? sb.insert(0, '-').toString() : sb.toString();
    }
}
