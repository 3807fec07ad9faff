package dev.ticktape.exporter;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.plain.FixedLenByteArrayPlainValuesWriter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * parquet-java's default encodings (version 2: a dictionary where the column asks for one, else
 * delta), except PLAIN for 12-byte decimals, whose prefix-delta encoding costs more than zstd on
 * the plain bytes (measured on the peers' workload: PLAIN + zstd was 25 to 50% smaller). A
 * dictionary does not pay for them either: 1.5% smaller in 262,144-row groups, at the cost of
 * parquet-java hashing every value.
 */
final class Encodings implements ValuesWriterFactory
{
    private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
    private ParquetProperties properties;

    @Override
    public void initialize(final ParquetProperties properties)
    {
        this.properties = properties;
        defaults.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(final ColumnDescriptor column)
    {
        if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
        {
            return defaults.newValuesWriter(column);
        }
        return new FixedLenByteArrayPlainValuesWriter(column.getTypeLength(), properties.getInitialSlabSize(),
            properties.getPageSizeThreshold(), properties.getAllocator());
    }
}
