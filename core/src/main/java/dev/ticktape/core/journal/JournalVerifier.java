package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.ticktape.core.journal.JournalFormat.*;

/**
 * Checks a journal's files record by record, after kdb+'s log check: every hourly file is walked
 * from its first byte through Chronicle Queue's excerpt headers with plain file reads (never a
 * memory map, so a file cut short cannot fault the process), and each record's ticktape header is
 * checked. It reports, per file, how many records are whole, where the valid prefix ends and the
 * first bad byte; {@link #repair} moves a damaged file aside and puts a file holding its valid
 * prefix in its place.
 * <p>
 * A Chronicle excerpt is a 4-byte little-endian header (length in the low 30 bits, bit 30 for
 * metadata, bit 31 for a write in progress) followed by its bytes, the next header at the next
 * multiple of 4; a zero header ends the data, {@code 0xC0000000} marks the end of a rolled file.
 * Not thread-safe; run it on a journal no recorder is writing when repairing.
 */
public final class JournalVerifier
{
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int END_OF_FILE = NOT_COMPLETE | META_DATA;
    private static final int WINDOW = 4 << 20;

    /**
     * What one hourly file holds.
     *
     * @param file         the file.
     * @param fileBytes    its size.
     * @param records      whole records (frames and session events) before any damage.
     * @param validBytes   where the valid prefix ends: the offset of the first record not whole, or of the end of the data.
     * @param firstBadByte the offset of the first damaged byte (a record cut short, a header that is not ticktape's), or -1.
     * @param problem      what is wrong there, or null for a whole file.
     * @param unfinished   whether the data ends at a record a killed writer left half written (Chronicle skips
     *                     it; not damage).
     */
    public record FileReport(Path file, long fileBytes, long records, long validBytes, long firstBadByte, String problem,
        boolean unfinished)
    {
        /** @return whether the file is damaged. */
        public boolean damaged()
        {
            return problem != null;
        }
    }

    /**
     * A whole journal's check.
     *
     * @param journal the directory.
     * @param files   each hourly file, oldest first.
     */
    public record Report(Path journal, List<FileReport> files)
    {
        /** @return whole records over all files. */
        public long records()
        {
            return files.stream().mapToLong(FileReport::records).sum();
        }

        /** @return whether any file is damaged. */
        public boolean damaged()
        {
            return files.stream().anyMatch(FileReport::damaged);
        }
    }

    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long windowStart;
    private int windowLength;

    private JournalVerifier()
    {
    }

    /**
     * Checks every record of every hourly file.
     *
     * @param journal the journal directory.
     * @return the report.
     * @throws TicktapeException {@link ErrorCode#IO} if the directory or a file cannot be read,
     *                           {@link ErrorCode#DATA} if it is not a journal.
     */
    public static Report verify(final Path journal)
    {
        final JournalVerifier v = new JournalVerifier();
        final List<FileReport> reports = new ArrayList<>();
        final List<Path> files = cycleFiles(journal);
        for (final Path archive : archiveFiles(journal))
        {
            reports.add(checkArchive(archive));
        }
        if (files.isEmpty() && !Files.isRegularFile(journal.resolve(JournalReader.METADATA_FILE)))
        {
            return new Report(journal, List.copyOf(reports));
        }
        try (SingleChronicleQueue headers = headers(journal))
        {
            for (final Path file : files)
            {
                final FileReport walked = v.check(file, null);
                if (walked.damaged() || walked.unfinished())
                {
                    reports.add(walked);
                    continue;
                }
                // The walk ended at a zero header: is that where the data ends, or where the file was cut at a
                // record boundary? Chronicle's own header knows where its last record starts.
                final long last = lastRecordPosition(headers, file);
                if (last >= walked.validBytes() || last == CORRUPT_HEADER)
                {
                    reports.add(new FileReport(file, walked.fileBytes(), walked.records(), walked.validBytes(), walked.validBytes(),
                        last == CORRUPT_HEADER ? "has a store header Chronicle cannot read"
                            : "ends at byte " + walked.validBytes() + ", but its header says a record starts at byte " + last
                            + ": cut short", false));
                }
                else
                {
                    reports.add(walked);
                }
            }
        }
        final List<FileReport> sorted = new ArrayList<>(reports);
        sorted.sort(java.util.Comparator.comparing(f -> f.file().getFileName().toString()));
        return new Report(journal, List.copyOf(sorted));
    }

