package dev.ticktape.exporter;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.plain.FixedLenByteArrayPlainValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * parquet-java's default encodings (version 2: a dictionary where the column asks for one, else
 * delta), except PLAIN for 12-byte decimals, whose prefix-delta encoding costs more than zstd on
 * the plain bytes (measured on the peers' workload: PLAIN + zstd was 25 to 50% smaller). A
 * dictionary does not pay for them either: 1.5% smaller in 262,144-row groups, at the cost of
 * parquet-java hashing every value. Whole payloads ({@code raw}) are PLAIN too: the default
 * tried a dictionary first, hashing every payload of a row group until it gave up, and then
 * prefix-delta; PLAIN exports {@code raw} about 8% faster for 2.5% more bytes.
 */
final class Encodings implements ValuesWriterFactory
{
    private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
    private final java.util.Set<String> blobs;
    private final BlobPages blobPages;
    private ParquetProperties properties;

    /**
     * @param blobs     the columns of whole payloads: PLAIN.
     * @param blobPages writes them compressed as they fill (zstd), or null: parquet-java's PLAIN writer.
     */
    Encodings(final java.util.Set<String> blobs, final BlobPages blobPages)
    {
        this.blobs = blobs;
        this.blobPages = blobPages;
    }

    @Override
    public void initialize(final ParquetProperties properties)
    {
        this.properties = properties;
        defaults.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(final ColumnDescriptor column)
    {
        if (blobs.contains(column.getPath()[0]))
        {
            if (blobPages != null)
            {
                return blobPages.newWriter(properties.getInitialSlabSize(), properties.getPageSizeThreshold());
            }
            return new PlainValuesWriter(properties.getInitialSlabSize(), properties.getPageSizeThreshold(),
                properties.getAllocator());
        }
        if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
        {
            return defaults.newValuesWriter(column);
        }
        return new FixedLenByteArrayPlainValuesWriter(column.getTypeLength(), properties.getInitialSlabSize(),
            properties.getPageSizeThreshold(), properties.getAllocator());
    }
}
