package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.stream.Stream;

import static dev.ticktape.core.journal.JournalFormat.*;

/**
 * Reads a journal in order, frame by frame, from the start or from a receive time.
 * <p>
 * Reading a frame allocates nothing: the {@link FrameHandler} gets a reused {@link JournalFrame}
 * whose buffer points straight into the memory-mapped journal. Session events are parsed into
 * small immutable records. A reader is confined to one thread; {@link #close()} is idempotent.
 */
public final class JournalReader implements AutoCloseable
{
    /** The file every Chronicle Queue directory holds. */
    static final String METADATA_FILE = "metadata.cq4t";

    private static final long ABSENT = Long.MAX_VALUE;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final JournalFrame frame = new JournalFrame();
    private byte[] scratch = new byte[4096];
    private long unknownRecords;
    private boolean closed;
    /**
     * Where reading must stop, for a journal with files cut short: the index of a cycle's first
     * record mapped to the count of records that can be read in it (null for a whole journal).
     */
    private java.util.Map<Long, Long> stops;
    private java.util.Map<Integer, Path> cutFiles;

    private JournalReader(final Path directory)
    {
        this.directory = directory;
        checkIsJournalDirectory(directory);
        try
        {
            this.queue = SingleChronicleQueueBuilder.single(directory.toFile())
                .rollCycle(DEFAULT_ROLL_CYCLE) // the journal's own cycle wins; this avoids Chronicle's override warning
                .readOnly(true)
                .build();
        }
        catch (final RuntimeException e)
        {
            throw new TicktapeException(ErrorCode.DATA, "cannot open journal " + directory + ": " + e.getMessage(), e);
        }
        try
        {
            // Before Chronicle reads a file: it waits long for a header that looks unfinished, as noise can.
            findCutFiles();
            if (stops != null)
            {
                final long first = queue.rollCycle().toIndex(queue.firstCycle(), 0);
                if (Long.valueOf(0).equals(stops.get(first)))
                {
                    throw stopped(queue.firstCycle(), first);
                }
            }
            this.tailer = queue.createTailer();
            // one thread reads at a time; Chronicle's check that it is always the same one costs a
            // few percent of a replay and forbids handing a reader to another thread
            ((net.openhft.chronicle.core.io.SingleThreadedChecked) tailer).singleThreadedCheckDisabled(true);
            checkFirstRecord();
        }
        catch (final TicktapeException e)
        {
            queue.close();
            throw e;
        }
        catch (final Exception | InternalError e)
        {
            queue.close();
            throw new TicktapeException(ErrorCode.DATA, "journal " + directory + " is damaged at its first record: "
                + (e instanceof InternalError ? "a memory-mapped read failed (a file cut short)" : String.valueOf(e.getMessage()).lines()
                .findFirst().orElse("")) + "; run ticktape verify --journal " + directory, e);
        }
    }

    /**
     * Opens a journal for reading, positioned at its start.
     *
     * @param directory the journal directory.
     * @return the reader.
     * @throws TicktapeException {@link ErrorCode#IO} if the directory is missing or unreadable,
     *                           {@link ErrorCode#DATA} if it is not a ticktape journal or has an
     *                           unknown format version.
     */
    public static JournalReader open(final Path directory)
    {
        return new JournalReader(directory);
    }

    /**
     * Reads the next record and hands it to the matching handler.
     *
     * @param frameHandler receives frames.
     * @param eventHandler receives session events.
     * @return {@code false} when there was nothing more to read.
     * @throws TicktapeException {@link ErrorCode#DATA} on a corrupt record or an unknown format version.
     */
    public boolean read(final FrameHandler frameHandler, final SessionEventHandler eventHandler)
    {
        try
        {
            return readRecord(frameHandler, eventHandler);
        }
        catch (final TicktapeException e)
        {
            throw e;
        }
        catch (final InternalError | Exception e)
        {
            throw damaged(e);
        }
    }

