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
}
