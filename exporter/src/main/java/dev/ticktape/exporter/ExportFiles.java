package dev.ticktape.exporter;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The output directory's files: where an export stages its files, what they are finally called,
 * and the commit that moves them into place.
 * <p>
 * A final file is {@code type=<table>/date=<YYYY-MM-DD>/part-<from>_<to>[-<filter>].parquet}, where
 * {@code [from, to)} is the part of the exported receive-time range inside that date
 * ({@code 20240101T000000.000000000Z}) and {@code <filter>} a hash of the {@code --stream},
 * {@code --symbol} and {@code --market} filters, if any. The same export therefore always produces the same names. At commit, every earlier file
 * of the same table and filter whose range lies inside the new export's range is replaced (same
 * name) or removed (a narrower earlier export); one that overlaps the range only in part is a
 * conflict, reported before anything moves. Files are staged in a hidden directory of the output
 * ({@code .ticktape-staging-<pid>-<n>}) and moved in with atomic renames, so a reader never sees a
 * half-written file under a final name; staging left by a killed export is removed by the next.
 */
final class ExportFiles
{
    static final String STAGING_PREFIX = ".ticktape-staging-";
    static final String LOCK_FILE = ".ticktape-export.lock";
    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern FILE = Pattern.compile(
        "part-(\\d{8}T\\d{6})\\.(\\d{9})Z_(\\d{8}T\\d{6})\\.(\\d{9})Z(-[0-9a-f]{8})?\\.parquet");
    private static final Pattern DATE_DIR = Pattern.compile("date=(\\d{4}-\\d{2}-\\d{2})");

    private final Path out;
    private final String suffix;
    private Path staging;
    private int sequence;

    /** A finished staged file. */
    record Staged(String table, long day, long from, long to, Path file, long rows, long bytes)
    {
    }

    /** What a commit did. */
    record Commit(List<Path> written, List<Path> replaced)
    {
    }

    ExportFiles(final Path out, final String suffix)
    {
        this.out = out;
        this.suffix = suffix;
    }

    /** The file-name suffix for the frame filters ({@link ExportOptions#filters()}): empty without any. */
    static String suffix(final List<String> filters)
    {
        if (filters.isEmpty())
        {
            return "";
        }
        final CRC32 crc = new CRC32();
        crc.update(String.join("\n", filters).getBytes(StandardCharsets.UTF_8));
        return String.format("-%08x", crc.getValue());
    }

    /** The final name of a file covering {@code [from, to)}. */
    String fileName(final long from, final long to)
    {
        return "part-" + stamp(from) + "_" + stamp(to) + suffix + ".parquet";
    }

    static String stamp(final long epochNanos)
    {
        return STAMP.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L)))
            + String.format(".%09dZ", Math.floorMod(epochNanos, 1_000_000_000L));
    }

    static String date(final long day)
    {
        return LocalDate.ofEpochDay(day).toString();
    }

    static Path partition(final Path out, final String table, final long day)
    {
        return out.resolve("type=" + table).resolve("date=" + date(day));
    }

    FileChannel lockChannel() throws IOException
    {
        Files.createDirectories(out);
        return FileChannel.open(out.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    void createStaging() throws IOException
    {
        staging = Files.createTempDirectory(out, STAGING_PREFIX + ProcessHandle.current().pid() + "-");
    }

    Path stagingFile(final String table, final long day)
    {
        return staging.resolve(table + "-" + date(day) + "-" + (sequence++) + ".parquet");
    }

    static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes staging directories of exports that died (their process is gone); called under the lock. */
    void removeAbandonedStaging() throws IOException
    {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(out, STAGING_PREFIX + "*"))
        {
            for (final Path dir : dirs)
            {
                final String rest = dir.getFileName().toString().substring(STAGING_PREFIX.length());
                final int dash = rest.indexOf('-');
                try
                {
                    final long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    {
                        continue;
                    }
                }
                catch (final NumberFormatException ignored)
                {
                    // not ours to judge by pid: an abandoned staging directory all the same
                }
                deleteTree(dir);
            }
        }
    }

    void removeStaging()
    {
        if (staging != null)
        {
            try
            {
                deleteTree(staging);
            }
            catch (final IOException ignored)
            {
                // removed by the next export
            }
        }
    }

    /**
     * Moves the staged files to their final names and removes the earlier files they supersede.
     *
     * @param staged files written by this export.
     * @param tables the tables the export selected (their earlier files in the range are superseded).
     * @param from   the export's range start.
     * @param to     the export's range end.
     */
    Commit commit(final List<Staged> staged, final Set<String> tables, final long from, final long to) throws IOException
    {
        final Set<Path> targets = new HashSet<>();
        final List<Path[]> moves = new ArrayList<>();
        for (final Staged s : staged)
        {
            final Path target = partition(out, s.table(), s.day()).resolve(fileName(s.from(), s.to()));
            targets.add(target);
            moves.add(new Path[] {s.file(), target});
        }
        final List<Path> superseded = new ArrayList<>();
        if (from < to)
        {
            for (final String table : tables)
            {
                superseded(table, from, to, superseded);
            }
        }
        final List<Path> written = new ArrayList<>();
        for (final Path[] move : moves)
        {
            Files.createDirectories(move[1].getParent());
            try
            {
                Files.move(move[0], move[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot rename into " + move[1].getParent()
                    + " atomically: " + e.getMessage(), e);
            }
            written.add(out.relativize(move[1]));
        }
        final List<Path> replaced = new ArrayList<>();
        for (final Path old : superseded)
        {
            if (!targets.contains(old))
            {
                Files.deleteIfExists(old);
            }
            replaced.add(out.relativize(old));
        }
        return new Commit(written, replaced);
    }

    /** Earlier files of {@code table} inside {@code [from, to)}; a conflict for one that straddles it. */
    private void superseded(final String table, final long from, final long to, final List<Path> into) throws IOException
    {
        final Path dir = out.resolve("type=" + table);
        if (!Files.isDirectory(dir))
        {
            return;
        }
        try (DirectoryStream<Path> dates = Files.newDirectoryStream(dir))
        {
            for (final Path date : dates)
            {
                final Matcher d = DATE_DIR.matcher(date.getFileName().toString());
                if (!d.matches())
                {
                    continue;
                }
                final long day = LocalDate.parse(d.group(1)).toEpochDay();
                if ((day + 1) * DAY_NANOS <= from || day * DAY_NANOS >= to)
                {
                    continue;
                }
                try (DirectoryStream<Path> parts = Files.newDirectoryStream(date, "part-*.parquet"))
                {
                    for (final Path part : parts)
                    {
                        final Matcher m = FILE.matcher(part.getFileName().toString());
                        if (!m.matches() || !suffix.equals(m.group(5) == null ? "" : m.group(5)))
                        {
                            continue;
                        }
                        final long a = parse(m.group(1), m.group(2));
                        final long b = parse(m.group(3), m.group(4));
                        if (a >= from && b <= to)
                        {
                            into.add(part);
                        }
                        else if (a < to && b > from)
                        {
                            throw new TicktapeException(ErrorCode.USAGE, out.relativize(part) + " holds an earlier export of "
                                + stamp(a) + " to " + stamp(b) + ", which the range " + stamp(from) + " to " + stamp(to)
                                + " overlaps without covering; export a range that covers it, or remove it");
                        }
                    }
                }
            }
        }
    }

    private static long parse(final String seconds, final String nanos)
    {
        final Instant at = STAMP.parse(seconds, Instant::from);
        return at.getEpochSecond() * 1_000_000_000L + Long.parseLong(nanos);
    }

    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
