package dev.ticktape.simulator;

import java.time.Duration;

/**
 * Faults the simulator injects on request, so that clients (the recorder above all) can be tested
 * against what goes wrong on a real exchange. Set from the Java API ({@link Simulator#faults()}) or
 * the command line; every setter takes effect at once and is thread-safe.
 */
public final class Faults
{
    private volatile long dropAfterFrames;
    private volatile long dropAfterNanos;
    private volatile long stallUntilNanos;
    private volatile int gapEvery;
    private volatile int malformedEvery;
    private volatile int restErrors;
    private int staleSnapshots;
    private volatile int restErrorStatus = 503;
    private volatile boolean dropAllNow;
    private volatile long delayNanos;
    private volatile long refuseUntilNanos;
    private volatile int refuseStatus = 429;
    /** Request weight other clients on the caller's IP are said to have used this minute. */
    private volatile int othersWeight;

    /**
     * Drops every connection (without a close frame, as a lost network does) once it has been sent
     * {@code frames} frames; 0 turns it off.
     *
     * @param frames frames per connection before the drop.
     * @return this.
     */
    public Faults dropAfterFrames(final long frames)
    {
        this.dropAfterFrames = frames;
        return this;
    }

    /**
     * Drops every connection (without a close frame) once it is {@code age} old; zero turns it off.
     *
     * @param age connection age before the drop.
     * @return this.
     */
    public Faults dropAfter(final Duration age)
    {
        this.dropAfterNanos = age.toNanos();
        return this;
    }

    /** Drops every open connection now (without a close frame). @return this. */
    public Faults dropAllNow()
    {
        this.dropAllNow = true;
        return this;
    }

    /**
     * Stalls every connection for {@code duration}: sockets stay open and pings still go out, but no
     * frame is sent; the market moves on meanwhile, so clients see a jump afterwards.
     *
     * @param duration how long to stay silent.
     * @return this.
     */
    public Faults stall(final Duration duration)
    {
        this.stallUntilNanos = System.nanoTime() + duration.toNanos();
        return this;
    }

    /**
     * Withholds every {@code n}-th diff-depth event from every client, so the update-id chain breaks
     * (a sequence gap); 0 turns it off.
     *
     * @param n the period in events.
     * @return this.
     */
    public Faults gapEvery(final int n)
    {
        this.gapEvery = n;
        return this;
    }

    /**
     * Cuts every {@code n}-th frame sent to a client in half (malformed JSON or a truncated SBE
     * message); 0 turns it off.
     *
     * @param n the period in frames.
     * @return this.
     */
    public Faults malformedEvery(final int n)
    {
        this.malformedEvery = n;
        return this;
    }

    /**
     * Answers the next {@code count} REST calls with an error status; 429 and 418 carry
     * {@code Retry-After: 1}, as Binance's rate-limit answers do.
     *
     * @param count  how many calls fail.
     * @param status the HTTP status (429, 418, 500, 503, ...).
     * @return this.
     */
    public Faults restErrors(final int count, final int status)
    {
        this.restErrorStatus = status;
        this.restErrors = count;
        return this;
    }

    /**
     * The next {@code count} REST depth snapshots are stale: their {@code lastUpdateId} is older than
     * the diff events already sent (as a snapshot served from a lagging cache would be), so a client
     * following Binance's procedure must fetch again.
     *
     * @return this.
     */
    public synchronized Faults staleSnapshots(final int count)
    {
        this.staleSnapshots = count;
        return this;
    }

    /** @return whether this REST depth snapshot is to be stale. */
    synchronized boolean takeStaleSnapshot()
    {
        if (staleSnapshots > 0)
        {
            staleSnapshots--;
            return true;
        }
        return false;
    }

    /**
     * Delays every frame by {@code delay} (frames keep their order); zero turns it off.
     *
     * @param delay how long each frame is held back.
     * @return this.
     */
    /**
     * Refuses new WebSocket connections for a while, as Binance does when an IP is over its
     * connection limit: the upgrade is answered with HTTP {@code status} (429, or 418 for a ban)
     * and a {@code Retry-After} header giving the seconds left. Open connections are not touched.
     *
     * @param duration how long to refuse, from now.
     * @param status   429 or 418.
     * @return this.
     */
    public Faults refuseConnections(final Duration duration, final int status)
    {
        if (status != 429 && status != 418)
        {
            throw new IllegalArgumentException("connections are refused with 429 or 418, not " + status);
        }
        this.refuseStatus = status;
        this.refuseUntilNanos = System.nanoTime() + duration.toNanos();
        return this;
    }

    public Faults delay(final Duration delay)
    {
        this.delayNanos = delay.toNanos();
        return this;
    }

    /** Clears every fault. @return this. */
    /**
     * Request weight that other clients on the same IP are said to have used each minute: the REST
     * responses' {@code X-MBX-USED-WEIGHT-1M} reports it on top of the caller's own.
     *
     * @param weight the weight.
     * @return this.
     */
    public Faults othersWeight(final int weight)
    {
        this.othersWeight = Math.max(0, weight);
        return this;
    }

    int othersWeight()
    {
        return othersWeight;
    }

    public Faults clear()
    {
        dropAfterFrames = 0;
        dropAfterNanos = 0;
        stallUntilNanos = 0;
        gapEvery = 0;
        malformedEvery = 0;
        restErrors = 0;
        synchronized (this)
        {
            staleSnapshots = 0;
        }
        dropAllNow = false;
        delayNanos = 0;
        refuseUntilNanos = 0;
        othersWeight = 0;
        return this;
    }

    /** @return the HTTP status to refuse a new connection with now, or 0 to accept it. */
    int refusalStatus(final long nowNanos)
    {
        return refuseUntilNanos != 0 && nowNanos - refuseUntilNanos < 0 ? refuseStatus : 0;
    }

    /** @return whole seconds until connections are accepted again (at least 1). */
    long refusalSecondsLeft(final long nowNanos)
    {
        return Math.max(1, (refuseUntilNanos - nowNanos + 999_999_999L) / 1_000_000_000L);
    }

    long delayNanos()
    {
        return delayNanos;
    }

    long dropAfterFrames()
    {
        return dropAfterFrames;
    }

    long dropAfterNanos()
    {
        return dropAfterNanos;
    }

    boolean stalled(final long nowNanos)
    {
        return stallUntilNanos != 0 && nowNanos - stallUntilNanos < 0;
    }

    int gapEvery()
    {
        return gapEvery;
    }

    int malformedEvery()
    {
        return malformedEvery;
    }

    boolean takeDropAllNow()
    {
        if (dropAllNow)
        {
            dropAllNow = false;
            return true;
        }
        return false;
    }

    /** @return the status to fail this REST call with, or 0 to answer it normally. */
    synchronized int takeRestError()
    {
        if (restErrors > 0)
        {
            restErrors--;
            return restErrorStatus;
        }
        return 0;
    }
}
