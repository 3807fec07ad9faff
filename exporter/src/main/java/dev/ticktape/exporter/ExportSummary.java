package dev.ticktape.exporter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an export wrote.
 *
 * @param rows        rows per table.
 * @param bytes       bytes of the files per table.
 * @param files       the files written, relative to the output directory.
 * @param replaced    earlier files of the same range that the export replaced or removed.
 * @param frames      frames exported (after duplicates were dropped).
 * @param duplicates  frames dropped as duplicates of overlapping connections.
 * @param decodeErrors frames that did not decode (kept in {@code raw}).
 * @param fromNanos   start of the exported range (inclusive).
 * @param toNanos     end of the exported range (exclusive).
 * @param wallNanos   wall time.
 */
public record ExportSummary(Map<String, Long> rows, Map<String, Long> bytes, List<Path> files, List<Path> replaced,
    long frames, long duplicates, long decodeErrors, long fromNanos, long toNanos, long wallNanos)
{
    /** @return rows of all tables. */
    public long totalRows()
    {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return bytes of all files. */
    public long totalBytes()
    {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }
}
