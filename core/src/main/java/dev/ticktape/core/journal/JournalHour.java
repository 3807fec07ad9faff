package dev.ticktape.core.journal;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One hour (roll cycle) of a journal: archived ({@code .tta}) or live ({@code .cq4}).
 *
 * @param start     when the hour starts.
 * @param archived  whether it is read from its archive.
 * @param file      the file it is read from.
 * @param diskBytes that file's size.
 * @param records   the frames and session events it holds.
 */
public record JournalHour(Instant start, boolean archived, Path file, long diskBytes, long records)
{
    /**
     * @return bytes on disk per record, or 0 for an empty hour.
     */
    public double bytesPerRecord()
    {
        return records == 0 ? 0 : diskBytes / (double) records;
    }
}
