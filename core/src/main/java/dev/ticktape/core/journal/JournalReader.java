package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableSet;
import java.util.stream.Stream;

import static dev.ticktape.core.journal.JournalFormat.*;

/**
 * Reads a journal in order, frame by frame, from the start or from a receive time: its hours as one
 * timeline, each read from its archive ({@code docs/archive-format.md}) once sealed and from the
 * live Chronicle Queue file otherwise, with the same indexes either way.
 * <p>
 * Reading a frame allocates nothing: the {@link FrameHandler} gets a reused {@link JournalFrame}
 * whose buffer points straight into the memory-mapped journal (for an archived hour, into the
 * decoded block). Session events are parsed into small immutable records. A reader is confined to
 * one thread (an archived hour's next blocks decode on a shared pool, with the reader's thread
 * helping: {@link ArchiveReadAhead}); {@link #close()} is idempotent.
 */
public final class JournalReader implements AutoCloseable
{
    /** The file every Chronicle Queue directory holds. */
    static final String METADATA_FILE = "metadata.cq4t";

    private static final long ABSENT = Long.MAX_VALUE;

    private final Path directory;
    /** The live journal's queue and tailer; null for a directory that holds only archived hours. */
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final RollCycle rollCycle;
    private final long epochMillis;
    private final JournalFrame frame = new JournalFrame();
    /** Hours in the directory: archived ({@code .tta}) and live ({@code .cq4}); an hour in both is read from its archive. */
    private final java.util.TreeMap<Integer, Path> archives = new java.util.TreeMap<>();
    private final java.util.TreeMap<Integer, Path> liveFiles = new java.util.TreeMap<>();
    private final java.util.NavigableSet<Integer> liveCycles = liveFiles.navigableKeySet();
    private final java.util.TreeSet<Integer> hours = new java.util.TreeSet<>();
    /** The archived hour being read, or null when reading the live journal. */
    private ArchiveFile archive;
    /** The reader's own block, for seeks and backward reads; forward reads take blocks from the read-ahead. */
    private final ArchiveBlock ownBlock = new ArchiveBlock();
    private ArchiveBlock block = ownBlock;
    private ArchiveReadAhead readAhead;
    /** Forward reads of archived hours decode the next blocks on other threads ({@link ArchiveReadAhead}); off with -Dticktape.archive.noReadAhead=true. */
    private static final boolean READ_AHEAD = !Boolean.getBoolean("ticktape.archive.noReadAhead");
    private int blockIndex = -1;
    /** Forward: the next record of {@link #block} to deliver; backward: the one before the next to deliver, + 1. */
    private int blockRecord;
    /** The hour the live tailer is reading. */
    private int liveCycle = Integer.MIN_VALUE;
    private boolean backward;
    private boolean atEnd;

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
        final boolean live = checkIsJournalDirectory(directory);
        listHours(null);
        if (!live)
        {
            // only archived hours: no Chronicle queue to open
            queue = null;
            tailer = null;
            final ArchiveFile first = ArchiveFile.open(archives.firstEntry().getValue());
            try
            {
                rollCycle = rollCycleNamed(first.rollCycleName(), first.file());
                epochMillis = first.cycleStartMillis() - (long) first.cycle() * first.cycleLengthMillis();
            }
            finally
            {
                first.close();
            }
            listHours(rollCycle);
            toStart();
            return;
        }
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
        this.rollCycle = queue.rollCycle();
        this.epochMillis = queue.epoch();
        try
        {
            listHours(rollCycle);
            // Before Chronicle reads a file: it waits long for a header that looks unfinished, as noise can.
            findCutFiles();
            if (stops != null && !liveCycles.isEmpty())
            {
                final long first = rollCycle.toIndex(liveCycles.first(), 0);
                if (Long.valueOf(0).equals(stops.get(first)) && !archives.containsKey(liveCycles.first()))
                {
                    throw stopped(liveCycles.first(), first);
                }
            }
            this.tailer = queue.createTailer();
            // one thread reads at a time; Chronicle's check that it is always the same one costs a
            // few percent of a replay and forbids handing a reader to another thread
            ((net.openhft.chronicle.core.io.SingleThreadedChecked) tailer).singleThreadedCheckDisabled(true);
            checkFirstRecord();
            toStart();
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

    private static RollCycle rollCycleNamed(final String name, final Path file)
    {
        for (final Class<? extends Enum> type : java.util.List.of(net.openhft.chronicle.queue.RollCycles.class,
            net.openhft.chronicle.queue.rollcycles.TestRollCycles.class))
        {
            for (final Enum<?> constant : type.getEnumConstants())
            {
                if (constant.name().equals(name))
                {
                    return (RollCycle) constant;
                }
            }
        }
        throw new TicktapeException(ErrorCode.DATA, "archive " + file + " names an unknown roll cycle " + name);
    }

    /**
     * Lists the directory's hours: {@code .cq4} files (live) and {@code .tta} files (archived), by
     * the cycle their names give. With no roll cycle known yet (a directory of archives only), the
     * archives are only collected, so that the first one's header can tell the roll cycle.
     */
    private void listHours(final RollCycle cycleOfNames)
    {
        archives.clear();
        liveFiles.clear();
        hours.clear();
        if (cycleOfNames == null)
        {
            for (final Path file : hourFiles(directory, ArchiveFormat.SUFFIX))
            {
                archives.put(archives.size(), file);
            }
            return;
        }
        listHourFiles(directory, cycleOfNames, epochMillisOr0(), liveFiles, archives);
        hours.addAll(liveFiles.keySet());
        hours.addAll(archives.keySet());
    }

    /**
     * Lists a journal directory's hours by the cycle their file names give: {@code .cq4} files into
     * {@code live}, archives ({@code .tta}) into {@code archived}. The one listing readers, writers
     * and the archiver share.
     */
    static void listHourFiles(final Path directory, final RollCycle rollCycle, final long epochMillis,
        final java.util.Map<Integer, Path> live, final java.util.Map<Integer, Path> archived)
    {
        final java.time.format.DateTimeFormatter names = namesOf(rollCycle);
        for (final String suffix : new String[] { ".cq4", ArchiveFormat.SUFFIX })
        {
            final java.util.Map<Integer, Path> into = suffix.equals(".cq4") ? live : archived;
            for (final Path file : hourFiles(directory, suffix))
            {
                final String name = file.getFileName().toString();
                final int cycle = cycleOfName(names, name.substring(0, name.length() - suffix.length()), rollCycle, epochMillis);
                if (cycle != Integer.MIN_VALUE)
                {
                    into.put(cycle, file);
                }
            }
        }
    }

    /** The regular files of a directory whose names end with a suffix. */
    private static java.util.List<Path> hourFiles(final Path directory, final String suffix)
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).toList();
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a file that looks cut short is whole within half a second: a writer creating the newest
     * hour's file writes its header within microseconds, and one appending finishes its record as
     * fast, while a file cut short stays so.
     */
    private static boolean settles(final SingleChronicleQueue headers, final Path file)
    {
        final long deadline = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < deadline)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            if (!JournalVerifier.cutShort(headers, file))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether a file was written within the last minute: a writer may be creating it this moment. */
    private static boolean recentlyWritten(final Path file)
    {
        try
        {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() < 60_000;
        }
        catch (final IOException e)
        {
            return false;
        }
    }

