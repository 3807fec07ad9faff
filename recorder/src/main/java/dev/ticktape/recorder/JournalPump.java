package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that writes the journal. Connection threads (and the snapshot fetcher) put frames
 * into a many-to-one ring buffer with their receive times, copying the bytes once and allocating
 * nothing; this thread drains the ring into the {@link JournalWriter}, so a slow disk never
 * stalls a socket read for longer than the ring takes to fill, and the journal has exactly one
 * writer. Session events travel as markers in the same ring, so they keep their place among the
 * frames.
 * <p>
 * It also watches the diff-depth chains ({@link DepthChains}), samples the lag between event
 * time and receive time, and stops recording cleanly when the disk is nearly full.
 */
final class JournalPump implements Runnable
{
    static final int MSG_FRAME = 1;
    /**
     * The journal thread's park when the ring is empty. Each park and wake costs the thread about
     * 15 µs of CPU here, whatever it then finds to journal: at a whole market's 38.6 k frames a
     * second, parking 20 µs cost 2.56 µs of the journal thread's CPU a frame, 250 µs 1.60, 1 ms 1.32,
     * 5 ms 1.01 and 10 ms 0.98 (benchmarks/run-market.sh). A frame's receive time is taken before
     * it is offered, so the wait costs the ring's room (64 MB, seconds of any feed) and up to 5 ms
     * before the frame is in the journal's file: for another process to read, and to survive a kill -9
     * of this one (a stop drains the ring first).
     */
    private static final long IDLE_NANOS = 5_000_000;
    static final int MSG_EVENT = 2;
    // Frame record: market u8, kind u8, stream length u8, name length u8, connection i32, epoch ns, mono ns,
    // U, u, pu (i64 each), flags u8 and 7 bytes pad, stream, payload.
    private static final int MARKET = 0;
    private static final int KIND = 1;
    private static final int STREAM_LENGTH = 2;
    private static final int CONNECTION = 4;
    private static final int EPOCH = 8;
    private static final int MONO = 16;
    private static final int NAME_LENGTH = 3;
    private static final int FIRST = 24;
    private static final int LAST = 32;
    private static final int PREVIOUS = 40;
    private static final int FLAGS = 48;
    private static final int STREAM = 56;
    private static final byte FLAG_CUT = 1;

    private final ManyToOneRingBuffer ring;
    private final JournalWriter writer;
    private final EpochNanoClock clock;
    private final ConcurrentLinkedQueue<SessionEvent> events = new ConcurrentLinkedQueue<>();
    private final Object eventLock = new Object();
    private final DepthChains chains;
    private final RecorderMetrics metrics;
    private final FileStore store;
    private final long minFreeBytes;
    private final MessageHandler handler = this::onMessage;
    private volatile boolean running = true;
    private volatile TicktapeException failure;
    private final Runnable onFailure;
    private Thread thread;
    private long nextDiskCheckNanos;
    private long probedRoll;
    private static final long ROLL_PROBE_NANOS = 10_000_000_000L;
    /** What Chronicle maps for a new hourly file at once: its first 64 MiB chunk and the 16 MiB overlap. */
    private static final long NEXT_FILE_BYTES = 80L << 20;
    private long lagSample;

    JournalPump(final JournalWriter writer, final int ringBytes, final EpochNanoClock clock, final DepthChains chains,
        final RecorderMetrics metrics, final long minFreeBytes, final Runnable onFailure)
    {
        this.onFailure = onFailure;
        this.writer = writer;
        this.clock = clock;
        this.chains = chains;
        this.metrics = metrics;
        this.minFreeBytes = minFreeBytes;
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        try
        {
            this.store = Files.getFileStore(writer.directory());
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot inspect the file system of " + writer.directory() + ": " + e, e);
        }
    }

    void start()
    {
        checkDisk(System.nanoTime());
        if (failure != null)
        {
            throw failure;
        }
        writer.ownedByOneThread(); // only this thread appends, by design
        thread = new Thread(this, "ticktape-journal");
        thread.start();
    }

    /**
     * Offers a received frame; waits (spinning, then parking briefly) while the ring is full, so
     * nothing is ever dropped. Called on connection threads; allocates nothing.
     *
     * @return false if the pump has stopped (the frame is not recorded).
     */
    boolean offerFrame(final Market market, final int connectionId, final FrameKind kind, final long epochNanos,
        final long monoNanos, final byte[] stream, final int streamLength, final ByteBuffer payload)
    {
        return offerFrame(market, connectionId, kind, epochNanos, monoNanos, stream, streamLength, payload, null);
    }

