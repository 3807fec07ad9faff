package dev.ticktape.server;

import dev.ticktape.core.Market;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.BookReplay;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.journal.FrameHandler;
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
    /** The receive time of the newest frame delivered, and when (System.nanoTime) it was. */
    private volatile long frameEpochNanos = Long.MIN_VALUE;
    private volatile long frameWallNanos;

    /**
     * @param options         what to serve.
     * @param startEpochNanos the clock's moment before it starts: the range's start or the journals' first record.
     */
    SharedReplay(final ServeOptions options, final long startEpochNanos)
    {
        this.options = options;
        this.startEpochNanos = startEpochNanos;
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
     * Reads a market's book at the clock's moment, the clock held still while it does.
     *
     * @return what {@code read} makes of the book (null when there is none for the symbol).
     */
    <T> T book(final Market market, final String symbol, final Function<OrderBook, T> read)
    {
        synchronized (books)
        {
            return read.apply(books.books().find(market, symbol));
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
            LockSupport.parkNanos(Math.min(settle, 5_000_000L));
        }
        return false;
    }

    @Override
    public void onFrame(final JournalFrame frame)
    {
        synchronized (books)
        {
            books.onFrame(frame);
        }
        frameWallNanos = System.nanoTime();
        frameEpochNanos = frame.recvEpochNanos();
        final Market market = frame.market();
        for (final ServeSession s : sessions)
        {
            if (s.market() == market)
            {
                s.onFrame(frame);
            }
        }
    }

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