    /**
     * A fault of Chronicle's own reading: SIGBUS on the mapped file (a page the file no longer has,
     * cut short after it was mapped) or a store header it cannot parse.
     */
    private TicktapeException damaged(final Throwable e)
    {
        final String what = e instanceof InternalError ? "a memory-mapped read failed (a file cut short)" : String.valueOf(e.getMessage());
        return new TicktapeException(ErrorCode.DATA, "journal " + directory + " is damaged near index 0x" + Long.toHexString(tailer.index())
            + ": " + what.lines().findFirst().orElse("") + "; run ticktape verify --journal " + directory, e);
    }

    private boolean readRecord(final FrameHandler frameHandler, final SessionEventHandler eventHandler)
    {
        if (stops != null)
        {
            checkStop();
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final int length = (int) bytes.readRemaining();
            final long index = dc.index();
            if (length < HEADER_LENGTH)
            {
                throw notOurs(index, "a record of " + length + " bytes, shorter than the " + HEADER_LENGTH
                    + "-byte header");
            }
            wrap(bytes, start, length);
            final long word0 = frame.buffer().getLong(0, ByteOrder.LITTLE_ENDIAN);
            final byte recordType = checkRecordType((byte) word0, (int) (word0 >>> 8) & 0xFF, index);
            if (recordType == RECORD_FRAME)
            {
                frameHandler.onFrame(frameAt(word0, length, index));
            }
            else
            {
                final SessionEvent event = eventAt(bytes, start, index, dc);
                if (event != null)
                {
                    eventHandler.onEvent(index, bytes.readLong(start + RECV_EPOCH_NS_OFFSET), event);
                }
            }
            return true;
        }
    }

    /**
     * Finds hourly files cut short, by Chronicle's own header (the position of the last record it
     * wrote) against the file's size, reading that record's header with a plain file read: no
     * memory map ever touches a page past a file's end. For each cut file the records before the
     * cut are counted (by {@link JournalVerifier}'s walk, also with plain reads), and reading stops
     * there with a data error; a file cut before its first record stops the reader at the end of
     * the file before it, since Chronicle reads into the next file in one step.
     */
    private void findCutFiles()
    {
        final int[] cycles = cycles();
        final RollCycle rollCycle = queue.rollCycle();
        try (SingleChronicleQueue headers = JournalVerifier.headers(directory))
        {
            for (int i = 0; i < cycles.length; i++)
            {
                final Path file = cycleFile(cycles[i]);
                if (file == null || knownWhole(file) || !cut(headers, file))
                {
                    continue;
                }
                final long whole = JournalVerifier.wholeRecords(file);
                if (stops == null)
                {
                    stops = new java.util.HashMap<>();
                    cutFiles = new java.util.HashMap<>();
                }
                stops.put(rollCycle.toIndex(cycles[i], 0), whole);
                cutFiles.put(cycles[i], file);
                if (whole == 0 && i > 0)
                {
                    final Path before = cycleFile(cycles[i - 1]);
                    stops.put(rollCycle.toIndex(cycles[i - 1], 0), JournalVerifier.wholeRecords(before));
                    cutFiles.put(cycles[i - 1], file);
                }
            }
        }
    }

    /**
     * Files found whole, with the size and modification time they had then: a process that opens
     * readers again and again (a replay server, a connection at a time) checks each file once, until
     * it changes.
     */
    private static final java.util.Map<Path, String> WHOLE = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean knownWhole(final Path file)
    {
        final String stamp = stamp(file);
        return stamp != null && stamp.equals(WHOLE.get(file.toAbsolutePath()));
    }

    private static String stamp(final Path file)
    {
        try
        {
            return Files.size(file) + "/" + Files.getLastModifiedTime(file).toMillis();
        }
        catch (final IOException e)
        {
            return null;
        }
    }

    /** {@link JournalVerifier#cutShort}, remembering the files found whole. */
    private static boolean cut(final SingleChronicleQueue headers, final Path file)
    {
        final String before = stamp(file);
        final boolean cut = JournalVerifier.cutShort(headers, file);
        if (!cut && before != null && before.equals(stamp(file)))
        {
            if (WHOLE.size() > 100_000)
            {
                WHOLE.clear();
            }
            WHOLE.put(file.toAbsolutePath(), before);
        }
        return cut;
    }