    /**
     * Offers a received frame with the facts its connection found in it (text frames), so that the
     * journal thread need not scan it again.
     *
     * @param facts the combined-stream name length and depth ids of this frame, or null (none: a REST frame).
     * @return false if the pump has stopped (the frame is not recorded).
     */
    boolean offerFrame(final Market market, final int connectionId, final FrameKind kind, final long epochNanos,
        final long monoNanos, final byte[] stream, final int streamLength, final ByteBuffer payload, final FrameFacts facts)
    {
        final int length = STREAM + streamLength + payload.remaining();
        if (length > ring.maxMsgLength())
        {
            metrics.oversized();
            return true; // above the journal's cap as well: counted, and the connection goes on
        }
        int index;
        int idle = 0;
        while ((index = ring.tryClaim(MSG_FRAME, length)) <= 0)
        {
            if (!running)
            {
                return false;
            }
            if (idle++ == 0)
            {
                metrics.ringFull();
            }
            if (idle < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(50_000);
            }
        }
        final MutableDirectBuffer b = ring.buffer();
        b.putByte(index + MARKET, (byte) market.id());
        b.putByte(index + KIND, (byte) kind.id());
        b.putByte(index + STREAM_LENGTH, (byte) streamLength);
        b.putByte(index + NAME_LENGTH, (byte) (facts == null ? 0 : facts.nameLength));
        b.putLong(index + FIRST, facts == null ? -1 : facts.first);
        b.putLong(index + LAST, facts == null ? -1 : facts.last);
        b.putLong(index + PREVIOUS, facts == null ? -1 : facts.previous);
        b.putByte(index + FLAGS, facts == null || facts.complete ? 0 : FLAG_CUT);
        b.putInt(index + CONNECTION, connectionId);
        b.putLong(index + EPOCH, epochNanos);
        b.putLong(index + MONO, monoNanos);
        if (streamLength > 0)
        {
            b.putBytes(index + STREAM, stream, 0, streamLength);
        }
        b.putBytes(index + STREAM + streamLength, payload, payload.position(), payload.remaining());
        ring.commit(index);
        return true;
    }

    /** Journals a session event from the journal thread itself (gap events), at once. */
    void appendEventNow(final SessionEvent event)
    {
        writer.appendEvent(event, clock.nanoTime(), System.nanoTime());
        metrics.event(event);
    }

    /** Queues a session event to be journaled at this point of the frame sequence. */
    void offerEvent(final SessionEvent event)
    {
        synchronized (eventLock)
        {
            int index;
            while ((index = ring.tryClaim(MSG_EVENT, 16)) <= 0)
            {
                if (!running)
                {
                    return;
                }
                LockSupport.parkNanos(50_000);
            }
            events.add(event);
            ring.buffer().putLong(index, clock.nanoTime());
            ring.buffer().putLong(index + 8, System.nanoTime());
            ring.commit(index);
        }
    }

    /** Holds other events back while a caller journals an event and its frame together. */
    Object eventLock()
    {
        return eventLock;
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                final int n = ring.read(handler, 4096);
                final long now = System.nanoTime();
                if (n > 0)
                {
                    metrics.appended(now);
                }
                if (now - nextDiskCheckNanos >= 0)
                {
                    checkDisk(now);
                }
                if (n == 0)
                {
                    // Idle: park. Spinning would take the CPU the read threads need (on 2 cores it halved
                    // throughput), and frames wait in the ring with their receive times taken.
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
            while (ring.read(handler, Integer.MAX_VALUE) > 0)
            {
                // drain what was offered before the stop
            }
        }
        catch (final Throwable e)
        {
            // The journal cannot be written (Chronicle also throws checked exceptions unchecked, such as the
            // FileNotFoundException of an hourly file it cannot create): nothing more can be recorded.
            failure = e instanceof TicktapeException t ? t : new TicktapeException(ErrorCode.IO,
                "cannot write the journal " + writer.directory() + ": " + describe(e), e);
            running = false;
            onFailure.run();
        }
    }

