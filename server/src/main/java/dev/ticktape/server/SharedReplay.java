package dev.ticktape.server;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.BookReplay;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.replayer.Replayer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The one replay clock of a serve run ({@code --clock shared}, the default): a single replay of
 * the journals, every market, on one thread, whose frames go to every connection of the frame's
 * market that asked for the frame's stream, and whose moment every REST call sees (server time,
 * depth snapshots from the books kept as it goes).
 * <p>
 * It starts once a connection has subscribed a stream and no connection has subscribed or
 * unsubscribed for the settle window ({@link ServeOptions#settle}), so a client that connects
 * first and then subscribes stream by stream gets every frame of every stream, at any speed. A
 * connection that joins later gets the frames from the clock's moment on: the clock never
 * rewinds. At the end of the data every connection is closed with 1000, and so is any that comes
 * afterwards. At max speed the slowest connection paces the clock, since frames are handed to
 * every connection in turn.
 */
final class SharedReplay implements FrameHandler
{
    private final ServeOptions options;
    private final Set<ServeSession> sessions = ConcurrentHashMap.newKeySet();
    /** The books as of the clock's moment; read by REST calls under this lock. */
    private final BookReplay books = new BookReplay(new MarketDataListener()
    {
    }, new BookListener()
    {
    }, (index, time, event) -> { }, (frame, reason) -> { });
    private final Thread thread;
    private final long startEpochNanos;
    private volatile boolean stopped;
    private volatile boolean started;
    private volatile boolean ended;
    private volatile Replayer replayer;
    /** The newest exchange information journaled at or before the clock's moment, per market (the payload's bytes). */
    private final java.util.Map<Market, byte[]> exchangeInfo = new java.util.concurrent.ConcurrentHashMap<>();
    /** The symbols the journal's subscriptions and books name, per market, for exchange information without a journaled copy. */
    private final java.util.Map<Market, java.util.Set<String>> symbols = new java.util.concurrent.ConcurrentHashMap<>();
    private static final byte[] EXCHANGE_INFO = StreamNames.EXCHANGE_INFO.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The receive time of the newest frame delivered, and when (System.nanoTime) it was. */
    private volatile long frameEpochNanos = Long.MIN_VALUE;
    private volatile long frameWallNanos;

    /**
     * @param options         what to serve.
     * @param startEpochNanos the clock's moment before it starts: the range's start or the journals' first record.
     */
    SharedReplay(final ServeOptions options, final long startEpochNanos, final java.util.Map<Market, byte[]> firstExchangeInfo)
    {
        this.options = options;
        this.startEpochNanos = startEpochNanos;
        this.exchangeInfo.putAll(firstExchangeInfo);
        this.thread = new Thread(this::run, "ticktape-serve-clock");
        thread.setDaemon(true);
    }

    void begin()
    {
        thread.start();
    }

    /** A new connection: it hears the clock from now on (or is closed at once, the data being over). */
    void join(final ServeSession session)
    {
        sessions.add(session);
        if (ended)
        {
            session.end();
        }
    }

    void leave(final ServeSession session)
    {
        sessions.remove(session);
    }

    /** @return whether the clock has started running. */
    boolean started()
    {
        return started;
    }

    /**
     * @return the clock's moment, epoch nanoseconds: before it starts, where it will start; while
     *         paced, the newest frame's receive time plus the wall time since, at the speed; at max
     *         speed, the newest frame's receive time.
     */
    long nowEpochNanos()
    {
        final long frame = frameEpochNanos;
        if (frame == Long.MIN_VALUE)
        {
            return startEpochNanos;
        }
        final double speed = options.speed();
        if (Double.isInfinite(speed) || ended)
        {
            return frame;
        }
        return frame + (long) ((System.nanoTime() - frameWallNanos) * speed);
    }

    /**
     * @param market a market.
     * @return the newest journaled exchange information of the market at the clock's moment (before the
     *         clock has reached the first copy, that first copy), or null when the journal holds none.
     */
    byte[] exchangeInfo(final Market market)
    {
        return exchangeInfo.get(market);
    }

    /**
     * @param market a market.
     * @return the symbols of the market the journal has named so far (its subscriptions, its books).
     */
    java.util.SortedSet<String> symbols(final Market market)
    {
        final java.util.SortedSet<String> all = new java.util.TreeSet<>(symbols.getOrDefault(market, java.util.Set.of()));
        synchronized (books)
        {
            books.books().books().stream().filter(b -> b.market() == market).forEach(b -> all.add(b.symbol()));
        }
        return all;
    }

    /**
     * Reads a market's book of a symbol at the clock's moment, the clock held still while it does:
     * its diff-depth book, or its RPI book ({@code rpi}).
     *
     * @return what {@code read} makes of the book (null when there is none for the symbol).
     */
    <T> T book(final Market market, final String symbol, final boolean rpi, final Function<OrderBook, T> read)
    {
        synchronized (books)
        {
            OrderBook found = null;
            for (final OrderBook b : books.books().books())
            {
                // spot's REST serves the spot book, or the SBE one when only that was recorded
                final boolean marketMatches = b.market() == market || market == Market.SPOT && b.market() == Market.SPOT_SBE;
                if (marketMatches && b.symbol().equalsIgnoreCase(symbol) && rpi == (b.stream() != null && b.stream().contains("@rpiDepth"))
                    && (found == null || found.market() != market))
                {
                    found = b;
                }
            }
            return read.apply(found);
        }
    }

    private void run()
    {
        try
        {
            if (!awaitSettled())
            {
                return;
            }
            started = true;
            try (Replayer r = Replayer.open(options.sharedReplay()))
            {
                replayer = r;
                if (!stopped)
                {
                    r.run(this, (index, time, event) ->
                    {
                        if (event instanceof dev.ticktape.core.journal.SessionEvent.Subscribed subscribed)
                        {
                            final java.util.Set<String> known = symbols.computeIfAbsent(subscribed.market(),
                                m -> java.util.concurrent.ConcurrentHashMap.newKeySet());
                            subscribed.streams().stream().filter(st -> st.indexOf('@') > 0).forEach(st -> known.add(StreamNames.symbol(st)));
                        }
                        synchronized (books)
                        {
                            books.onEvent(index, time, event);
                        }
                    });
                }
            }
        }
        catch (final RuntimeException e)
        {
            sessions.forEach(s -> s.fail("replay failed: " + e.getMessage()));
        }
        finally
        {
            ended = true;
            sessions.forEach(ServeSession::end);
        }
    }

    /** Waits until a connection has a stream and no connection has changed its streams for the settle window. */
    private boolean awaitSettled()
    {
        final long settle = options.settleNanos();
        while (!stopped)
        {
            final long now = System.nanoTime();
            boolean any = false;
            long lastChange = Long.MIN_VALUE;
            for (final ServeSession s : sessions)
            {
                any |= s.hasStreams();
                lastChange = Math.max(lastChange, s.lastSubscriptionChangeNanos());
            }
            if (any && now - lastChange >= settle)
            {
                return true;
            }
            LockSupport.parkNanos(5_000_000L); // a poll of the connections' streams, not synchronisation
        }
        return false;
    }

    /** @return a copy of the payload when the frame is a market's journaled exchange information, else null. */
    static byte[] exchangeInfoOf(final JournalFrame frame)
    {
        if (frame.kind() != FrameKind.REST || !frame.streamEquals(EXCHANGE_INFO))
        {
            return null;
        }
        final byte[] copy = new byte[frame.payloadLength()];
        frame.buffer().getBytes(frame.payloadOffset(), copy);
        return copy;
    }

    @Override
    public void onFrame(final JournalFrame frame)
    {
        final byte[] info = exchangeInfoOf(frame);
        if (info != null)
        {
            exchangeInfo.put(frame.market(), info);
        }
        if (feedsBooks(frame))
        {
            synchronized (books)
            {
                books.onFrame(frame);
            }
        }
        frameWallNanos = System.nanoTime();
        frameEpochNanos = frame.recvEpochNanos();
        final Market market = frame.market();
        for (final ServeSession s : sessions)
        {
            if (s.market() == market)
            {
                try
                {
                    s.onFrame(frame);
                }
                catch (final RuntimeException e)
                {
                    // one connection's failure is its own: the clock goes on for the others
                    s.fail("cannot send: " + e.getMessage());
                }
            }
        }
    }

    /** Only REST frames (snapshots) and diff-depth events change a book: no other frame is decoded for REST depth. */
    private boolean feedsBooks(final JournalFrame frame)
    {
        if (frame.kind() == FrameKind.REST)
        {
            return true;
        }
        final int length = frame.streamLength();
        if (length == 0 || length > streamScratch.length)
        {
            return false;
        }
        frame.buffer().getBytes(frame.streamOffset(), streamScratch, 0, length);
        return StreamNames.diffDepth(streamScratch, 0, length);
    }

    private final byte[] streamScratch = new byte[256];

    void stop()
    {
        stopped = true;
        final Replayer r = replayer;
        if (r != null)
        {
            r.stop();
        }
    }
}