    /** The file of a cycle, named by the roll cycle's format, as Chronicle names it. */
    private Path cycleFile(final int cycle)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern(rollCycle.format())
            .withZone(java.time.ZoneOffset.UTC);
        final long millis = (long) cycle * rollCycle.lengthInMillis() + queue.epoch();
        final Path file = directory.resolve(format.format(java.time.Instant.ofEpochMilli(millis)) + ".cq4");
        return Files.isRegularFile(file) ? file : null;
    }

    /** Before a read: the next record would lie in, or lead into, a file cut short. */
    private void checkStop()
    {
        if (tailer.direction() != TailerDirection.FORWARD)
        {
            return;
        }
        final RollCycle rollCycle = queue.rollCycle();
        final long index = tailer.index();
        // a tailer that has read nothing yet may not name an index: it reads from the first file
        final long next = index > 0 ? index : rollCycle.toIndex(queue.firstCycle(), 0);
        final int cycle = rollCycle.toCycle(next);
        final Long stop = stops.get(rollCycle.toIndex(cycle, 0));
        if (stop != null && rollCycle.toSequenceNumber(next) >= stop)
        {
            throw stopped(cycle, next);
        }
    }

    private TicktapeException stopped(final int cycle, final long next)
    {
        return new TicktapeException(ErrorCode.DATA, "journal " + directory + " is damaged: " + cutFiles.get(cycle).getFileName()
            + " was cut short or overwritten; the records before index 0x" + Long.toHexString(next)
            + " are whole; run ticktape verify --journal " + directory);
    }

    /**
     * Positions the reader on the first record received at or after the given time, by binary search
     * over the hourly files and within one, not by scanning. Records are in append order; receive
     * times are assumed not to decrease (a wall clock stepped back by NTP makes the landing approximate).
     *
     * @param epochNanos the receive time, epoch nanoseconds.
     */
    public void seek(final long epochNanos)
    {
        try
        {
            seekTo(epochNanos);
        }
        catch (final TicktapeException e)
        {
            throw e;
        }
        catch (final InternalError | Exception e)
        {
            throw damaged(e);
        }
    }

    private void seekTo(final long epochNanos)
    {
        final int[] cycles = cycles();
        if (cycles.length == 0)
        {
            tailer.toEnd();
            return;
        }
        final RollCycle rollCycle = queue.rollCycle();
        try (ExcerptTailer probe = queue.createTailer())
        {
            // The last cycle whose first record is at or before the time; earlier cycles end before it.
            int lo = 0;
            int hi = cycles.length - 1;
            int first = 0;
            while (lo <= hi)
            {
                final int mid = (lo + hi) >>> 1;
                final long t = timeAt(probe, rollCycle.toIndex(cycles[mid], 0));
                if (t != ABSENT && t <= epochNanos)
                {
                    first = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            for (int c = first; c < cycles.length; c++)
            {
                // Within a cycle sequence numbers are dense from 0, so "absent or at/after T" is monotonic.
                long sLo = 0;
                long sHi = rollCycle.maxMessagesPerCycle();
                while (sLo < sHi)
                {
                    final long mid = (sLo + sHi) >>> 1;
                    final long t = timeAt(probe, rollCycle.toIndex(cycles[c], mid));
                    if (t == ABSENT || t >= epochNanos)
                    {
                        sHi = mid;
                    }
                    else
                    {
                        sLo = mid + 1;
                    }
                }
                final long index = rollCycle.toIndex(cycles[c], sLo);
                if (timeAt(probe, index) != ABSENT)
                {
                    moveTo(index);
                    return;
                }
            }
        }
        tailer.toEnd();
    }

    /**
     * Positions the reader at the first record.
     */
    public void toStart()
    {
        tailer.direction(TailerDirection.FORWARD).toStart();
    }

    /**
     * Positions the reader at the last record and turns it round: each {@link #read} then delivers
     * the record before the previous one, back to the first (a restarted recorder looks back this
     * way for the last ids it holds). {@link #toStart()} turns it forward again.
     */
    public void toEndBackward()
    {
        tailer.direction(TailerDirection.BACKWARD).toEnd();
    }

    /**
     * @return the index the next {@link #read} will deliver, or of the last one read if at the end.
     */
    public long index()
    {
        return tailer.index();
    }

    /**
     * Counts the records (frames and session events) the journal holds now, from Chronicle's
     * indexes, without reading them: for progress reporting.
     *
     * @return the number of records.
     */
    public long recordCount()
    {
        final long first = queue.firstIndex();
        final long last = queue.lastIndex();
        if (first == Long.MAX_VALUE || last < first)
        {
            return 0;
        }
        return queue.countExcerpts(first, last) + 1;
    }

    /**
     * @return the journal's roll cycle (hourly for journals written with the defaults).
     */
    public RollCycle rollCycle()
    {
        return queue.rollCycle();
    }

    /**
     * @return how many roll-cycle files hold records.
     */
    public int cycleCount()
    {
        return cycles().length;
    }

    /**
     * @return how many records with an event type this version does not know were skipped.
     */
    public long unknownRecords()
    {
        return unknownRecords;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

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
            tailer.close();
        }
        finally
        {
            queue.close();
        }
    }

    /**
     * Checks the newest record, so that a writer never appends behind a record it cannot read.
     */
    void checkLastRecord()
    {
        if (stops != null)
        {
            // appending after a file cut short would hide the damage behind new records
            throw new TicktapeException(ErrorCode.DATA, "journal " + directory + " is damaged ("
                + cutFiles.values().iterator().next().getFileName() + " was cut short or overwritten); nothing is appended to it: "
                + "run ticktape verify --journal " + directory + " --repair first");
        }
        final long last = queue.lastIndex();
        if (last < 0)
        {
            return;
        }
        try (ExcerptTailer probe = queue.createTailer())
        {
            if (probe.moveToIndex(last))
            {
                checkNextRecord(probe);
            }
        }
    }

    private void moveTo(final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            throw new TicktapeException(ErrorCode.DATA,
                "journal " + directory + ": cannot move to index 0x" + Long.toHexString(index));
        }
    }

    private int[] cycles()
    {
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE)
        {
            return new int[0];
        }
        final NavigableSet<Long> set = queue.listCyclesBetween(first, last);
        final int[] cycles = new int[set.size()];
        int i = 0;
        for (final Long c : set)
        {
            cycles[i++] = c.intValue();
        }
        return cycles;
    }

    private long timeAt(final ExcerptTailer probe, final long index)
    {
        if (!probe.moveToIndex(index))
        {
            return ABSENT;
        }
        try (DocumentContext dc = probe.readingDocument())
        {
            if (!dc.isPresent() || dc.index() != index)
            {
                return ABSENT;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            checkHeader(bytes, start, (int) bytes.readRemaining(), index);
            return bytes.readLong(start + RECV_EPOCH_NS_OFFSET);
        }
    }

    private void checkFirstRecord()
    {
        try (ExcerptTailer probe = queue.createTailer())
        {
            checkNextRecord(probe);
        }
    }

    private void checkNextRecord(final ExcerptTailer probe)
    {
        try (DocumentContext dc = probe.readingDocument())
        {
            if (dc.isPresent())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                checkHeader(bytes, bytes.readPosition(), (int) bytes.readRemaining(), dc.index());
            }
        }
    }

    private byte checkHeader(final Bytes<?> bytes, final long start, final int length, final long index)
    {
        if (length < HEADER_LENGTH)
        {
            throw notOurs(index, "a record of " + length + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        return checkRecordType(bytes.readByte(start + RECORD_TYPE_OFFSET), bytes.readUnsignedByte(start + VERSION_OFFSET),
            index);
    }

    private byte checkRecordType(final byte recordType, final int version, final long index)
    {
        if (recordType != RECORD_FRAME && recordType != RECORD_EVENT)
        {
            throw notOurs(index, "record type 0x" + Integer.toHexString(recordType & 0xFF));
        }
        if (version != VERSION)
        {
            throw new TicktapeException(ErrorCode.DATA, "journal " + directory + " has unknown format version "
                + version + " at index 0x" + Long.toHexString(index) + " (this ticktape reads version " + VERSION + ")");
        }
        return recordType;
    }

    private TicktapeException notOurs(final long index, final String what)
    {
        return new TicktapeException(ErrorCode.DATA, "not a ticktape journal: " + directory + " holds " + what
            + " at index 0x" + Long.toHexString(index));
    }

    /** Points the frame's buffer at the excerpt: the mapped memory itself, or a copy when it is not direct. */
    private void wrap(final Bytes<?> bytes, final long start, final int length)
    {
        if (bytes.isDirectMemory())
        {
            frame.wrapAddress(bytes.addressForRead(start), length);
        }
        else
        {
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            bytes.read(scratch, 0, length);
            frame.wrapArray(scratch, length);
        }
    }

    private JournalFrame frameAt(final long word0, final int length, final long index)
    {
        // The header is read from the mapped memory through the frame's buffer: plain loads.
        final DirectBuffer b = frame.buffer();
        final int word3 = b.getInt(STREAM_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final Market market = Market.fromId((int) (word0 >>> 16) & 0xFF);
        final FrameKind kind = FrameKind.fromId((int) (word0 >>> 24) & 0xFF);
        final int streamOffset = word3 & 0xFFFF;
        final int streamLength = (word3 >>> 16) & 0xFF;
        final int flags = word3 >>> 24;
        final int payloadOffset = HEADER_LENGTH + ((flags & FLAG_STREAM_INLINE) != 0 ? streamLength : 0);
        if (market == null || kind == null || payloadOffset > length || streamOffset + streamLength > length)
        {
            throw new TicktapeException(ErrorCode.DATA, "journal " + directory + " has a corrupt frame header at index 0x"
                + Long.toHexString(index));
        }
        frame.header(index, market, kind, (int) (word0 >>> 32),
            b.getLong(RECV_EPOCH_NS_OFFSET, ByteOrder.LITTLE_ENDIAN), b.getLong(RECV_MONO_NS_OFFSET, ByteOrder.LITTLE_ENDIAN),
            streamOffset, streamLength, payloadOffset, length - payloadOffset);
        return frame;
    }

    private SessionEvent eventAt(final Bytes<?> bytes, final long start, final long index, final DocumentContext dc)
    {
        final SessionEventType type = SessionEventType.fromCode(bytes.readUnsignedByte(start + KIND_OFFSET));
        if (type == null)
        {
            unknownRecords++;
            return null;
        }
        bytes.readPosition(start + HEADER_LENGTH);
        try
        {
            return SessionEventCodec.read(type, dc.wire(), index);
        }
        catch (final TicktapeException e)
        {
            throw e;
        }
        catch (final RuntimeException e)
        {
            throw new TicktapeException(ErrorCode.DATA, "journal " + directory + " has a corrupt " + type
                + " event at index 0x" + Long.toHexString(index) + ": " + e.getMessage(), e);
        }
    }

    static void checkIsJournalDirectory(final Path directory)
    {
        if (!Files.exists(directory))
        {
            throw new TicktapeException(ErrorCode.IO, "journal directory does not exist: " + directory);
        }
        if (!Files.isDirectory(directory))
        {
            throw new TicktapeException(ErrorCode.IO, "not a directory: " + directory);
        }
        if (!Files.isReadable(directory) || !Files.isExecutable(directory))
        {
            throw new TicktapeException(ErrorCode.IO, "permission denied: " + directory);
        }
        if (!Files.isRegularFile(directory.resolve(METADATA_FILE)))
        {
            boolean hasQueueFiles;
            try (Stream<Path> files = Files.list(directory))
            {
                hasQueueFiles = files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot list " + directory + ": " + e.getMessage(), e);
            }
            throw new TicktapeException(ErrorCode.DATA, hasQueueFiles
                ? "journal " + directory + " is missing its " + METADATA_FILE
                : "not a ticktape journal: " + directory + " holds no Chronicle Queue files");
        }
        if (!Files.isReadable(directory.resolve(METADATA_FILE)))
        {
            throw new TicktapeException(ErrorCode.IO, "permission denied: " + directory.resolve(METADATA_FILE));
        }
    }
}
