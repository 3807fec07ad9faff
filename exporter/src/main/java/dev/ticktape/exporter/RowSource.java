package dev.ticktape.exporter;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;

import java.util.List;

/** Rows on the encoding thread, ready for parquet-java's column writers: a decoded {@link Batch} or a {@link KeyBatch}. */
interface RowSource
{
    int rowCount();

    /**
     * Hands rows {@code [from, to)} to the column writers: column by column, then the records' ends.
     * Pages are cut only in {@code endRecord}, when every column holds the same rows, so they still
     * end on row boundaries.
     */
    void emit(List<ColumnDescriptor> descriptors, ColumnWriter[] writers, ColumnWriteStore store, int from, int to);

    /**
     * Hands rows {@code [from, to)} of one column to its writer, without ending the records: a
     * clustered block's columns are written by two threads, then the records ended on one.
     *
     * @param scratch the calling thread's own.
     */
    void column(int c, ColumnDescriptor descriptor, ColumnWriter writer, int from, int to, KeyBatch.Scratch scratch);
}
