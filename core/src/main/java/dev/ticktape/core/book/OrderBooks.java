package dev.ticktape.core.book;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DepthSnapshotEvent;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.TextView;
import dev.ticktape.core.journal.JournalFrame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Keeps one {@link OrderBook} per market and symbol from decoded events: REST snapshots
 * ({@link DepthSnapshotEvent}) and diff depth ({@link DepthUpdateEvent}, JSON or SBE). Spot JSON and
 * spot SBE share a book per symbol (their update ids are the same book's); futures books follow the
 * futures procedure. RPI depth is not mixed into books. Finding a book for an event allocates nothing
 * once the book exists. Not thread-safe.
 */
public final class OrderBooks implements MarketDataListener
{
    private final BookListener listener;
    private final int maxPending;
    private final List<OrderBook> books = new ArrayList<>();
    private final List<byte[]> keys = new ArrayList<>();
    private final List<OrderBook.Procedure> procedures = new ArrayList<>();

    /**
     * @param listener   hears book updates and gaps.
     * @param maxPending diffs held per book while it waits for a snapshot.
     */
    public OrderBooks(final BookListener listener, final int maxPending)
    {
        this.listener = listener;
        this.maxPending = maxPending;
    }

    @Override
    public void onDepthSnapshot(final JournalFrame frame, final DepthSnapshotEvent event)
    {
        if (event.symbol().isPresent())
        {
            book(procedure(event.market()), event.symbol()).onSnapshot(event.lastUpdateId(), event.bids(), event.asks());
        }
    }

    @Override
    public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent event)
    {
        if (!event.rpi() && event.symbol().isPresent())
        {
            book(procedure(event.market()), event.symbol()).onDiff(event.firstUpdateId(), event.lastUpdateId(),
                event.previousLastUpdateId(), event.bids(), event.asks());
        }
    }

    /**
     * @param market the market (spot and spot-sbe share books).
     * @param symbol the symbol, in any case.
     * @return the book, or {@code null} when none was started.
     */
    public OrderBook find(final Market market, final CharSequence symbol)
    {
        final OrderBook.Procedure procedure = procedure(market);
        for (int i = 0; i < books.size(); i++)
        {
            if (procedures.get(i) == procedure && equalsIgnoreCase(keys.get(i), symbol))
            {
                return books.get(i);
            }
        }
        return null;
    }

    /** @return every book, in the order they were started. */
    public List<OrderBook> books()
    {
        return Collections.unmodifiableList(books);
    }

    private OrderBook book(final OrderBook.Procedure procedure, final TextView symbol)
    {
        for (int i = 0; i < books.size(); i++)
        {
            if (procedures.get(i) == procedure && equalsIgnoreCase(keys.get(i), symbol))
            {
                return books.get(i);
            }
        }
        final String name = symbol.toString().toUpperCase(Locale.ROOT);
        final OrderBook book = new OrderBook(name, procedure, listener, maxPending);
        books.add(book);
        keys.add(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        procedures.add(procedure);
        return book;
    }

    private static OrderBook.Procedure procedure(final Market market)
    {
        return market == Market.USDM ? OrderBook.Procedure.USDM : OrderBook.Procedure.SPOT;
    }

    private static boolean equalsIgnoreCase(final byte[] upper, final CharSequence symbol)
    {
        if (upper.length != symbol.length())
        {
            return false;
        }
        for (int i = 0; i < upper.length; i++)
        {
            char c = symbol.charAt(i);
            if (c >= 'a' && c <= 'z')
            {
                c -= 'a' - 'A';
            }
            if ((upper[i] & 0xFF) != c)
            {
                return false;
            }
        }
        return true;
    }
}
