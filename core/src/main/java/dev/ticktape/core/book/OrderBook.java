package dev.ticktape.core.book;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.PriceLevels;

/**
 * A local order book for one symbol, kept from a REST depth snapshot plus diff-depth events by
 * Binance's documented procedure ({@code local-order-book.md} of the protocol kit):
 * <ul>
 *   <li>{@link Procedure#SPOT} (spot JSON and SBE): diffs received before the snapshot are buffered;
 *       events with {@code u <= lastUpdateId} are dropped and the first one applied must satisfy
 *       {@code U <= lastUpdateId + 1 <= u} (else the snapshot is refused as too old or misaligned);
 *       afterwards an event with {@code u < id} is stale and ignored, one with {@code U > id + 1} is a gap.</li>
 *   <li>{@link Procedure#USDM}: events with {@code u < lastUpdateId} are dropped, the first applied
 *       must satisfy {@code U <= lastUpdateId <= u} (or {@code pu <= lastUpdateId < U}: the snapshot
 *       falls between two events), and every later event's {@code pu} must equal the previous event's
 *       {@code u}; an event with {@code u <= id} (a duplicate) is ignored.</li>
 * </ul>
 * The first-event rule holds in both orders of arrival: for buffered events when the snapshot comes
 * after them, and for the next event when the snapshot comes first. Buffered events are held to the
 * chain rule among themselves, so a hole is a gap when it arrives, in sync or not. Quantities are
 * absolute; zero removes a level, and removing an absent level is normal. On a gap the book is
 * cleared, the gap reported, and it waits for the next snapshot rather than serving a wrong book; a
 * refused snapshot is reported apart ({@link BookListener#onSnapshotRefused}): the data has no hole,
 * the snapshot was just too old for it. Prices and quantities are exact mantissas at the book's scales; reading them
 * allocates nothing. Not thread-safe.
 */
public final class OrderBook
{
    /** Which of Binance's two procedures the book follows. */
    public enum Procedure
    {
        /** Spot (JSON and SBE diffs): {@code U == previous u + 1}. */
        SPOT,
        /** USDⓈ-M futures: {@code pu == previous u}. */
        USDM
    }

    /** Gap reason (spot): an event's {@code U} skipped past {@code id + 1}. */
    public static final String GAP = "update ids skipped: an event is missing";
    /** Gap reason (spot): the snapshot is older than the first buffered event; fetch a newer one. */
    public static final String SNAPSHOT_TOO_OLD = "snapshot is older than the first buffered update";
    /** Gap reason: the first buffered event after the snapshot does not contain it; fetch a new snapshot. */
    public static final String SNAPSHOT_MISALIGNED = "first update after the snapshot does not straddle it";
    /** Gap reason (futures): an event's {@code pu} is not the previous event's {@code u}. */
    public static final String CHAIN_BROKEN = "pu does not match the previous event's u";


    private final String symbol;
    private final Market market;
    private final String stream;
    private final Procedure procedure;
    private final BookListener listener;
    private final BookSide bids = new BookSide(true);
    private final BookSide asks = new BookSide(false);
    private final PendingDiffs pending;
    private boolean synced;
    /** In sync from a snapshot, no event applied since: the next one must straddle the snapshot. */
    private boolean awaitingFirst;
    private long refusedSnapshots;
    private long lastUpdateId = -1;
    private int priceScale;
    private int quantityScale;
    private long gaps;
    private long staleEvents;

    /**
     * @param symbol     the symbol, for the listener and for people.
     * @param procedure  spot or futures rules.
     * @param listener   hears updates and gaps.
     * @param maxPending how many diffs to hold while waiting for a snapshot.
     */
    public OrderBook(final String symbol, final Procedure procedure, final BookListener listener, final int maxPending)
    {
        this(symbol, procedure == Procedure.USDM ? Market.USDM : Market.SPOT, "", listener, maxPending);
    }

    /**
     * A book kept from one diff-depth stream, as {@link OrderBooks} keeps them: Binance's rules hold
     * per stream (a futures event's {@code pu} names the previous event of the same stream).
     *
     * @param symbol     the symbol, for the listener and for people.
     * @param market     the market the stream is on (spot SBE streams are books of their own).
     * @param stream     the diff-depth stream's name ({@code btcusdt@depth@100ms}), or "" for none.
     * @param listener   hears updates and gaps.
     * @param maxPending how many diffs to hold while waiting for a snapshot.
     */
    public OrderBook(final String symbol, final Market market, final String stream, final BookListener listener, final int maxPending)
    {
        this.symbol = symbol;
        this.market = market;
        this.stream = stream;
        this.procedure = market == Market.USDM ? Procedure.USDM : Procedure.SPOT;
        this.listener = listener;
        this.pending = new PendingDiffs(maxPending);
    }

