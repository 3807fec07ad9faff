package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Seals closed hours of a journal into archive files ({@link ArchiveFormat}, {@code docs/archive-format.md})
 * and removes archived hours by age or by disk use.
 * <p>
 * Sealing an hour writes its archive under a {@value ArchiveFormat#PARTIAL_SUFFIX} name, forces it to
 * disk, reads it back and compares every record with the journal's, and only then renames it into
 * place and removes the hour's {@code .cq4} file. A kill at any moment leaves the hour live (a partial
 * file is never read and is removed by the next run) or archived and verified (an hour with both files
 * is read from its archive, and the next run checks the archive again before it removes the
 * {@code .cq4}). Running again is harmless.
 * <p>
 * The newest live hour is sealed only once it has been over for {@link #NEWEST_HOUR_GRACE_MILLIS}:
 * a journal is only ever appended to in its newest hour. Not thread-safe: one archiver per journal.
 */
public final class JournalArchiver
{
    /** How long after its end the newest live hour waits before it may be sealed: frames in flight at the turn of the hour land in it. */
    public static final long NEWEST_HOUR_GRACE_MILLIS = 60_000;

    /**
     * An hour sealed.
     *
     * @param start        when the hour starts.
     * @param file         its archive file.
     * @param records      frames and session events it holds.
     * @param liveBytes    the size of the {@code .cq4} file it replaced.
     * @param archiveBytes the size of the archive file.
     */
    public record Sealed(Instant start, Path file, long records, long liveBytes, long archiveBytes)
    {
    }

    /**
     * An archived hour removed by retention.
     *
     * @param start   when the hour starts.
     * @param file    the archive file removed.
     * @param records frames and session events it held.
     * @param bytes   its size.
     * @param reason  {@code "age"} ({@code --retain}) or {@code "disk"} ({@code --max-disk}).
     */
    public record Removed(Instant start, Path file, long records, long bytes, String reason)
    {
    }

    private final Path journal;
    private long beforeMillis = Long.MAX_VALUE;
    private LongSupplier wallClockMillis = System::currentTimeMillis;
    private int level = ArchiveFormat.DEFAULT_LEVEL;
    private BooleanSupplier stopRequested = () -> false;
    private Consumer<Sealed> onSealed = s -> { };
    private int blockRecords = ArchiveFormat.BLOCK_RECORDS;
    /** Tests: a step at which to fail as a kill would (see {@link Step}). */
    private Step failAt;

    /** The points between which an archiver run can be killed; tests stop it at each. */
    enum Step
    {
        PARTIAL_WRITTEN, VERIFIED, RENAMED, LIVE_REMOVED
    }

    /** What a test's {@link #failAt} throws: the run stops there as a kill would. */
    static final class Killed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Killed(final Step step)
        {
            super("stopped at " + step + " (test)");
        }
    }

    private JournalArchiver(final Path journal)
    {
        this.journal = journal;
    }

    /**
     * @param journal the journal directory.
     * @return an archiver that seals every closed hour; narrow it with {@link #before(long)}.
     */
    public static JournalArchiver of(final Path journal)
    {
        return new JournalArchiver(journal);
    }

    /**
     * @param epochMillis seal only hours that end at or before this time.
     * @return this.
     */
    public JournalArchiver before(final long epochMillis)
    {
        this.beforeMillis = epochMillis;
        return this;
    }

    /**
     * @param clock the wall clock, epoch milliseconds (tests move it).
     * @return this.
     */
    public JournalArchiver clock(final LongSupplier clock)
    {
        this.wallClockMillis = clock;
        return this;
    }

    /**
     * @param level zstd level for the columns (default {@value ArchiveFormat#DEFAULT_LEVEL}).
     * @return this.
     */
    public JournalArchiver level(final int level)
    {
        this.level = level;
        return this;
    }

    /**
     * @param stop checked between hours: a recorder that is stopping ends the run early.
     * @return this.
     */
    public JournalArchiver stopWhen(final BooleanSupplier stop)
    {
        this.stopRequested = stop;
        return this;
    }

    /**
     * @param listener told of each hour as soon as it is sealed.
     * @return this.
     */
    public JournalArchiver onSealed(final Consumer<Sealed> listener)
    {
        this.onSealed = listener;
        return this;
    }

    JournalArchiver blockRecords(final int records)
    {
        this.blockRecords = records;
        return this;
    }

    JournalArchiver failAt(final Step step)
    {
        this.failAt = step;
        return this;
    }

    /**
     * Seals every closed hour the bounds allow, oldest first.
     *
     * @return the hours sealed by this run.
     * @throws TicktapeException {@link ErrorCode#DATA} when an hour is damaged (run {@code ticktape verify
     *                           --repair} first) or an archive does not read back as the journal;
     *                           {@link ErrorCode#IO} on a file system error. Hours sealed before stay sealed.
     */
    public List<Sealed> run()
    {
        final boolean live = JournalReader.checkIsJournalDirectory(journal);
        removePartials();
        final List<Sealed> sealed = new ArrayList<>();
        if (!live)
        {
            return sealed;
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile())
            .rollCycle(JournalFormat.DEFAULT_ROLL_CYCLE)
            .readOnly(true)
            .build();
             SingleChronicleQueue headers = JournalVerifier.headers(journal))
        {
            final RollCycle rollCycle = queue.rollCycle();
            final TreeMap<Integer, Path> cycles = liveCycles(rollCycle, queue.epoch());
            if (cycles.isEmpty())
            {
                return sealed;
            }
            final int newest = cycles.lastKey();
            final long now = wallClockMillis.getAsLong();
            for (final var entry : cycles.entrySet())
            {
                final int cycle = entry.getKey();
                final long start = queue.epoch() + (long) cycle * rollCycle.lengthInMillis();
                final long end = start + rollCycle.lengthInMillis();
                if (end > beforeMillis || (cycle == newest && end + NEWEST_HOUR_GRACE_MILLIS > now))
                {
                    break;
                }
                if (stopRequested.getAsBoolean())
                {
                    break;
                }
                final Sealed s = seal(queue, headers, rollCycle, cycle, start, entry.getValue());
                sealed.add(s);
                onSealed.accept(s);
            }
        }
        catch (final TicktapeException | Killed e)
        {
            throw e;
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot archive " + journal + ": " + e.getMessage(), e);
        }
        catch (final RuntimeException e)
        {
            throw new TicktapeException(ErrorCode.DATA, "cannot archive " + journal + ": " + e.getMessage(), e);
        }
        finally
        {
            if (!sealed.isEmpty())
            {
                refreshListing(journal);
            }
        }
        return sealed;
    }

    private Sealed seal(final SingleChronicleQueue queue, final SingleChronicleQueue headers, final RollCycle rollCycle,
        final int cycle, final long start, final Path live) throws IOException
    {
        if (JournalVerifier.cutShort(headers, live))
        {
            throw new TicktapeException(ErrorCode.DATA, "journal " + journal + " is damaged (" + live.getFileName()
                + " was cut short or overwritten); it is not archived: run ticktape verify --journal " + journal
                + " --repair first");
        }
        final String stem = stem(live);
        final Path archive = journal.resolve(stem + ArchiveFormat.SUFFIX);
        final long liveBytes = Files.size(live);
        long records;
        if (Files.exists(archive))
        {
            // sealed by a run that stopped before it removed the .cq4: check it again first
            try
            {
                records = compare(queue, rollCycle, cycle, archive);
            }
            catch (final Mismatch e)
            {
                Files.delete(archive);
                return seal(queue, headers, rollCycle, cycle, start, live);
            }
        }
        else
        {
            final Path partial = journal.resolve(stem + ArchiveFormat.PARTIAL_SUFFIX);
            try (ArchiveFileWriter writer = new ArchiveFileWriter(partial, cycle, start, rollCycle.lengthInMillis(),
                rollCycleName(rollCycle), level))
            {
                writer.blockRecords(blockRecords);
                write(queue, rollCycle, cycle, writer);
                writer.finish();
            }
            step(Step.PARTIAL_WRITTEN);
            try
            {
                records = compare(queue, rollCycle, cycle, partial);
            }
            catch (final Mismatch e)
            {
                Files.deleteIfExists(partial);
                throw new TicktapeException(ErrorCode.INTERNAL, "the archive of " + live.getFileName()
                    + " does not read back as the journal; the hour stays live: " + e.getMessage());
            }
            step(Step.VERIFIED);
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
            step(Step.RENAMED);
        }
        Files.delete(live);
        syncDirectory();
        step(Step.LIVE_REMOVED);
        return new Sealed(Instant.ofEpochMilli(start), archive, records, liveBytes, Files.size(archive));
    }

    private void step(final Step step)
    {
        if (step == failAt)
        {
            throw new Killed(step);
        }
    }

    /** Every record of the hour, in order, into the archive. */
    private static void write(final SingleChronicleQueue queue, final RollCycle rollCycle, final int cycle,
        final ArchiveFileWriter writer) throws IOException
    {
        byte[] scratch = new byte[1 << 16];
        try (ExcerptTailer tailer = queue.createTailer())
        {
            if (!tailer.moveToIndex(rollCycle.toIndex(cycle, 0)))
            {
                return;
            }
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent() || rollCycle.toCycle(dc.index()) != cycle)
                    {
                        return;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final int length = (int) bytes.readRemaining();
                    if (scratch.length < length)
                    {
                        scratch = new byte[Math.max(length, scratch.length * 2)];
                    }
                    bytes.read(scratch, 0, length);
                    writer.add(scratch, 0, length, rollCycle.toSequenceNumber(dc.index()));
                }
            }
        }
    }

    /**
     * Reads an archive back and compares every record, its bytes and its sequence number, with the
     * hour in the journal.
     *
     * @return the number of records.
     * @throws Mismatch when they differ.
     */
    private static long compare(final SingleChronicleQueue queue, final RollCycle rollCycle, final int cycle, final Path file)
        throws Mismatch
    {
        final ArchiveBlock block = new ArchiveBlock();
        byte[] scratch = new byte[1 << 16];
        long records = 0;
        try (ArchiveFile archive = ArchiveFile.open(file);
             ExcerptTailer tailer = queue.createTailer())
        {
            if (archive.cycle() != cycle)
            {
                throw new Mismatch("the archive holds cycle " + archive.cycle() + ", not " + cycle);
            }
            final boolean any = tailer.moveToIndex(rollCycle.toIndex(cycle, 0));
            if (!any)
            {
                if (archive.records() == 0)
                {
                    return 0;
                }
                throw new Mismatch("the journal holds no record of the hour");
            }
            for (int b = 0; b < archive.blocks(); b++)
            {
                archive.readBlock(b, block);
                for (int r = 0; r < block.count; r++)
                {
                    try (DocumentContext dc = tailer.readingDocument())
                    {
                        if (!dc.isPresent() || dc.index() != rollCycle.toIndex(cycle, archive.blockFirstSeq(b) + r))
                        {
                            throw new Mismatch("record " + records + " is missing or has another index");
                        }
                        final Bytes<?> bytes = dc.wire().bytes();
                        final int length = (int) bytes.readRemaining();
                        if (length != block.ends[r] - block.starts[r])
                        {
                            throw new Mismatch("record " + records + " (index 0x" + Long.toHexString(dc.index()) + ") comes back as "
                                + (block.ends[r] - block.starts[r]) + " bytes, not " + length);
                        }
                        if (scratch.length < length)
                        {
                            scratch = new byte[Math.max(length, scratch.length * 2)];
                        }
                        bytes.read(scratch, 0, length);
                        if (!Arrays.equals(scratch, 0, length, block.arena, block.starts[r], block.ends[r]))
                        {
                            throw new Mismatch("record " + records + " (index 0x" + Long.toHexString(dc.index()) + ") differs at byte "
                                + Arrays.mismatch(scratch, 0, length, block.arena, block.starts[r], block.ends[r]));
                        }
                        records++;
                    }
                }
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (dc.isPresent() && rollCycle.toCycle(dc.index()) == cycle)
                {
                    throw new Mismatch("the journal holds more of the hour than the archive");
                }
            }
            return records;
        }
        catch (final TicktapeException e)
        {
            if (e.code() == ErrorCode.DATA)
            {
                throw new Mismatch(e.getMessage());
            }
            throw e;
        }
    }

    /** An archive that does not read back as its hour: what differs. */
    private static final class Mismatch extends Exception
    {
        private static final long serialVersionUID = 1L;

        Mismatch(final String what)
        {
            super(what, null, false, false);
        }
    }

    /**
     * Removes archived hours, oldest first, that are older than {@code maxAgeMillis} or while the
     * journal directory holds more than {@code maxBytes}. Live hours are never removed.
     *
     * @param journal      the journal directory.
     * @param nowMillis    the wall clock, epoch milliseconds.
     * @param maxAgeMillis remove archived hours that ended longer ago than this; 0 for no limit by age.
     * @param maxBytes     remove archived hours while the directory is larger than this; 0 for no limit by size.
     * @return the hours removed, oldest first.
     */
    public static List<Removed> retain(final Path journal, final long nowMillis, final long maxAgeMillis, final long maxBytes)
    {
        final List<Removed> removed = new ArrayList<>();
        try
        {
            final TreeMap<Long, Path> archives = new TreeMap<>();
            long total = 0;
            try (Stream<Path> files = Files.list(journal))
            {
                for (final Path file : (Iterable<Path>) files::iterator)
                {
                    if (!Files.isRegularFile(file))
                    {
                        continue;
                    }
                    total += Files.size(file);
                    if (file.getFileName().toString().endsWith(ArchiveFormat.SUFFIX))
                    {
                        try (ArchiveFile a = ArchiveFile.open(file))
                        {
                            archives.put(a.cycleStartMillis(), file);
                        }
                        catch (final TicktapeException e)
                        {
                            // a damaged archive is left for verify to report, never removed unread
                        }
                    }
                }
            }
            for (final var entry : archives.entrySet())
            {
                final Path file = entry.getValue();
                final long records;
                final long bytes = Files.size(file);
                final long end;
                try (ArchiveFile a = ArchiveFile.open(file))
                {
                    records = a.records();
                    end = a.cycleStartMillis() + a.cycleLengthMillis();
                }
                final String reason = maxAgeMillis > 0 && end + maxAgeMillis <= nowMillis ? "age"
                    : maxBytes > 0 && total > maxBytes ? "disk" : null;
                if (reason == null)
                {
                    break;
                }
                Files.delete(file);
                total -= bytes;
                removed.add(new Removed(Instant.ofEpochMilli(entry.getKey()), file, records, bytes, reason));
            }
            if (!removed.isEmpty())
            {
                syncDirectory(journal);
            }
        }
        catch (final NoSuchFileException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot apply retention to " + journal + ": " + e.getFile() + " vanished", e);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot apply retention to " + journal + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** Bytes of every file in the journal directory: what {@code --max-disk} limits. */
    public static long diskBytes(final Path journal)
    {
        try (Stream<Path> files = Files.list(journal))
        {
            long total = 0;
            for (final Path file : (Iterable<Path>) files::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    total += Files.size(file);
                }
            }
            return total;
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot list " + journal + ": " + e.getMessage(), e);
        }
    }

    private TreeMap<Integer, Path> liveCycles(final RollCycle rollCycle, final long epoch)
    {
        final TreeMap<Integer, Path> live = new TreeMap<>();
        JournalReader.listHourFiles(journal, rollCycle, epoch, live, new TreeMap<>());
        return live;
    }

    /**
     * Tells Chronicle's directory listing (kept in the journal's metadata file, shared by every
     * process with the journal open) that hours were removed: its first index and counts rely on it.
     * A run killed before this leaves it stale; readers never rely on it, and the next archiver run
     * or writer open refreshes it.
     */
    static void refreshListing(final Path journal)
    {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(journal.toFile())
            .rollCycle(JournalFormat.DEFAULT_ROLL_CYCLE)
            .build())
        {
            queue.refreshDirectoryListing();
        }
        catch (final RuntimeException e)
        {
            // the listing stays stale: only Chronicle's own first-index lookups use it, and ticktape's readers do not
        }
    }

    private void removePartials()
    {
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : (Iterable<Path>) files::iterator)
            {
                if (file.getFileName().toString().endsWith(ArchiveFormat.PARTIAL_SUFFIX))
                {
                    Files.deleteIfExists(file);
                }
            }
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot clean " + journal + ": " + e.getMessage(), e);
        }
    }

    private static String stem(final Path file)
    {
        final String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    static String rollCycleName(final RollCycle rollCycle)
    {
        return rollCycle instanceof Enum<?> e ? e.name() : String.valueOf(rollCycle);
    }

    private void syncDirectory()
    {
        syncDirectory(journal);
    }

    /** Makes a rename or removal in the directory durable, where the platform allows. */
    private static void syncDirectory(final Path directory)
    {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
        {
            dir.force(true);
        }
        catch (final IOException ignored)
        {
            // some platforms cannot open a directory: the rename itself is atomic
        }
    }
}