    /**
     * Checks an archived hour: its header, index and footer, then every block's checksum and that
     * it decodes to the records its index counts.
     */
    static FileReport checkArchive(final Path file)
    {
        long size = 0;
        try
        {
            size = Files.size(file);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
        final ArchiveFile archive;
        try
        {
            archive = ArchiveFile.open(file);
        }
        catch (final TicktapeException e)
        {
            if (e.code() != ErrorCode.DATA)
            {
                throw e;
            }
            return new FileReport(file, size, 0, 0, 0, problem(e), false);
        }
        try (archive)
        {
            final ArchiveBlock block = new ArchiveBlock();
            long records = 0;
            for (int b = 0; b < archive.blocks(); b++)
            {
                try
                {
                    archive.readBlock(b, block);
                }
                catch (final TicktapeException e)
                {
                    if (e.code() != ErrorCode.DATA)
                    {
                        throw e;
                    }
                    return new FileReport(file, size, records, archive.blockOffset(b), archive.blockOffset(b), problem(e), false);
                }
                records += block.count;
            }
            return new FileReport(file, size, records, size, -1, null, false);
        }
    }

    /** The reason from an archive's damage message, without the file name and the advice to run verify. */
    private static String problem(final TicktapeException e)
    {
        final String m = e.getMessage();
        final int damaged = m.indexOf(" is damaged: ");
        final int advice = m.lastIndexOf("; run ticktape verify");
        return damaged >= 0 && advice > damaged ? m.substring(damaged + " is damaged: ".length(), advice) : m;
    }

    /** The archived hours, oldest first. */
    static List<Path> archiveFiles(final Path journal)
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(ArchiveFormat.SUFFIX) && Files.isRegularFile(p)).sorted()
                .toList();
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot list " + journal + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a damaged archive by one holding its whole blocks before the damage (the damaged file
     * is moved aside as {@code <name>.damaged}).
     */
    private static void rebuildArchive(final FileReport damaged)
    {
        final Path file = damaged.file();
        final Path aside = file.resolveSibling(file.getFileName() + ".damaged");
        final Path partial = file.resolveSibling(file.getFileName().toString().replace(ArchiveFormat.SUFFIX, ArchiveFormat.PARTIAL_SUFFIX));
        try
        {
            ArchiveFile source = null;
            try
            {
                source = ArchiveFile.open(file);
            }
            catch (final TicktapeException e)
            {
                // nothing of it can be read: it goes aside whole
            }
            if (source != null)
            {
                try (ArchiveFile a = source;
                     ArchiveFileWriter writer = new ArchiveFileWriter(partial, a.cycle(), a.cycleStartMillis(), a.cycleLengthMillis(),
                         a.rollCycleName(), ArchiveFormat.DEFAULT_LEVEL))
                {
                    final ArchiveBlock block = new ArchiveBlock();
                    for (int b = 0; b < a.blocks(); b++)
                    {
                        try
                        {
                            a.readBlock(b, block);
                        }
                        catch (final TicktapeException e)
                        {
                            break;
                        }
                        for (int r = 0; r < block.count; r++)
                        {
                            writer.add(block.arena, block.starts[r], block.ends[r] - block.starts[r], a.blockFirstSeq(b) + r);
                        }
                    }
                    writer.finish();
                }
            }
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            if (Files.exists(partial))
            {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot repair " + file + ": " + e.getMessage(), e);
        }
    }

    static final long CORRUPT_HEADER = -2;

    /** A read-only queue over the journal, for the stores' headers only (closing it releases them all). */
    static SingleChronicleQueue headers(final Path journal)
    {
        try
        {
            return SingleChronicleQueueBuilder.single(journal.toFile()).rollCycle(DEFAULT_ROLL_CYCLE).readOnly(true).build();
        }
        catch (final RuntimeException e)
        {
            throw new TicktapeException(ErrorCode.DATA, "cannot open journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where Chronicle's header says a file's last record starts (its write position), read from the
     * first page only; -1 when there is no store for the file, {@link #CORRUPT_HEADER} when its header
     * cannot be read.
     */
    static long lastRecordPosition(final SingleChronicleQueue headers, final Path file)
    {
        final RollCycle rollCycle = headers.rollCycle();
        final String name = file.getFileName().toString();
        final int cycle;
        try
        {
            final java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern(rollCycle.format())
                .withZone(java.time.ZoneOffset.UTC);
            final java.time.temporal.TemporalAccessor t = format.parse(name.substring(0, name.length() - ".cq4".length()));
            final long millis = java.time.LocalDateTime.from(t).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            cycle = (int) ((millis - headers.epoch()) / rollCycle.lengthInMillis());
        }
        catch (final RuntimeException notOurName)
        {
            return -1;
        }
        try
        {
            final net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore store =
                headers.storeForCycle(cycle, headers.epoch(), false, null);
            return store == null ? -1 : store.writePosition();
        }
        catch (final Exception e)
        {
            return CORRUPT_HEADER; // Chronicle throws its StreamCorruptedException unchecked
        }
    }

    /**
     * Whether a file is cut short or overwritten, found in O(1) with plain reads: it does not start
     * with a store header, Chronicle cannot read that header, or the record its write position names
     * does not lie whole inside the file. What readers check before Chronicle maps a file.
     */
    static boolean cutShort(final SingleChronicleQueue headers, final Path file)
    {
        if (!startsWithStoreHeader(file))
        {
            return true;
        }
        final long lastRecord = lastRecordPosition(headers, file);
        if (lastRecord == CORRUPT_HEADER)
        {
            return true;
        }
        if (lastRecord < 0)
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (lastRecord + 4 > size)
            {
                return true;
            }
            final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, lastRecord);
            return header.position() < 4 || lastRecord + 4 + (header.getInt(0) & LENGTH_MASK) > size;
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the journal and, for each damaged file, moves it aside (as {@code <name>.damaged}, which
     * readers ignore) and writes a file with its valid prefix, record for record, in its place. Run it
     * only on a journal no recorder is writing.
     *
     * @param journal the journal directory.
     * @return the report of the journal as it was before the repair.
     */
    public static Report repair(final Path journal)
    {
        final Report report = verify(journal);
        if (!report.damaged())
        {
            return report;
        }
        for (final FileReport f : report.files())
        {
            if (f.damaged() && f.file().getFileName().toString().endsWith(ArchiveFormat.SUFFIX))
            {
                rebuildArchive(f);
            }
        }
        if (report.files().stream().noneMatch(f -> f.damaged() && f.file().getFileName().toString().endsWith(".cq4")))
        {
            return report;
        }
        final RollCycle rollCycle;
        try (SingleChronicleQueue q = headers(journal))
        {
            rollCycle = q.rollCycle();
        }
        for (final FileReport f : report.files())
        {
            if (f.damaged() && f.file().getFileName().toString().endsWith(".cq4"))
            {
                new JournalVerifier().rebuild(journal, f, rollCycle);
            }
        }
        // Chronicle caches the first and last file in the journal's metadata: a file with no whole record
        // is gone now, and readers must not look for it.
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue q =
            net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.single(journal.toFile()).rollCycle(rollCycle).build())
        {
            q.refreshDirectoryListing();
        }
        return report;
    }

    /** Copies a damaged file's valid records into a fresh file and swaps the two. */
    private void rebuild(final Path journal, final FileReport damaged, final RollCycle rollCycle)
    {
        final Path scratch = journal.resolve(".repair-" + damaged.file().getFileName());
        try
        {
            deleteTree(scratch);
            try (JournalWriter writer = JournalWriter.open(scratch, rollCycle))
            {
                check(damaged.file(), writer);
            }
            final Path aside = damaged.file().resolveSibling(damaged.file().getFileName() + ".damaged");
            Files.move(damaged.file(), aside, StandardCopyOption.REPLACE_EXISTING);
            final Path rebuilt = scratch.resolve(damaged.file().getFileName());
            if (Files.exists(rebuilt))
            {
                Files.move(rebuilt, damaged.file());
            }
            deleteTree(scratch);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot repair " + damaged.file() + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList())
            {
                Files.delete(p);
            }
        }
    }

    /**
     * Whether a file starts as every Chronicle Queue file does, with a complete metadata excerpt (its
     * store header), read with a plain file read: Chronicle itself waits for a header that looks
     * unfinished, so a file of noise must be caught before Chronicle opens it.
     */
    static boolean startsWithStoreHeader(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(b, 0);
            final int header = b.getInt(0);
            return b.position() == 4 && (header & META_DATA) != 0 && (header & NOT_COMPLETE) == 0
                && 4L + (header & LENGTH_MASK) <= channel.size();
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return how many whole records a file holds before any damage, by the same walk as {@link #verify}. */
    static long wholeRecords(final Path file)
    {
        return new JournalVerifier().check(file, null).records();
    }

    /** The hourly files, oldest first (their names sort by time). */
    static List<Path> cycleFiles(final Path journal)
    {
        JournalReader.checkIsJournalDirectory(journal);
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4") && Files.isRegularFile(p)).sorted().toList();
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot list " + journal + ": " + e.getMessage(), e);
        }
    }

    /**
     * Walks one file; with a writer, appends each whole record to it as it goes.
     */
    private FileReport check(final Path file, final JournalWriter copyTo)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            windowStart = 0;
            windowLength = 0;
            long pos = 0;
            long records = 0;
            boolean first = true;
            while (true)
            {
                if (pos + 4 > size)
                {
                    // Every record is whole; only the zero header after the last is missing (a copy cut there).
                    return new FileReport(file, size, records, Math.min(pos, size), -1, null, false);
                }
                final int header = intAt(channel, pos);
                if (header == 0 || header == END_OF_FILE)
                {
                    return new FileReport(file, size, records, pos, -1, null, false);
                }
                final int length = header & LENGTH_MASK;
                if (first && ((header & META_DATA) == 0 || (header & NOT_COMPLETE) != 0 || pos + 4 + length > size))
                {
                    return new FileReport(file, size, 0, 0, 0, "is not a Chronicle Queue file: it does not start with a store header", false);
                }
                first = false;
                if ((header & NOT_COMPLETE) != 0)
                {
                    // A writer killed mid-append: readers stop here (and so does the file's data).
                    return new FileReport(file, size, records, pos, -1, null, true);
                }
                if (pos + 4 + length > size)
                {
                    return new FileReport(file, size, records, pos, pos, "the record at byte " + pos + " (" + length
                        + " bytes) runs past the end of the file at byte " + size + ": cut short", false);
                }
                if ((header & META_DATA) == 0)
                {
                    final String bad = checkRecord(channel, pos + 4, length);
                    if (bad != null)
                    {
                        return new FileReport(file, size, records, pos, pos, "the record at byte " + pos + " " + bad, false);
                    }
                    if (copyTo != null)
                    {
                        copyTo.appendRecord(slice(channel, pos + 4, length), 0, length);
                    }
                    records++;
                }
                pos = (pos + 4 + length + 3) & ~3L;
            }
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Checks a ticktape record's header as readers do; returns what is wrong, or null. */
    private String checkRecord(final FileChannel channel, final long at, final int length) throws IOException
    {
        if (length < HEADER_LENGTH)
        {
            return "is " + length + " bytes, shorter than ticktape's " + HEADER_LENGTH + "-byte header";
        }
        final UnsafeBuffer b = slice(channel, at, HEADER_LENGTH);
        final long word0 = b.getLong(0, ByteOrder.LITTLE_ENDIAN);
        final int type = (int) word0 & 0xFF;
        final int version = (int) (word0 >>> 8) & 0xFF;
        if (type != RECORD_FRAME && type != RECORD_EVENT)
        {
            return "has record type 0x" + Integer.toHexString(type) + ", not a ticktape frame or event";
        }
        if (version != VERSION)
        {
            return "has format version " + version + " (this ticktape reads " + VERSION + ")";
        }
        if (type == RECORD_FRAME)
        {
            final int word3 = b.getInt(STREAM_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int streamOffset = word3 & 0xFFFF;
            final int streamLength = (word3 >>> 16) & 0xFF;
            final int flags = word3 >>> 24;
            final int payloadOffset = HEADER_LENGTH + ((flags & FLAG_STREAM_INLINE) != 0 ? streamLength : 0);
            if (Market.fromId((int) (word0 >>> 16) & 0xFF) == null || FrameKind.fromId((int) (word0 >>> 24) & 0xFF) == null
                || payloadOffset > length || streamOffset + streamLength > length)
            {
                return "has a corrupt frame header";
            }
        }
        return null; // an event type this version does not know is a later version's: readers skip it
    }

    private int intAt(final FileChannel channel, final long pos) throws IOException
    {
        return slice(channel, pos, 4).getInt(0, ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes [pos, pos + length) through the read window, refilled when they are not in it. */
    private UnsafeBuffer slice(final FileChannel channel, final long pos, final int length) throws IOException
    {
        if (length > WINDOW)
        {
            final ByteBuffer big = ByteBuffer.allocate(length);
            readFully(channel, big, pos);
            view.wrap(big.array(), 0, length);
            return view;
        }
        if (pos < windowStart || pos + length > windowStart + windowLength)
        {
            window.clear();
            windowStart = pos;
            readFully(channel, window, pos);
            windowLength = window.position();
            if (windowLength < length)
            {
                throw new IOException("short read at byte " + pos);
            }
        }
        view.wrap(window, (int) (pos - windowStart), length);
        return view;
    }

    private static void readFully(final FileChannel channel, final ByteBuffer into, final long pos) throws IOException
    {
        long at = pos;
        while (into.hasRemaining())
        {
            final int n = channel.read(into, at);
            if (n < 0)
            {
                break;
            }
            at += n;
        }
    }
}