    /**
     * Loads a REST snapshot when the book waits for one (a book in sync ignores it). Buffered events
     * the snapshot covers are dropped; the first one left must straddle it, else the snapshot is
     * refused ({@link BookListener#onSnapshotRefused}) and the book waits for a newer one. With no
     * buffered event left (the snapshot arrived after every event so far), the book is in sync and
     * the next event must straddle the snapshot instead: either order of arrival syncs.
     *
     * @param snapshotId the snapshot's {@code lastUpdateId}.
     * @param bidLevels  bids, best first.
     * @param askLevels  asks, best first.
     */
    public void onSnapshot(final long snapshotId, final PriceLevels bidLevels, final PriceLevels askLevels)
    {
        if (synced)
        {
            return;
        }
        final boolean spot = procedure == Procedure.SPOT;
        while (pending.size() > 0 && coveredBy(pending.first().lastId, snapshotId))
        {
            pending.removeFirst();
        }
        if (pending.size() > 0)
        {
            final PendingDiffs.Diff first = pending.first();
            if (!straddles(first.firstId, first.lastId, first.previousLastId, snapshotId))
            {
                refusedSnapshots++;
                listener.onSnapshotRefused(this, snapshotId, first.firstId,
                    spot && snapshotId + 1 < first.firstId ? SNAPSHOT_TOO_OLD : SNAPSHOT_MISALIGNED);
                return;
            }
        }
        bids.clear();
        asks.clear();
        priceScale = 0;
        quantityScale = 0;
        for (int i = 0; i < bidLevels.count(); i++)
        {
            bids.set(price(bidLevels.priceMantissa(i), bidLevels.priceScale(i)),
                quantity(bidLevels.quantityMantissa(i), bidLevels.quantityScale(i)));
        }
        for (int i = 0; i < askLevels.count(); i++)
        {
            asks.set(price(askLevels.priceMantissa(i), askLevels.priceScale(i)),
                quantity(askLevels.quantityMantissa(i), askLevels.quantityScale(i)));
        }
        lastUpdateId = snapshotId;
        synced = true;
        awaitingFirst = true;
        while (pending.size() > 0)
        {
            final PendingDiffs.Diff d = pending.first();
            if (apply(d.firstId, d.lastId, d.previousLastId, d.bids, null, d.asks, null) == GAPPED)
            {
                return; // reported; this event and the rest stay buffered for the next snapshot
            }
            pending.removeFirst();
        }
        listener.onBookUpdated(this);
    }

    /** Whether an event ending at {@code lastId} is already in a snapshot (spot: {@code u <= id}; futures: {@code u < id}). */
    private boolean coveredBy(final long lastId, final long snapshotId)
    {
        return procedure == Procedure.SPOT ? lastId <= snapshotId : lastId < snapshotId;
    }

    /**
     * Whether the first event applied after a snapshot lines up with it: spot {@code U <= id + 1 <= u};
     * futures {@code U <= id <= u}, or {@code pu <= id < U} (the snapshot falls between this event and
     * the one before it, so no update lies between them).
     */
    private boolean straddles(final long firstId, final long lastId, final long previousLastId, final long snapshotId)
    {
        if (procedure == Procedure.SPOT)
        {
            return firstId <= snapshotId + 1 && snapshotId + 1 <= lastId;
        }
        return firstId <= snapshotId && snapshotId <= lastId
            || previousLastId >= 0 && previousLastId <= snapshotId && snapshotId < firstId;
    }