    private static String describe(final Throwable e)
    {
        if (e instanceof InternalError)
        {
            // SIGBUS on a memory-mapped page: the file system could not back it (full, or the file was cut)
            return "a memory-mapped write failed (disk full or journal file truncated): " + e.getMessage();
        }
        final String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void checkDisk(final long now)
    {
        nextDiskCheckNanos = now + 100_000_000L;
        probeBeforeRoll();
        final long free;
        try
        {
            free = store.getUsableSpace();
        }
        catch (final IOException e)
        {
            return;
        }
        if (free < minFreeBytes && failure == null)
        {
            // Stop while there is room to journal the closes and the stop event, rather than fail mid-write.
            stopFor("disk nearly full: " + (free >> 20) + " MiB free under " + writer.directory() + ", below the "
                + (minFreeBytes >> 20) + " MiB kept free; recording stopped");
        }
    }

    /**
     * In the last seconds of an hour, once: makes and removes a file beside the journal's, so that a
     * file system out of inodes (or otherwise refusing new files) is found while the current hourly
     * file can still journal the stop, not by the roll, where Chronicle's file creation fails and
     * nothing more can be journaled; and checks that the space kept free and the new file's first
     * mapped chunk fit, so that a write into the new file never meets a full disk unannounced.
     */
    private void probeBeforeRoll()
    {
        final long epoch = clock.nanoTime();
        final long hour = 3_600_000_000_000L;
        final long nextRoll = (epoch / hour + 1) * hour;
        if (nextRoll - epoch > ROLL_PROBE_NANOS || nextRoll == probedRoll || failure != null)
        {
            return;
        }
        probedRoll = nextRoll;
        try
        {
            final long free = store.getUsableSpace();
            if (free < minFreeBytes + NEXT_FILE_BYTES)
            {
                stopFor("not enough space for the next hourly file under " + writer.directory() + ": " + (free >> 20) + " MiB free, "
                    + ((minFreeBytes + NEXT_FILE_BYTES) >> 20) + " MiB needed (its first mapped chunk and the space kept free); "
                    + "recording stopped before the roll");
                return;
            }
        }
        catch (final IOException e)
        {
            // the free-space check every 100 ms reports a file system that cannot be asked
        }
        final java.nio.file.Path probe = writer.directory().resolve(".ticktape-roll-probe");
        try
        {
            Files.deleteIfExists(probe);
            Files.write(probe, new byte[4096]);
            Files.delete(probe);
        }
        catch (final IOException e)
        {
            stopFor("cannot create files under " + writer.directory() + " (out of inodes or space?): " + e.getMessage()
                + "; recording stopped before the hourly roll, which would fail");
        }
    }

    /**
     * A disk fault found ahead of a write: recording stops while the journal can still take the
     * closes and the stop (at start, the start itself fails with it).
     */
    private void stopFor(final String why)
    {
        failure = new TicktapeException(ErrorCode.IO, why);
        if (thread != null)
        {
            onFailure.run();
        }
    }

    private void onMessage(final int type, final MutableDirectBuffer b, final int index, final int length)
    {
        if (type == MSG_EVENT)
        {
            // Producers add an event and its marker under eventLock, so the k-th marker is the k-th event;
            // this thread never takes that lock, so a producer waiting for ring space cannot block it.
            final SessionEvent event = events.poll();
            if (event != null)
            {
                writer.appendEvent(event, b.getLong(index), b.getLong(index + 8));
                metrics.event(event);
                if (event instanceof SessionEvent.ConnectionClosed closed)
                {
                    chains.onConnectionClosed(closed.connectionId());
                }
                else if (event instanceof SessionEvent.Unsubscribed unsubscribed)
                {
                    chains.onUnsubscribed(unsubscribed.market(), unsubscribed.streams());
                }
            }
            return;
        }
        final Market market = Market.fromId(b.getByte(index + MARKET));
        final FrameKind kind = FrameKind.fromId(b.getByte(index + KIND));
        final int streamLength = b.getByte(index + STREAM_LENGTH) & 0xFF;
        final int connection = b.getInt(index + CONNECTION);
        final long epoch = b.getLong(index + EPOCH);
        final int payloadOffset = index + STREAM + streamLength;
        final int payloadLength = length - STREAM - streamLength;
        writer.appendFrame(market, connection, kind, epoch, b.getLong(index + MONO), b, index + STREAM, streamLength,
            b, payloadOffset, payloadLength);
        metrics.frame(market, payloadLength);
        if (kind == FrameKind.REST)
        {
            chains.onSnapshot(market, b, index + STREAM, streamLength, payloadOffset, payloadLength);
        }
        else
        {
            final long first = b.getLong(index + FIRST);
            if (first >= 0)
            {
                // A diff-depth event: its stream is the combined frame's (JSON) or the one it came with (SBE).
                final int nameLength = b.getByte(index + NAME_LENGTH) & 0xFF;
                final int nameOffset = nameLength > 0 ? payloadOffset + JournalFormat.COMBINED_PREFIX_LENGTH : index + STREAM;
                final int name = nameLength > 0 ? nameLength : streamLength;
                if ((b.getByte(index + FLAGS) & FLAG_CUT) != 0)
                {
                    chains.onBrokenDepth(market, connection, b, nameOffset, name, first, b.getLong(index + LAST));
                }
                else
                {
                    chains.onDepthIds(market, connection, b, nameOffset, name, first, b.getLong(index + LAST), b.getLong(index + PREVIOUS));
                }
            }
            if ((++lagSample & 63) == 0)
            {
                final long eventMicros = EventTimes.eventMicros(market, kind, b, payloadOffset, payloadLength, false);
                if (eventMicros > 0)
                {
                    metrics.lag(epoch / 1000 - eventMicros);
                }
            }
        }
    }

    /** Stops after journaling everything already offered. */
    void stop()
    {
        running = false;
        if (thread != null)
        {
            LockSupport.unpark(thread); // out of its idle park now, not in up to IDLE_NANOS
            try
            {
                thread.join(30_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean running()
    {
        return running;
    }

    /** @return why the pump stopped on its own (a write failure, a full disk), or null. */
    TicktapeException failure()
    {
        return failure;
    }

}
