package dev.ticktape.core.book;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DepthSnapshotEvent;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.TextView;
import dev.ticktape.core.journal.JournalFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Keeps one {@link OrderBook} per diff-depth stream from decoded events: REST snapshots
 * ({@link DepthSnapshotEvent}, whose frame the recorder names after the diff stream it is for) and
 * diff depth ({@link DepthUpdateEvent}, JSON or SBE). A book per stream, not per symbol: Binance's
 * procedure holds per stream (a futures event's {@code pu} is the previous event of its own stream,
 * and two speeds of one symbol are two chains), and the recorder journals gaps per stream, so a
 * book's breaks are exactly its stream's gaps. Spot SBE streams (market spot-sbe) are books of their
 * own too. A frame without a stream name goes to the first book of its market and symbol. Futures books follow the futures
 * procedure. RPI depth is not mixed into books. Finding a book for an event allocates nothing once
 * the book exists. Not thread-safe.
 */
public final class OrderBooks implements MarketDataListener
{
    private final BookListener listener;
    private final int maxPending;
    private final List<OrderBook> books = new ArrayList<>();
    /** Per book: the stream name's bytes, or empty for a book keyed by symbol. */
    private final List<byte[]> streams = new ArrayList<>();
    private final List<byte[]> symbols = new ArrayList<>();

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
            book(frame, event.market(), event.symbol()).onSnapshot(event.lastUpdateId(), event.bids(), event.asks());
        }
    }

    @Override
    public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent event)
    {
        if (!event.rpi() && event.symbol().isPresent())
        {
            book(frame, event.market(), event.symbol()).onDiff(event.firstUpdateId(), event.lastUpdateId(),
                event.previousLastUpdateId(), event.bids(), event.asks());
        }
    }

    /**
     * The first book started for a symbol on a market; for spot, a spot-sbe book when there is no
     * spot JSON one (and the other way round).
     *
     * @param market the market.
     * @param symbol the symbol, in any case.
     * @return the book, or {@code null} when none was started.
     */
    public OrderBook find(final Market market, final CharSequence symbol)
    {
        final OrderBook exact = first(market, symbol);
        if (exact != null || market == Market.USDM)
        {
            return exact;
        }
        return first(market == Market.SPOT ? Market.SPOT_SBE : Market.SPOT, symbol);
    }

    /**
     * @param market the market.
     * @param stream the diff-depth stream, as journaled ({@code btcusdt@depth@100ms}).
     * @return its book, or {@code null} when none was started.
     */
    public OrderBook findStream(final Market market, final String stream)
    {
        final byte[] name = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < books.size(); i++)
        {
            if (books.get(i).market() == market && java.util.Arrays.equals(streams.get(i), name))
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

    private OrderBook first(final Market market, final CharSequence symbol)
    {
        for (int i = 0; i < books.size(); i++)
        {
            if (books.get(i).market() == market && equalsIgnoreCase(symbols.get(i), symbol))
            {
                return books.get(i);
            }
        }
        return null;
    }

    private OrderBook book(final JournalFrame frame, final Market market, final TextView symbol)
    {
        final boolean named = frame.streamLength() > 0;
        for (int i = 0; i < books.size(); i++)
        {
            if (books.get(i).market() == market && (named ? frame.streamEquals(streams.get(i)) : equalsIgnoreCase(symbols.get(i), symbol)))
            {
                return books.get(i);
            }
        }
        final String upper = symbol.toString().toUpperCase(Locale.ROOT);
        final String stream = named ? frame.streamName() : "";
        final OrderBook book = new OrderBook(upper, market, stream, listener, maxPending);
        books.add(book);
        streams.add(stream.getBytes(StandardCharsets.UTF_8));
        symbols.add(upper.getBytes(StandardCharsets.UTF_8));
        return book;
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