    /**
     * Applies a diff-depth event, or buffers it while the book waits for a snapshot. Buffered events
     * are held to the same chain rule as applied ones: a break between two of them is a gap at once
     * (the ones before it are dropped), so every hole in the diff stream is reported exactly once,
     * whether the book was in sync or not when it came.
     *
     * @param firstId        {@code U}.
     * @param lastId         {@code u}.
     * @param previousLastId {@code pu} (futures), or -1.
     * @param bidLevels      bid changes.
     * @param askLevels      ask changes.
     */
    public void onDiff(final long firstId, final long lastId, final long previousLastId, final PriceLevels bidLevels,
        final PriceLevels askLevels)
    {
        if (!synced)
        {
            if (pending.size() > 0)
            {
                final PendingDiffs.Diff last = pending.last();
                if (lastId <= last.lastId)
                {
                    staleEvents++; // a duplicate of a buffered event
                    return;
                }
                if (procedure == Procedure.SPOT ? firstId > last.lastId + 1 : previousLastId >= 0 && previousLastId != last.lastId)
                {
                    pending.clear();
                    chainBroken(last.lastId, firstId, previousLastId);
                }
            }
            pending.add(firstId, lastId, previousLastId, bidLevels, askLevels);
            return;
        }
        final int outcome = apply(firstId, lastId, previousLastId, null, bidLevels, null, askLevels);
        if (outcome == APPLIED)
        {
            listener.onBookUpdated(this);
        }
        else if (outcome == GAPPED)
        {
            pending.add(firstId, lastId, previousLastId, bidLevels, askLevels);
        }
    }

    private static final int APPLIED = 0;
    private static final int STALE = 1;
    private static final int GAPPED = 2;

    /** @return {@link #APPLIED}, {@link #STALE} (already covered, ignored) or {@link #GAPPED} (reported; the book waits). */
    private int apply(final long firstId, final long lastId, final long previousLastId,
        final PendingDiffs.Levels bufferedBids, final PriceLevels liveBids,
        final PendingDiffs.Levels bufferedAsks, final PriceLevels liveAsks)
    {
        if (awaitingFirst)
        {
            // The first event after the snapshot: Binance's straddle rule, not the chain rule.
            if (coveredBy(lastId, lastUpdateId))
            {
                staleEvents++;
                return STALE;
            }
            if (!straddles(firstId, lastId, previousLastId, lastUpdateId))
            {
                chainBroken(lastUpdateId, firstId, previousLastId);
                return GAPPED;
            }
            awaitingFirst = false;
        }
        else if (procedure == Procedure.SPOT)
        {
            if (lastId < lastUpdateId)
            {
                staleEvents++;
                return STALE;
            }
            if (firstId > lastUpdateId + 1)
            {
                chainBroken(lastUpdateId, firstId, previousLastId);
                return GAPPED;
            }
        }
        else
        {
            if (lastId <= lastUpdateId)
            {
                staleEvents++;
                return STALE;
            }
            if (previousLastId != lastUpdateId)
            {
                chainBroken(lastUpdateId, firstId, previousLastId);
                return GAPPED;
            }
        }
        if (bufferedBids != null)
        {
            applyBuffered(bids, bufferedBids);
            applyBuffered(asks, bufferedAsks);
        }
        else
        {
            applyLive(bids, liveBids);
            applyLive(asks, liveAsks);
        }
        lastUpdateId = lastId;
        return APPLIED;
    }

    private void applyLive(final BookSide side, final PriceLevels levels)
    {
        for (int i = 0; i < levels.count(); i++)
        {
            side.set(price(levels.priceMantissa(i), levels.priceScale(i)),
                quantity(levels.quantityMantissa(i), levels.quantityScale(i)));
        }
    }

    private void applyBuffered(final BookSide side, final PendingDiffs.Levels levels)
    {
        for (int i = 0; i < levels.count; i++)
        {
            side.set(price(levels.priceMantissa[i], levels.priceScale[i]),
                quantity(levels.quantityMantissa[i], levels.quantityScale[i]));
        }
    }

    /**
     * The event ({@code U}, {@code pu}) does not follow the one that ended at {@code after}: spot
     * expected {@code after + 1} and got {@code U}; futures expected {@code pu == after}.
     */
    private void chainBroken(final long after, final long firstId, final long previousLastId)
    {
        if (procedure == Procedure.SPOT)
        {
            gap(after + 1, firstId, GAP);
        }
        else
        {
            gap(after, previousLastId, CHAIN_BROKEN);
        }
    }

    private void gap(final long expected, final long actual, final String reason)
    {
        gaps++;
        synced = false;
        awaitingFirst = false;
        bids.clear();
        asks.clear();
        listener.onBookGap(this, expected, actual, reason);
    }

    /** A price mantissa at the book's scale, growing the scale (and rescaling the book) when needed. */
    private long price(final long mantissa, final int scale)
    {
        if (scale > priceScale)
        {
            final long factor = Decimal.powerOfTen(scale - priceScale);
            bids.rescale(factor, 1);
            asks.rescale(factor, 1);
            priceScale = scale;
        }
        return scale == priceScale ? mantissa : Math.multiplyExact(mantissa, Decimal.powerOfTen(priceScale - scale));
    }

