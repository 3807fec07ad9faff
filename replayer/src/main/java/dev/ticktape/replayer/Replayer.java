package dev.ticktape.replayer;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.core.journal.SessionEventHandler;
import dev.ticktape.core.journal.SessionEventType;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Re-emits journals through a {@link FrameHandler} and a {@link SessionEventHandler}: the interfaces
 * the decoders ({@code MarketDataDecoder}) and live code use, so a strategy runs unchanged against
 * a replay. Several journals (two recorders on different servers, say) are merged in receive-time
 * order. Frames that reached the journals twice, from an overlapping replacement connection or from
 * two recorders, are delivered once ({@link ReplayOptions#deduplicate}). The pace is the original
 * one, N times faster, or as fast as possible; the schedule is anchored to the start, and
 * {@link #pause}, {@link #resume} and {@link #step} control it from another thread.
 * <p>
 * Reading one journal delivers frames straight from the memory-mapped journal; merging copies
 * each frame once into a per-journal buffer. Neither allocates per frame. {@link #run} runs on the
 * caller's thread; a replayer runs once.
 */
public final class Replayer implements AutoCloseable
{
    /** How far before a stream goes onto a second connection its frames are remembered for the duplicate check. */
    private static final long LOOK_BACK_NANOS = 2_000_000_000L;

    private final ReplayOptions options;
    private final List<Source> sources = new ArrayList<>();
    private final Pacer pacer;
    private final DuplicateFilter duplicates;
    private final byte[][] streams;
    private final byte[][] symbolPrefixes;
    private final Set<Market> markets;
    private final Map<SessionEventType, long[]> eventCounts = new LinkedHashMap<>();
    private final Overlaps overlaps;
    private FrameHandler frameHandler;
    private SessionEventHandler eventHandler;
    private long frames;
    private boolean ended;
    private volatile boolean stopRequested;
    private volatile boolean paused;
    private volatile int steps;
    private volatile Thread runner;

    private Replayer(final ReplayOptions options)
    {
        options.validate();
        this.options = options;
        this.pacer = new Pacer(options.speed(), options.spinWindowNanos());
        this.duplicates = options.deduplicate() ? new DuplicateFilter(options.duplicateWindowNanos()) : null;
        this.streams = options.streams().stream().map(s -> s.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        this.symbolPrefixes = options.symbols().stream().map(s -> (s + "@").getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        this.markets = options.markets();
        this.overlaps = new Overlaps(options.duplicateWindowNanos());
        for (final SessionEventType t : SessionEventType.values())
        {
            eventCounts.put(t, new long[1]);
        }
    }

    /**
     * Opens the journals and positions them at the start of the range.
     *
     * @param options what to replay.
     * @return the replayer, ready to {@link #run}.
     * @throws dev.ticktape.core.TicktapeException {@code USAGE} for bad options, {@code IO} or
     *                                             {@code DATA} for a missing or foreign journal.
     */
    public static Replayer open(final ReplayOptions options)
    {
        final Replayer r = new Replayer(options);
        try
        {
            int i = 0;
            for (final Path journal : options.journals())
            {
                final JournalReader reader = JournalReader.open(journal);
                if (options.from() != Long.MIN_VALUE)
                {
                    reader.seek(options.from());
                }
                r.sources.add(new Source(r, i++, reader));
            }
        }
        catch (final RuntimeException e)
        {
            r.close();
            throw e;
        }
        return r;
    }

    /**
     * Replays the range, blocking until its end or {@link #stop}.
     *
     * @param frameHandler receives frames (valid only during the call, as from a journal reader).
     * @param eventHandler receives session events.
     * @return what was delivered, and how punctually.
     */
    public ReplayStats run(final FrameHandler frameHandler, final SessionEventHandler eventHandler)
    {
        if (runner != null || ended)
        {
            throw new IllegalStateException("a replayer runs once");
        }
        runner = Thread.currentThread();
        this.frameHandler = frameHandler;
        this.eventHandler = eventHandler;
        final long start = System.nanoTime();
        try
        {
            if (sources.size() == 1)
            {
                final Source only = sources.get(0);
                while (!ended && !stopRequested && only.reader.read(only, only))
                {
                    // Source delivers through deliverFrame/deliverEvent
                }
            }
            else
            {
                merge();
            }
        }
        finally
        {
            ended = true;
        }
        final long wall = System.nanoTime() - start;
        final Map<String, Long> events = new LinkedHashMap<>();
        eventCounts.forEach((t, n) ->
        {
            if (n[0] > 0)
            {
                events.put(t.wireName(), n[0]);
            }
        });
        final org.HdrHistogram.Histogram h = pacer.lateness();
        final boolean any = pacer.paced() && h.getTotalCount() > 0;
        return new ReplayStats(frames, duplicates == null ? 0 : duplicates.dropped(), events, wall, pacer.paced(),
            any ? h.getValueAtPercentile(50) : 0, any ? h.getValueAtPercentile(99) : 0, any ? h.getMaxValue() : 0);
    }

    /** K-way merge of the sources' next records by receive time (ties keep journal order). */
    private void merge()
    {
        for (final Source s : sources)
        {
            s.fill();
        }
        while (!ended && !stopRequested)
        {
            Source next = null;
            for (final Source s : sources)
            {
                if (s.pending && (next == null || s.pendingTime < next.pendingTime))
                {
                    next = s;
                }
            }
            if (next == null)
            {
                return;
            }
            next.deliverPending();
            next.fill();
        }
    }

    /** Stops the replay at the next record; {@link #run} returns. */
    public void stop()
    {
        stopRequested = true;
        LockSupport.unpark(runner);
    }

    /** Holds delivery before the next record until {@link #resume} (or lets one through per {@link #step}). */
    public void pause()
    {
        paused = true;
    }

    /** Resumes a paused replay; the schedule moves later by the pause's length. */
    public void resume()
    {
        paused = false;
        LockSupport.unpark(runner);
    }

    /** While paused: delivers one more record, then holds again. */
    public void step()
    {
        steps++;
        LockSupport.unpark(runner);
    }

    /** @return whether the replay is paused. */
    public boolean paused()
    {
        return paused;
    }

    private void holdWhilePaused()
    {
        if (!paused)
        {
            return;
        }
        final long pausedAt = System.nanoTime();
        while (paused && !stopRequested)
        {
            if (steps > 0)
            {
                steps--;
                return; // a step: this record goes out, on time as of the pause
            }
            LockSupport.parkNanos(1_000_000);
        }
        pacer.shift(System.nanoTime() - pausedAt);
    }

    /** Filters, deduplicates, paces and hands over a frame; origin tells copies apart. */
    void deliverFrame(final JournalFrame frame, final int source)
    {
        if (frame.recvEpochNanos() >= options.to())
        {
            ended = true;
            return;
        }
        if (frame.recvEpochNanos() < options.from() || !wanted(frame))
        {
            return;
        }
        if (duplicates != null && (sources.size() > 1 || overlaps.doubled(frame.market(), frame.recvEpochNanos()))
            && duplicates.duplicate(frame, origin(source, frame)))
        {
            return;
        }
        holdWhilePaused();
        pacer.await(frame.recvEpochNanos());
        frames++;
        frameHandler.onFrame(frame);
    }

    void deliverEvent(final long index, final long recvEpochNanos, final SessionEvent event)
    {
        if (recvEpochNanos >= options.to())
        {
            ended = true;
            return;
        }
        final Market doubled = overlaps.onEvent(event, recvEpochNanos);
        if (doubled != null && duplicates != null && sources.size() == 1)
        {
            lookBack(doubled, recvEpochNanos, index);
        }
        if (recvEpochNanos < options.from())
        {
            return;
        }
        holdWhilePaused();
        pacer.await(recvEpochNanos);
        eventCounts.get(event.type())[0]++;
        eventHandler.onEvent(index, recvEpochNanos, event);
    }

    private static int origin(final int source, final JournalFrame frame)
    {
        return (source << 16) | (frame.connectionId() & 0xFFFF);
    }

    /**
     * A stream of {@code market} has just gone onto a second connection. The server may have sent
     * the new connection an event that the old one had already journaled before the new
     * connection's first session event: the frames of the last {@link #LOOK_BACK_NANOS}, up to this
     * event, are remembered so that such copies are found. Read once per overlap, with a second reader.
     */
    private void lookBack(final Market market, final long recvEpochNanos, final long eventIndex)
    {
        try (JournalReader back = JournalReader.open(sources.get(0).reader.directory()))
        {
            back.seek(recvEpochNanos - LOOK_BACK_NANOS);
            final boolean[] reached = new boolean[1];
            while (!reached[0] && back.read(frame ->
            {
                if (frame.index() >= eventIndex)
                {
                    reached[0] = true;
                }
                else if (frame.market() == market)
                {
                    duplicates.remember(frame, origin(0, frame));
                }
            }, (index, time, event) -> reached[0] = index >= eventIndex))
            {
                // until this event
            }
        }
    }

    private boolean wanted(final JournalFrame frame)
    {
        if (!markets.isEmpty() && !markets.contains(frame.market()))
        {
            return false;
        }
        if (streams.length > 0)
        {
            boolean match = false;
            for (final byte[] s : streams)
            {
                if (frame.streamEquals(s))
                {
                    match = true;
                    break;
                }
            }
            if (!match)
            {
                return false;
            }
        }
        if (symbolPrefixes.length > 0)
        {
            for (final byte[] prefix : symbolPrefixes)
            {
                if (streamStartsWith(frame, prefix))
                {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean streamStartsWith(final JournalFrame frame, final byte[] prefix)
    {
        if (frame.streamLength() < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (frame.buffer().getByte(frame.streamOffset() + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close()
    {
        stopRequested = true;
        for (final Source s : sources)
        {
            s.reader.close();
        }
    }

    /**
     * Which markets have a stream on two open connections at once (a replacement overlapping the
     * connection it replaces): only their frames need the duplicate check in a single journal.
     */
    private static final class Overlaps
    {
        private final Map<Integer, List<String>> streamsByConnection = new HashMap<>();
        private final Map<Integer, Market> marketByConnection = new HashMap<>();
        private final Map<Market, Map<String, Integer>> carriers = new HashMap<>();
        private final Set<Market> doubled = EnumSet.noneOf(Market.class);
        /** Until when (receive time) a market stays checked after its overlap ended: the new connection may lag. */
        private final long[] lingerUntil = new long[Market.values().length];
        private final long lingerNanos;

        Overlaps(final long lingerNanos)
        {
            this.lingerNanos = lingerNanos;
        }

        boolean doubled(final Market market, final long recvEpochNanos)
        {
            return (!doubled.isEmpty() && doubled.contains(market)) || recvEpochNanos < lingerUntil[market.ordinal()];
        }

        /** Streams no longer carried by one connection: a market none of whose streams is doubled any more lingers, then is single again. */
        private void dropCarriers(final Market market, final List<String> gone, final long recvEpochNanos)
        {
            final Map<String, Integer> count = carriers.get(market);
            if (count == null)
            {
                return;
            }
            for (final String stream : gone)
            {
                count.computeIfPresent(stream, (k, n) -> n > 1 ? n - 1 : null);
            }
            if (count.values().stream().noneMatch(n -> n > 1) && doubled.remove(market))
            {
                lingerUntil[market.ordinal()] = recvEpochNanos + lingerNanos;
            }
        }

        /** @return the market a stream of which has just gone onto a second open connection, or null. */
        Market onEvent(final SessionEvent event, final long recvEpochNanos)
        {
            if (event instanceof SessionEvent.Subscribed s)
            {
                streamsByConnection.computeIfAbsent(s.connectionId(), k -> new ArrayList<>()).addAll(s.streams());
                marketByConnection.put(s.connectionId(), s.market());
                final Map<String, Integer> count = carriers.computeIfAbsent(s.market(), k -> new HashMap<>());
                boolean now = false;
                for (final String stream : s.streams())
                {
                    now |= count.merge(stream, 1, Integer::sum) > 1;
                }
                return now && doubled.add(s.market()) ? s.market() : null;
            }
            if (event instanceof SessionEvent.ConnectionClosed c)
            {
                final List<String> gone = streamsByConnection.remove(c.connectionId());
                final Market market = marketByConnection.remove(c.connectionId());
                if (gone != null && market != null)
                {
                    dropCarriers(market, gone, recvEpochNanos);
                }
            }
            else if (event instanceof SessionEvent.Unsubscribed u)
            {
                // a delisted symbol's streams leave their connection, which carries the rest on
                final List<String> carried = streamsByConnection.get(u.connectionId());
                if (carried != null)
                {
                    final List<String> gone = new ArrayList<>(u.streams());
                    gone.retainAll(carried);
                    carried.removeAll(gone);
                    dropCarriers(u.market(), gone, recvEpochNanos);
                }
            }
            else if (event instanceof SessionEvent.RecordingStarted)
            {
                // a new recording session: the previous one's connections are gone
                streamsByConnection.clear();
                marketByConnection.clear();
                carriers.clear();
                doubled.clear();
            }
            return null;
        }
    }

    /** One journal: delivers directly (alone) or holds its next record for the merge (copied). */
    private static final class Source implements FrameHandler, SessionEventHandler
    {
        private final Replayer replayer;
        private final int id;
        final JournalReader reader;
        private final JournalFrame held = new JournalFrame();
        private final UnsafeBuffer copy = new UnsafeBuffer(new byte[4096]);
        private boolean filling;
        boolean pending;
        long pendingTime;
        private SessionEvent pendingEvent;
        private long pendingIndex;

        Source(final Replayer replayer, final int id, final JournalReader reader)
        {
            this.replayer = replayer;
            this.id = id;
            this.reader = reader;
        }

        void fill()
        {
            filling = true;
            try
            {
                pending = reader.read(this, this) && pending;
            }
            finally
            {
                filling = false;
            }
        }

        void deliverPending()
        {
            pending = false;
            if (pendingEvent != null)
            {
                final SessionEvent e = pendingEvent;
                pendingEvent = null;
                replayer.deliverEvent(pendingIndex, pendingTime, e);
            }
            else
            {
                replayer.deliverFrame(held, id);
            }
        }

        @Override
        public void onFrame(final JournalFrame frame)
        {
            if (!filling)
            {
                replayer.deliverFrame(frame, id);
                return;
            }
            final int streamLength = frame.streamLength();
            final int length = streamLength + frame.payloadLength();
            if (copy.capacity() < length)
            {
                copy.wrap(new byte[Math.max(length, copy.capacity() * 2)]);
            }
            copy.putBytes(0, frame.buffer(), frame.streamOffset(), streamLength);
            copy.putBytes(streamLength, frame.buffer(), frame.payloadOffset(), frame.payloadLength());
            held.wrap(frame.index(), frame.market(), frame.kind(), frame.connectionId(), frame.recvEpochNanos(), frame.recvMonoNanos(),
                copy, 0, streamLength, streamLength, frame.payloadLength());
            pendingTime = frame.recvEpochNanos();
            pending = true;
        }

        @Override
        public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
        {
            if (!filling)
            {
                replayer.deliverEvent(index, recvEpochNanos, event);
                return;
            }
            pendingEvent = event;
            pendingIndex = index;
            pendingTime = recvEpochNanos;
            pending = true;
        }
    }
}
