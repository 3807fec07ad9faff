package dev.ticktape.examples;

import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.core.journal.SessionEventHandler;
import dev.ticktape.core.book.BookReplay;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.ReplayStats;
import dev.ticktape.replayer.Replayer;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * An example backtest: a toy mean-reversion strategy on one symbol, written on the typed listener
 * and the local order book exactly as it would be written against live data.
 * <p>
 * It keeps the book from the journal's snapshots and diffs. On every trade it compares the trade
 * price with the book's mid price: a trade more than {@code threshold} below the mid buys one lot
 * (if under the position limit), one more than {@code threshold} above sells one, each filled at
 * the touch (the best ask for a buy, the best bid for a sell). Books out of sync (a journal gap)
 * pause the strategy until the next snapshot. At the end it prints trades seen, fills, position,
 * cash and the position marked at the last mid, in exact decimals.
 * <p>
 * Nothing in it depends on the wall clock, so its output is the same at every replay speed.
 * Usage: {@code MeanReversionBacktest JOURNAL SYMBOL [--speed max|N] [--threshold 0.5]}.
 */
public final class MeanReversionBacktest implements MarketDataListener, BookListener, SessionEventHandler
{
    private final String symbol;
    private final BigDecimal threshold;
    private final int maxPosition;
    private BookReplay books;
    private final Decimal price = new Decimal();
    private final Decimal quantity = new Decimal();
    private long tradesSeen;
    private long buys;
    private long sells;
    private long gapsSeen;
    private int position;
    private BigDecimal cash = BigDecimal.ZERO;
    private BigDecimal lastMid;

    public MeanReversionBacktest(final String symbol, final BigDecimal threshold, final int maxPosition)
    {
        this.symbol = symbol;
        this.threshold = threshold;
        this.maxPosition = maxPosition;
    }

    /** Replays a journal through the strategy and returns its report. */
    public String run(final Path journal, final double speed)
    {
        books = new BookReplay(this, this, this, (frame, reason) -> { });
        final ReplayStats stats;
        try (Replayer replayer = Replayer.open(new ReplayOptions().journal(journal).speed(speed).symbol(symbol)))
        {
            stats = replayer.run(books, books);
        }
        return report(stats.frames());
    }

    @Override
    public void onTrade(final JournalFrame frame, final TradeEvent event)
    {
        final OrderBook book = books.books().find(frame.market(), symbol);
        if (book == null || !book.isSynced())
        {
            return;
        }
        tradesSeen++;
        if (!book.bestBid(price, quantity))
        {
            return;
        }
        final BigDecimal bid = price.toBigDecimal();
        if (!book.bestAsk(price, quantity))
        {
            return;
        }
        final BigDecimal ask = price.toBigDecimal();
        final BigDecimal mid = bid.add(ask).divide(BigDecimal.valueOf(2));
        lastMid = mid;
        final BigDecimal tradePrice = event.price().toBigDecimal();
        if (tradePrice.compareTo(mid.subtract(threshold)) < 0 && position < maxPosition)
        {
            position++;
            buys++;
            cash = cash.subtract(ask);
        }
        else if (tradePrice.compareTo(mid.add(threshold)) > 0 && position > -maxPosition)
        {
            position--;
            sells++;
            cash = cash.add(bid);
        }
    }

    @Override
    public void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
    {
        gapsSeen++;
    }

    @Override
    public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
    {
        // session events: nothing to do for this strategy
    }

    private String report(final long frames)
    {
        final BigDecimal marked = lastMid == null ? cash : cash.add(lastMid.multiply(BigDecimal.valueOf(position)));
        return "frames " + frames + "\n"
            + "trades seen " + tradesSeen + "\n"
            + "buys " + buys + ", sells " + sells + "\n"
            + "book gaps " + gapsSeen + "\n"
            + "position " + position + "\n"
            + "cash " + cash.toPlainString() + "\n"
            + "last mid " + (lastMid == null ? "none" : lastMid.toPlainString()) + "\n"
            + "marked value " + marked.toPlainString() + "\n";
    }

    public static void main(final String[] args)
    {
        if (args.length < 2)
        {
            System.err.println("usage: MeanReversionBacktest JOURNAL SYMBOL [--speed max|N] [--threshold 0.5]");
            System.exit(2);
        }
        double speed = Double.POSITIVE_INFINITY;
        BigDecimal threshold = new BigDecimal("0.5");
        for (int i = 2; i + 1 < args.length; i += 2)
        {
            if (args[i].equals("--speed"))
            {
                speed = args[i + 1].equals("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(args[i + 1]);
            }
            else if (args[i].equals("--threshold"))
            {
                threshold = new BigDecimal(args[i + 1]);
            }
        }
        final PrintStream out = System.out;
        out.print(new MeanReversionBacktest(args[1].toUpperCase(java.util.Locale.ROOT), threshold, 5).run(Path.of(args[0]), speed));
    }
}