    /** How Chronicle names a roll cycle's files (without the suffix), read back: fields the name lacks are 0. */
    static java.time.format.DateTimeFormatter namesOf(final RollCycle rollCycle)
    {
        return new java.time.format.DateTimeFormatterBuilder().appendPattern(rollCycle.format())
            .parseDefaulting(java.time.temporal.ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(java.time.temporal.ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(java.time.temporal.ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter()
            .withZone(java.time.ZoneOffset.UTC);
    }

    /** The cycle a file name (without its suffix) stands for, or {@link Integer#MIN_VALUE} when it names none. */
    static int cycleOfName(final java.time.format.DateTimeFormatter names, final String stem, final RollCycle rollCycle,
        final long epochMillis)
    {
        try
        {
            final long millis = java.time.Instant.from(names.parse(stem)).toEpochMilli();
            return (int) Math.floorDiv(millis - epochMillis, rollCycle.lengthInMillis());
        }
        catch (final RuntimeException notAnHour)
        {
            return Integer.MIN_VALUE;
        }
    }

    /** The newest archived hour of a journal directory, or {@link Integer#MIN_VALUE}: writers append only after it. */
    static int lastArchivedCycle(final Path directory, final RollCycle rollCycle, final long epochMillis)
    {
        final java.util.TreeMap<Integer, Path> archived = new java.util.TreeMap<>();
        listHourFiles(directory, rollCycle, epochMillis, new java.util.HashMap<>(), archived);
        return archived.isEmpty() ? Integer.MIN_VALUE : archived.lastKey();
    }

    private long epochMillisOr0()
    {
        return rollCycle == null ? (queue == null ? 0 : queue.epoch()) : epochMillis;
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
            while (true)
            {
                if (atEnd)
                {
                    return false;
                }
                final int result = archive != null ? readArchived(frameHandler, eventHandler) : readRecord(frameHandler, eventHandler);
                if (result != SWITCHED)
                {
                    return result == DELIVERED;
                }
            }
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

    private static final int DELIVERED = 0;
    private static final int END = 1;
    /** The reader moved to another hour; read again. */
    private static final int SWITCHED = 2;

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

    /**
     * Reads the next record of a live hour, forward or backward. When Chronicle's tailer has no more
     * (it stops at the end of the newest file it knows, and may not know of hours archived or written
     * since) or moves into another hour, the timeline decides: an hour between, or an archived one,
     * is entered explicitly.
     */
    private int readRecord(final FrameHandler frameHandler, final SessionEventHandler eventHandler)
    {
        if (tailer == null)
        {
            return END;
        }
        if (stops != null && !backward)
        {
            checkStop();
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                listHours(rollCycle);
                final Integer next = backward ? hours.lower(liveCycle) : hours.higher(liveCycle);
                return next == null ? END : backward ? enterBackward(next) : enter(next);
            }
            final long index = dc.index();
            final int cycle = rollCycle.toCycle(index);
            if (cycle != liveCycle)
            {
                listHours(rollCycle);
                final Integer adjacent = backward ? hours.lower(liveCycle) : hours.higher(liveCycle);
                final boolean between = adjacent != null && (backward ? adjacent > cycle : adjacent < cycle);
                if (between || archives.containsKey(cycle))
                {
                    // an hour between (or this one) is archived: read it from its archive, then come back
                    final int hour = between ? adjacent : cycle;
                    return backward ? enterBackward(hour) : enter(hour);
                }
                liveCycle = cycle;
            }
            deliver(dc, index, frameHandler, eventHandler);
            return DELIVERED;
        }
    }

    private void deliver(final DocumentContext dc, final long index, final FrameHandler frameHandler,
        final SessionEventHandler eventHandler)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long start = bytes.readPosition();
        final int length = (int) bytes.readRemaining();
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
            final SessionEvent event = eventAt(bytes, start, index, dc.wire());
            if (event != null)
            {
                eventHandler.onEvent(index, bytes.readLong(start + RECV_EPOCH_NS_OFFSET), event);
            }
        }
    }

    /** Reads the next record of the archived hour being read, or leaves it for the next hour. */
    private int readArchived(final FrameHandler frameHandler, final SessionEventHandler eventHandler)
    {
        final ArchiveFile a = archive;
        if (!backward)
        {
            while (blockRecord >= block.count || blockIndex < 0)
            {
                if (blockIndex + 1 >= a.blocks())
                {
                    final int done = a.cycle();
                    closeArchive();
                    listHours(rollCycle);
                    final Integer next = hours.higher(done);
                    if (next == null)
                    {
                        liveCycle = done;
                        atEnd = true;
                        return END;
                    }
                    return enter(next);
                }
                loadNext(blockIndex + 1);
                blockRecord = 0;
            }
            deliverArchived(blockRecord++, frameHandler, eventHandler);
            return DELIVERED;
        }
        while (blockRecord <= 0)
        {
            if (blockIndex <= 0)
            {
                final int done = a.cycle();
                closeArchive();
                listHours(rollCycle);
                final Integer before = hours.lower(done);
                if (before == null)
                {
                    atEnd = true;
                    return END;
                }
                return enterBackward(before);
            }
            loadBlock(blockIndex - 1);
            blockRecord = block.count;
        }
        deliverArchived(--blockRecord, frameHandler, eventHandler);
        return DELIVERED;
    }

    /** Reads one block on this thread, into the reader's own block (seeks, backward reads). */
    private void loadBlock(final int b)
    {
        if (readAhead != null)
        {
            readAhead.close();
            readAhead = null;
        }
        blockIndex = b;
        block = ownBlock;
        archive.readBlock(b, block);
    }

    /** The next block of a forward read: from the read-ahead, which this starts when there is none yet. */
    private void loadNext(final int b)
    {
        if (!READ_AHEAD)
        {
            loadBlock(b);
            return;
        }
        if (readAhead == null)
        {
            readAhead = new ArchiveReadAhead(archive, b);
        }
        block = readAhead.take(b);
        blockIndex = b;
    }

    private void deliverArchived(final int r, final FrameHandler frameHandler, final SessionEventHandler eventHandler)
    {
        final long index = rollCycle.toIndex(archive.cycle(), archive.blockFirstSeq(blockIndex) + r);
        final int start = block.starts[r];
        final int length = block.ends[r] - start;
        final byte[] arena = block.arena;
        if (length < HEADER_LENGTH)
        {
            throw notOurs(index, "a record of " + length + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        frame.wrapArray(arena, start, length);
        final long word0 = frame.buffer().getLong(0, ByteOrder.LITTLE_ENDIAN);
        final byte recordType = checkRecordType((byte) word0, (int) (word0 >>> 8) & 0xFF, index);
        if (recordType == RECORD_FRAME)
        {
            frameHandler.onFrame(frameAt(word0, length, index));
            return;
        }
        // an event is rare: a wire over the decoded bytes, as Chronicle hands the live ones
        final Bytes<byte[]> bytes = Bytes.wrapForRead(java.util.Arrays.copyOfRange(arena, start, start + length));
        final SessionEvent event = eventAt(bytes, 0, index, net.openhft.chronicle.wire.WireType.BINARY_LIGHT.apply(bytes));
        if (event != null)
        {
            eventHandler.onEvent(index, bytes.readLong(RECV_EPOCH_NS_OFFSET), event);
        }
    }

    /** Starts reading an hour forward from its first record. */
    private int enter(final int cycle)
    {
        closeArchive();
        final Path file = archives.get(cycle);
        if (file != null)
        {
            archive = ArchiveFile.open(file);
            checkArchiveCycle(cycle);
            blockIndex = -1;
            blockRecord = 0;
            return SWITCHED;
        }
        liveCycle = cycle;
        if (tailer != null)
        {
            tailer.direction(TailerDirection.FORWARD);
            if (tailer.moveToIndex(rollCycle.toIndex(cycle, 0)))
            {
                return SWITCHED;
            }
        }
        // an hour with no record (a file just created, or one removed since it was listed): the next one
        listHours(rollCycle);
        final Integer next = hours.higher(cycle);
        if (next == null)
        {
            return END;
        }
        return enter(next);
    }

    /** Starts reading an hour backward from its last record. */
    private int enterBackward(final int cycle)
    {
        closeArchive();
        final Path file = archives.get(cycle);
        if (file != null)
        {
            archive = ArchiveFile.open(file);
            checkArchiveCycle(cycle);
            blockIndex = archive.blocks();
            blockRecord = 0;
            return SWITCHED;
        }
        liveCycle = cycle;
        if (tailer != null)
        {
            final long last = lastIndexOf(cycle);
            if (last >= 0)
            {
                tailer.direction(TailerDirection.BACKWARD);
                if (tailer.moveToIndex(last))
                {
                    return SWITCHED;
                }
            }
        }
        listHours(rollCycle);
        final Integer before = hours.lower(cycle);
        return before == null ? END : enterBackward(before);
    }

    /**
     * The index of an hour's last record; -1 for none. Chronicle's store for the hour knows its last
     * sequence number (from its index and a scan of what follows the last entry: a millisecond);
     * where it cannot tell (a damaged file), a binary search over whether an index exists, which
     * pays a scan for every probe past the end (1.5 s for an hour of 2 M records).
     */
    private long lastIndexOf(final int cycle)
    {
        try (ExcerptTailer probe = queue.createTailer())
        {
            if (!probe.moveToIndex(rollCycle.toIndex(cycle, 0)))
            {
                return -1;
            }
            final long last = lastSequenceNumber(cycle, probe);
            if (last >= 0)
            {
                return rollCycle.toIndex(cycle, last);
            }
            long lo = 0;
            long hi = rollCycle.maxMessagesPerCycle();
            while (lo < hi)
            {
                final long mid = (lo + hi + 1) >>> 1;
                if (probe.moveToIndex(rollCycle.toIndex(cycle, mid)))
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            return rollCycle.toIndex(cycle, lo);
        }
    }

    /** The hour's last sequence number as its store keeps it, or -1 when the store cannot tell. */
    private long lastSequenceNumber(final int cycle, final ExcerptTailer context)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null)
        {
            return -1;
        }
        try
        {
            return store.lastSequenceNumber((ExcerptContext) context);
        }
        catch (final StreamCorruptedException | RuntimeException e)
        {
            return -1;
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    private void checkArchiveCycle(final int cycle)
    {
        if (archive.cycle() != cycle || !archive.rollCycleName().equals(rollCycleName()))
        {
            final Path file = archive.file();
            closeArchive();
            throw new TicktapeException(ErrorCode.DATA, "archive " + file + " holds cycle " + cycle
                + " of another roll cycle or hour than its name says; run ticktape verify --journal " + directory);
        }
    }

    private String rollCycleName()
    {
        return JournalArchiver.rollCycleName(rollCycle);
    }

    private void closeArchive()
    {
        if (readAhead != null)
        {
            readAhead.close();
            readAhead = null;
        }
        if (archive != null)
        {
            archive.close();
            archive = null;
            blockIndex = -1;
            block = ownBlock;
            ownBlock.count = 0;
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
        final int[] cycles = liveCycles.stream().mapToInt(Integer::intValue).toArray();
        try (SingleChronicleQueue headers = JournalVerifier.headers(directory))
        {
            for (int i = 0; i < cycles.length; i++)
            {
                final Path file = cycleFile(cycles[i]);
                if (file == null || knownWhole(file) || !cut(headers, file))
                {
                    continue;
                }
                if (i == cycles.length - 1 && recentlyWritten(file) && settles(headers, file))
                {
                    // the newest hour's file as a writer was creating it, or writing its last record: whole a moment later
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

    /** The file of a live hour, as the last listing found it, or null. */
    private Path cycleFile(final int cycle)
    {
        return liveFiles.get(cycle);
    }

    /** Before a read: the next record would lie in, or lead into, a file cut short. */
    private void checkStop()
    {
        if (tailer.direction() != TailerDirection.FORWARD)
        {
            return;
        }
        final long index = tailer.index();
        // a tailer that has read nothing yet may not name an index: it reads from the first file
        final long next = index > 0 ? index : rollCycle.toIndex(liveCycle, 0);
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
        listHours(rollCycle);
        closeArchive();
        backward = false;
        atEnd = false;
        final int[] cycles = hours.stream().mapToInt(Integer::intValue).toArray();
        if (cycles.length == 0)
        {
            atEnd = true;
            return;
        }
        try (ExcerptTailer probe = queue == null ? null : queue.createTailer())
        {
            // The last hour whose first record is at or before the time; earlier hours end before it.
            int lo = 0;
            int hi = cycles.length - 1;
            int first = 0;
            while (lo <= hi)
            {
                final int mid = (lo + hi) >>> 1;
                final long t = firstTime(probe, cycles[mid]);
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
                if (archives.containsKey(cycles[c]))
                {
                    if (seekArchived(cycles[c], epochNanos))
                    {
                        return;
                    }
                    continue;
                }
                if (probe == null)
                {
                    continue;
                }
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
                    tailer.direction(TailerDirection.FORWARD);
                    moveTo(index);
                    liveCycle = cycles[c];
                    return;
                }
            }
        }
        atEnd = true;
    }

    /** The receive time of an hour's first record, or {@link #ABSENT}. */
    private long firstTime(final ExcerptTailer probe, final int cycle)
    {
        final Path file = archives.get(cycle);
        if (file != null)
        {
            try (ArchiveFile a = ArchiveFile.open(file))
            {
                return a.records() == 0 || a.firstEpoch() == Long.MIN_VALUE ? ABSENT : a.firstEpoch();
            }
        }
        return probe == null ? ABSENT : timeAt(probe, rollCycle.toIndex(cycle, 0));
    }

    /** Positions the reader on an archived hour's first record at or after the time: the index, then one block. */
    private boolean seekArchived(final int cycle, final long epochNanos)
    {
        enter(cycle);
        final ArchiveFile a = archive;
        for (int b = 0; b < a.blocks(); b++)
        {
            if (a.blockLastEpoch(b) < epochNanos)
            {
                continue;
            }
            loadBlock(b);
            for (int r = 0; r < block.count; r++)
            {
                if (block.epochs[r] != Long.MIN_VALUE && block.epochs[r] >= epochNanos)
                {
                    blockRecord = r;
                    return true;
                }
            }
        }
        closeArchive();
        return false;
    }

    /**
     * Positions the reader at the first record.
     */
    public void toStart()
    {
        backward = false;
        atEnd = false;
        closeArchive();
        listHours(rollCycle);
        if (hours.isEmpty())
        {
            liveCycle = Integer.MIN_VALUE;
            if (tailer != null)
            {
                tailer.direction(TailerDirection.FORWARD).toStart();
            }
            return;
        }
        if (enter(hours.first()) == END)
        {
            atEnd = true;
        }
    }

    /**
     * Positions the reader at the last record and turns it round: each {@link #read} then delivers
     * the record before the previous one, back to the first (a restarted recorder looks back this
     * way for the last ids it holds). {@link #toStart()} turns it forward again.
     */
    public void toEndBackward()
    {
        backward = true;
        atEnd = false;
        closeArchive();
        listHours(rollCycle);
        if (hours.isEmpty() || enterBackward(hours.last()) == END)
        {
            atEnd = true;
        }
    }

    /**
     * @return the index the next {@link #read} will deliver, or of the last one read if at the end.
     */
    public long index()
    {
        if (archive != null && blockIndex >= 0)
        {
            final int r = Math.min(blockRecord, block.count - 1);
            return rollCycle.toIndex(archive.cycle(), archive.blockFirstSeq(blockIndex) + Math.max(0, r));
        }
        return tailer == null ? -1 : tailer.index();
    }

    /**
     * Counts the records (frames and session events) the journal holds now, from Chronicle's
     * indexes, without reading them: for progress reporting.
     *
     * @return the number of records.
     */
    public long recordCount()
    {
        listHours(rollCycle);
        long count = 0;
        for (final Path file : archives.values())
        {
            try (ArchiveFile a = ArchiveFile.open(file))
            {
                count += a.records();
            }
        }
        if (queue == null)
        {
            return count;
        }
        // per live hour, by its last index: Chronicle's own count needs its directory listing, stale
        // once an archiver has removed hours
        for (final Integer cycle : liveCycles)
        {
            if (!archives.containsKey(cycle))
            {
                final long last = lastIndexOf(cycle);
                if (last >= 0)
                {
                    count += rollCycle.toSequenceNumber(last) + 1;
                }
            }
        }
        return count;
    }

    /**
     * Lists the journal's hours, oldest first: archived or live, the file each is read from, its size
     * and its record count (from an archive's footer, or a live file's last index).
     *
     * @return the hours.
     */
    public java.util.List<JournalHour> hours()
    {
        listHours(rollCycle);
        final java.util.List<JournalHour> out = new java.util.ArrayList<>();
        for (final Integer cycle : hours)
        {
            final java.time.Instant start = java.time.Instant.ofEpochMilli(epochMillis + (long) cycle * rollCycle.lengthInMillis());
            final Path archived = archives.get(cycle);
            try
            {
                if (archived != null)
                {
                    try (ArchiveFile a = ArchiveFile.open(archived))
                    {
                        out.add(new JournalHour(start, true, archived, a.size(), a.records()));
                    }
                }
                else
                {
                    final Path file = cycleFile(cycle);
                    final long last = lastIndexOf(cycle);
                    out.add(new JournalHour(start, false, file, file == null ? 0 : Files.size(file),
                        last < 0 ? 0 : rollCycle.toSequenceNumber(last) + 1));
                }
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot read " + directory + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * @return the journal's roll cycle (hourly for journals written with the defaults).
     */
    public RollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @return how many hours (roll-cycle files, live or archived) the journal holds.
     */
    public int cycleCount()
    {
        listHours(rollCycle);
        return hours.size();
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
        closeArchive();
        if (queue == null)
        {
            return;
        }
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
        if (queue == null)
        {
            return;
        }
        // Chronicle's own first and last index come from its directory listing, which is stale once
        // an archiver has removed hours: the reader's listing of the files names the newest hour
        final Integer newest = liveCycles.isEmpty() ? null : liveCycles.last();
        final long last = newest == null ? -1 : lastIndexOf(newest);
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
        for (final Integer cycle : liveCycles)
        {
            if (!archives.containsKey(cycle))
            {
                try (ExcerptTailer probe = queue.createTailer())
                {
                    if (probe.moveToIndex(rollCycle.toIndex(cycle, 0)))
                    {
                        checkNextRecord(probe);
                    }
                }
                return;
            }
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

    private SessionEvent eventAt(final Bytes<?> bytes, final long start, final long index, final net.openhft.chronicle.wire.WireIn wire)
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
            return SessionEventCodec.read(type, wire, index);
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

    /**
     * Checks that a directory is a journal: a Chronicle Queue directory, or one holding archived hours.
     *
     * @return true when it has a live (Chronicle Queue) part, false when it holds only archives.
     */
    static boolean checkIsJournalDirectory(final Path directory)
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
            boolean hasArchives;
            try (Stream<Path> files = Files.list(directory))
            {
                final java.util.List<String> names = files.map(p -> p.getFileName().toString()).toList();
                hasQueueFiles = names.stream().anyMatch(n -> n.endsWith(".cq4"));
                hasArchives = names.stream().anyMatch(n -> n.endsWith(ArchiveFormat.SUFFIX));
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot list " + directory + ": " + e.getMessage(), e);
            }
            if (hasArchives && !hasQueueFiles)
            {
                return false;
            }
            throw new TicktapeException(ErrorCode.DATA, hasQueueFiles
                ? "journal " + directory + " is missing its " + METADATA_FILE
                : "not a ticktape journal: " + directory + " holds no Chronicle Queue files and no archived hours");
        }
        if (!Files.isReadable(directory.resolve(METADATA_FILE)))
        {
            throw new TicktapeException(ErrorCode.IO, "permission denied: " + directory.resolve(METADATA_FILE));
        }
        return true;
    }
}
