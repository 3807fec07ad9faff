package dev.ticktape.exporter;

/** Progress of an export, reported on the exporting thread every few thousand records. */
@FunctionalInterface
public interface ExportProgress
{
    /** Reports nothing. */
    ExportProgress NONE = (records, total, rows) -> { };

    /**
     * @param records journal records (frames and session events) read so far.
     * @param total   records the journals held when the export started (a guide: a live journal grows).
     * @param rows    rows written so far, all tables.
     */
    void onProgress(long records, long total, long rows);
}