    private long quantity(final long mantissa, final int scale)
    {
        if (scale > quantityScale)
        {
            final long factor = Decimal.powerOfTen(scale - quantityScale);
            bids.rescale(1, factor);
            asks.rescale(1, factor);
            quantityScale = scale;
        }
        return scale == quantityScale ? mantissa : Math.multiplyExact(mantissa, Decimal.powerOfTen(quantityScale - scale));
    }

    /** @return the symbol. */
    public String symbol()
    {
        return symbol;
    }

    /** @return the market of the stream the book is kept from. */
    public Market market()
    {
        return market;
    }

    /** @return the diff-depth stream the book is kept from, or "" when it was made without one. */
    public String stream()
    {
        return stream;
    }

    /** @return the procedure the book follows. */
    public Procedure procedure()
    {
        return procedure;
    }

    /** @return whether the book is in sync (false before the first snapshot and after a gap). */
    public boolean isSynced()
    {
        return synced;
    }

    /** @return the update id the book reflects ({@code book.id}); -1 before the first snapshot. */
    public long lastUpdateId()
    {
        return lastUpdateId;
    }

    /** @return gaps seen so far. */
    public long gaps()
    {
        return gaps;
    }

    /** @return snapshots refused because no buffered event lined up with them (older than the buffer, or misaligned). */
    public long refusedSnapshots()
    {
        return refusedSnapshots;
    }

    /** @return events ignored as stale (already covered by the book). */
    public long staleEvents()
    {
        return staleEvents;
    }

    /** @return the scale of every price mantissa this book returns. */
    public int priceScale()
    {
        return priceScale;
    }

    /** @return the scale of every quantity mantissa this book returns. */
    public int quantityScale()
    {
        return quantityScale;
    }

    /** @return number of bid levels. */
    public int bidLevels()
    {
        return bids.count();
    }

    /** @return number of ask levels. */
    public int askLevels()
    {
        return asks.count();
    }

    /**
     * @param level 0 is the best bid.
     * @return the bid price mantissa at {@link #priceScale()}.
     */
    public long bidPrice(final int level)
    {
        return bids.price(check(level, bids));
    }

    /**
     * @param level 0 is the best bid.
     * @return the bid quantity mantissa at {@link #quantityScale()}.
     */
    public long bidQuantity(final int level)
    {
        return bids.quantity(check(level, bids));
    }

    /**
     * @param level 0 is the best ask.
     * @return the ask price mantissa at {@link #priceScale()}.
     */
    public long askPrice(final int level)
    {
        return asks.price(check(level, asks));
    }

    /**
     * @param level 0 is the best ask.
     * @return the ask quantity mantissa at {@link #quantityScale()}.
     */
    public long askQuantity(final int level)
    {
        return asks.quantity(check(level, asks));
    }

    /**
     * Fills the best bid without allocating.
     *
     * @param price    receives the price.
     * @param quantity receives the quantity.
     * @return false (and both cleared) when there is no bid or the book is out of sync.
     */
    public boolean bestBid(final Decimal price, final Decimal quantity)
    {
        return level(bids, price, quantity);
    }

    /**
     * Fills the best ask without allocating.
     *
     * @param price    receives the price.
     * @param quantity receives the quantity.
     * @return false (and both cleared) when there is no ask or the book is out of sync.
     */
    public boolean bestAsk(final Decimal price, final Decimal quantity)
    {
        return level(asks, price, quantity);
    }

    private boolean level(final BookSide side, final Decimal price, final Decimal quantity)
    {
        if (!synced || side.count() == 0)
        {
            price.clear();
            quantity.clear();
            return false;
        }
        price.set(side.price(0), priceScale);
        quantity.set(side.quantity(0), quantityScale);
        return true;
    }

    private static int check(final int level, final BookSide side)
    {
        if (level < 0 || level >= side.count())
        {
            throw new IndexOutOfBoundsException(level);
        }
        return level;
    }

    @Override
    public String toString()
    {
        return "OrderBook[" + market.wireName() + " " + (stream.isEmpty() ? symbol : stream) + " " + procedure + (synced ? " id=" + lastUpdateId : " awaiting snapshot")
            + " bids=" + bids.count() + " asks=" + asks.count() + "]";
    }
}
