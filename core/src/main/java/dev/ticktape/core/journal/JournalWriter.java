package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ticktape.core.journal.JournalFormat.*;

/**
 * Appends frames and session events to a journal directory, creating it if needed, or appending
 * after whatever an earlier writer (even a killed one) left there.
 * <p>
 * Appending a frame allocates nothing. One writer per journal; it is confined to the thread that
 * first appends (Chronicle appenders are single-threaded). {@link #close()} is idempotent.
 */
public final class JournalWriter implements AutoCloseable
{
    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ReceiveTimeProvider timeProvider;
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer streamView = new UnsafeBuffer(0, 0);
    private ExcerptAppender appender;
    private boolean threadChecksOff;
    private long framesWritten;
    private boolean closed;

    private JournalWriter(final Path directory, final RollCycle rollCycle)
    {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN)
        {
            throw new TicktapeException(ErrorCode.INTERNAL, "ticktape journals need a little-endian CPU");
        }
        this.directory = directory;
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot create journal directory " + directory + ": " + e, e);
        }
        if (Files.exists(directory.resolve(JournalReader.METADATA_FILE)))
        {
            // Validates that an existing journal is ours and of a version we write, before appending to it.
            try (JournalReader existing = JournalReader.open(directory))
            {
                existing.checkLastRecord();
            }
        }
        this.timeProvider = new ReceiveTimeProvider(0);
        try
        {
            this.queue = SingleChronicleQueueBuilder.single(directory.toFile())
                .rollCycle(rollCycle)
                .timeProvider(timeProvider)
                .build();
        }
        catch (final RuntimeException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot open journal " + directory + " for writing: " + e, e);
        }
        // an archiver may have removed hours since Chronicle last listed the directory
        queue.refreshDirectoryListing();
        final int lastCycle = queue.lastCycle();
        final RollCycle actual = queue.rollCycle();
        if (lastCycle != Integer.MIN_VALUE)
        {
            timeProvider.observe(((long) lastCycle * actual.lengthInMillis() + actual.defaultEpoch()) * 1_000_000L);
        }
        final int lastArchived = JournalReader.lastArchivedCycle(directory, actual, queue.epoch());
        if (lastArchived != Integer.MIN_VALUE)
        {
            // never append into an archived hour (it would be hidden behind its archive): start after it
            timeProvider.observe(((long) (lastArchived + 1) * actual.lengthInMillis() + queue.epoch()) * 1_000_000L);
        }
    }

    /**
     * Opens a journal for appending, creating it with the default hourly roll cycle if absent.
     *
     * @param directory the journal directory.
     * @return the writer.
     * @throws TicktapeException {@link ErrorCode#IO} if the directory cannot be created or opened,
     *                           {@link ErrorCode#DATA} if it holds a foreign or newer journal.
     */
    public static JournalWriter open(final Path directory)
    {
        return new JournalWriter(directory, DEFAULT_ROLL_CYCLE);
    }

    /**
     * Opens a journal for appending; a new journal gets the given roll cycle, an existing one keeps its own.
     *
     * @param directory the journal directory.
     * @param rollCycle the roll cycle for a new journal (tests use short cycles).
     * @return the writer.
     */
    public static JournalWriter open(final Path directory, final RollCycle rollCycle)
    {
        return new JournalWriter(directory, rollCycle);
    }

    /**
     * Appends one received frame from a byte array.
     *
     * @param market         the market it came from.
     * @param connectionId   the connection it arrived on.
     * @param kind           text, binary or REST.
     * @param recvEpochNanos wall-clock receive time, epoch nanoseconds.
     * @param recvMonoNanos  monotonic receive time, nanoseconds.
     * @param urlStream      the stream the connection URL names ({@code /ws/<stream>}), as ASCII bytes,
     *                       or {@code null}; ignored when the payload is a combined-stream frame,
     *                       whose own stream name is used.
     * @param payload        the bytes exactly as received.
     * @param offset         where they start.
     * @param length         how many.
     */
    public void appendFrame(
        final Market market,
        final int connectionId,
        final FrameKind kind,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final byte[] urlStream,
        final byte[] payload,
        final int offset,
        final int length)
    {
        payloadView.wrap(payload, offset, length);
        appendFrame(market, connectionId, kind, recvEpochNanos, recvMonoNanos, urlStream, payloadView, 0, length);
    }

    /**
     * Appends one received frame from a {@link ByteBuffer}'s position to its limit, leaving the
     * buffer's position untouched.
     *
     * @param market         the market it came from.
     * @param connectionId   the connection it arrived on.
     * @param kind           text, binary or REST.
     * @param recvEpochNanos wall-clock receive time, epoch nanoseconds.
     * @param recvMonoNanos  monotonic receive time, nanoseconds.
     * @param urlStream      the stream the connection URL names, or {@code null}.
     * @param payload        the bytes exactly as received.
     */
    public void appendFrame(
        final Market market,
        final int connectionId,
        final FrameKind kind,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final byte[] urlStream,
        final ByteBuffer payload)
    {
        payloadView.wrap(payload);
        appendFrame(market, connectionId, kind, recvEpochNanos, recvMonoNanos, urlStream,
            payloadView, payload.position(), payload.remaining());
    }

    /**
     * Appends one received frame from an Agrona buffer.
     *
     * @param market         the market it came from.
     * @param connectionId   the connection it arrived on.
     * @param kind           text, binary or REST.
     * @param recvEpochNanos wall-clock receive time, epoch nanoseconds.
     * @param recvMonoNanos  monotonic receive time, nanoseconds.
     * @param urlStream      the stream the connection URL names, or {@code null}.
     * @param payload        the buffer holding the bytes exactly as received.
     * @param offset         where they start.
     * @param length         how many.
     * @throws TicktapeException {@link ErrorCode#DATA} if the payload exceeds
     *                           {@link JournalFormat#MAX_PAYLOAD_LENGTH}; nothing is written then.
     */
    public void appendFrame(
        final Market market,
        final int connectionId,
        final FrameKind kind,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final byte[] urlStream,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (urlStream == null)
        {
            appendFrame(market, connectionId, kind, recvEpochNanos, recvMonoNanos, null, 0, 0, payload, offset, length);
        }
        else
        {
            streamView.wrap(urlStream);
            appendFrame(market, connectionId, kind, recvEpochNanos, recvMonoNanos, streamView, 0, urlStream.length,
                payload, offset, length);
        }
    }

    /**
     * Appends one received frame from an Agrona buffer, its URL stream name from another; the
     * form the recorder uses, copying nothing but into the journal.
     *
     * @param market         the market it came from.
     * @param connectionId   the connection it arrived on.
     * @param kind           text, binary or REST.
     * @param recvEpochNanos wall-clock receive time, epoch nanoseconds.
     * @param recvMonoNanos  monotonic receive time, nanoseconds.
     * @param stream         the buffer holding the stream name as ASCII, or {@code null}.
     * @param streamOffsetInBuffer where the name starts in {@code stream}.
     * @param urlStreamLength its length (0: none); a combined-stream text frame names its own stream instead.
     * @param payload        the buffer holding the bytes exactly as received.
     * @param offset         where they start.
     * @param length         how many.
     * @throws TicktapeException {@link ErrorCode#DATA} if the payload exceeds
     *                           {@link JournalFormat#MAX_PAYLOAD_LENGTH}; nothing is written then.
     */
    public void appendFrame(
        final Market market,
        final int connectionId,
        final FrameKind kind,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final DirectBuffer stream,
        final int streamOffsetInBuffer,
        final int urlStreamLength,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (length > MAX_PAYLOAD_LENGTH || length < 0)
        {
            throw new TicktapeException(ErrorCode.DATA,
                "frame of " + length + " bytes exceeds the " + MAX_PAYLOAD_LENGTH + "-byte cap");
        }
        int streamOffset = 0;
        int streamLength = 0;
        int flags = 0;
        final int combinedLength = kind == FrameKind.TEXT ? combinedStreamLength(payload, offset, length) : 0;
        if (combinedLength > 0)
        {
            streamOffset = HEADER_LENGTH + COMBINED_PREFIX.length;
            streamLength = combinedLength;
        }
        else if (stream != null && urlStreamLength > 0)
        {
            if (urlStreamLength > MAX_STREAM_LENGTH)
            {
                throw new TicktapeException(ErrorCode.DATA,
                    "stream name of " + urlStreamLength + " bytes exceeds " + MAX_STREAM_LENGTH);
            }
            streamOffset = HEADER_LENGTH;
            streamLength = urlStreamLength;
            flags = FLAG_STREAM_INLINE;
        }

        timeProvider.observe(recvEpochNanos);
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            writeHeader(bytes, RECORD_FRAME, market.id(), kind.id(), connectionId, recvEpochNanos, recvMonoNanos,
                streamOffset, streamLength, flags);
            if (flags == FLAG_STREAM_INLINE)
            {
                writeBytes(bytes, stream, streamOffsetInBuffer, urlStreamLength);
            }
            writeBytes(bytes, payload, offset, length);
        }
        framesWritten++;
    }

    private static void writeBytes(final Bytes<?> bytes, final DirectBuffer source, final int offset, final int length)
    {
        final byte[] array = source.byteArray();
        if (array != null)
        {
            bytes.write(array, source.wrapAdjustment() + offset, length);
        }
        else if (length > 0)
        {
            bytes.unsafeWrite(source.addressOffset() + offset, length);
        }
    }

    /**
     * Appends a session event, written as a self-describing Wire document after the common header.
     *
     * @param event          the event.
     * @param recvEpochNanos wall-clock time of the event, epoch nanoseconds.
     * @param recvMonoNanos  monotonic time of the event, nanoseconds.
     */
    public void appendEvent(final SessionEvent event, final long recvEpochNanos, final long recvMonoNanos)
    {
        final Market market = event.market();
        timeProvider.observe(recvEpochNanos);
        try (DocumentContext dc = appender().writingDocument())
        {
            writeHeader(dc.wire().bytes(), RECORD_EVENT, market == null ? 0 : market.id(), event.type().code(),
                event.connectionId(), recvEpochNanos, recvMonoNanos, 0, 0, 0);
            SessionEventCodec.write(event, dc.wire());
        }
    }

    /**
     * Appends a whole record (header and body) exactly as another journal holds it: the repair of a
     * damaged file copies its valid records this way. The record lands in the cycle of its own
     * receive time.
     */
    void appendRecord(final DirectBuffer record, final int offset, final int length)
    {
        timeProvider.observe(record.getLong(offset + RECV_EPOCH_NS_OFFSET, ByteOrder.LITTLE_ENDIAN));
        try (DocumentContext dc = appender().writingDocument())
        {
            writeBytes(dc.wire().bytes(), record, offset, length);
        }
    }

    /**
     * @return the journal index of the last record this writer appended.
     */
    public long lastAppendedIndex()
    {
        return appender().lastIndexAppended();
    }

    /**
     * @return how many frames this writer has appended since it was opened.
     */
    public long framesWritten()
    {
        return framesWritten;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Flushes nothing (Chronicle writes through memory-mapped files the OS writes back) and releases
     * the queue. Safe to call twice.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (appender != null)
            {
                appender.close();
            }
        }
        finally
        {
            queue.close();
        }
    }

    /**
     * Turns off Chronicle's check, on every append, that the appender is used by the thread that
     * first used it: for a writer that one thread owns by design (the recorder's journal thread),
     * where the check costs about 5% of an append. Call before the first append.
     */
    public void ownedByOneThread()
    {
        threadChecksOff = true;
    }

    private ExcerptAppender appender()
    {
        if (appender == null)
        {
            if (closed)
            {
                throw new TicktapeException(ErrorCode.INTERNAL, "journal writer for " + directory + " is closed");
            }
            appender = queue.createAppender();
            if (threadChecksOff)
            {
                ((net.openhft.chronicle.core.io.SingleThreadedChecked) appender).singleThreadedCheckDisabled(true);
            }
        }
        return appender;
    }

    /**
     * Writes the 28-byte header as four little-endian words (Chronicle writes native order, and the
     * journal is defined little-endian), byte for byte the layout in {@link JournalFormat}.
     */
    private static void writeHeader(
        final Bytes<?> bytes,
        final byte recordType,
        final int market,
        final int kind,
        final int connectionId,
        final long recvEpochNanos,
        final long recvMonoNanos,
        final int streamOffset,
        final int streamLength,
        final int flags)
    {
        bytes.writeLong((recordType & 0xFFL) | ((long) VERSION << 8) | ((market & 0xFFL) << 16) | ((kind & 0xFFL) << 24)
            | ((long) connectionId << 32));
        bytes.writeLong(recvEpochNanos);
        bytes.writeLong(recvMonoNanos);
        bytes.writeInt((streamOffset & 0xFFFF) | ((streamLength & 0xFF) << 16) | ((flags & 0xFF) << 24));
    }
}
