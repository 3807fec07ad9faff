package dev.ticktape.exporter;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Parquet file being written: a table's rows for one date, into a temporary file that the
 * exporter renames when the whole export has succeeded. parquet-java's {@link ParquetWriter} runs
 * on a {@link LocalOutputFile} with a {@link PlainParquetConfiguration} and {@link ParquetCodecs},
 * so no Hadoop class is loaded. The key-value metadata (schema version, source range, row range)
 * is settled when the file is closed.
 */
final class TableWriter implements AutoCloseable
{
    private final Table table;
    private final Row row;
    private final Path temporary;
    private final ParquetWriter<Row> writer;
    private final Map<String, String> metadata;
    private long rows;
    private long firstRecvNanos = Long.MAX_VALUE;
    private long lastRecvNanos = Long.MIN_VALUE;

    TableWriter(final Table table, final Row row, final Path temporary, final Settings settings,
        final Map<String, String> metadata) throws IOException
    {
        this.table = table;
        this.row = row;
        this.temporary = temporary;
        this.metadata = new LinkedHashMap<>(metadata);
        final MessageType schema = table.schema(settings.floats());
        final Builder builder = new Builder(temporary, new Support(schema, this))
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new ParquetCodecs())
            .withCompressionCodec(settings.compression())
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withRowGroupSize(settings.rowGroupBytes())
            .withPageSize(ParquetProperties.DEFAULT_PAGE_SIZE)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
            .withSizeStatisticsEnabled(false)
            .withDictionaryEncoding(false);
        for (final Column c : table.columns())
        {
            // Version 2 encodings: delta for times and ids, a dictionary where values repeat
            builder.withDictionaryEncoding(c.name, c.dictionary);
            if (!c.statistics && !settings.floats())
            {
                builder.withStatisticsEnabled(c.name, false);
            }
        }
        this.writer = builder.build();
    }

    /** How every file of an export is written. */
    record Settings(CompressionCodecName compression, long rowGroupBytes, boolean floats)
    {
    }

    /** Writes the {@link Row} as it is now. */
    void write() throws IOException
    {
        writer.write(row);
        rows++;
        final long t = row.recvNanos;
        if (t < firstRecvNanos)
        {
            firstRecvNanos = t;
        }
        if (t > lastRecvNanos)
        {
            lastRecvNanos = t;
        }
    }

    Table table()
    {
        return table;
    }

    long rows()
    {
        return rows;
    }

    Path temporary()
    {
        return temporary;
    }

    long firstRecvNanos()
    {
        return firstRecvNanos;
    }

    long lastRecvNanos()
    {
        return lastRecvNanos;
    }

    /** Metadata written into the footer when the file closes; set before {@link #close()}. */
    void metadata(final String key, final String value)
    {
        metadata.put(key, value);
    }

    @Override
    public void close() throws IOException
    {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder>
    {
        private final Support support;

        Builder(final Path path, final Support support)
        {
            super(new LocalOutputFile(path));
            this.support = support;
        }

        @Override
        protected Builder self()
        {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(final ParquetConfiguration conf)
        {
            return support;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(final Configuration conf)
        {
            return support;
        }
    }

    /** Hands each row to its table's columns, and the metadata to the footer at the end. */
    private static final class Support extends WriteSupport<Row>
    {
        private final MessageType schema;
        private final TableWriter owner;
        private RecordConsumer consumer;

        Support(final MessageType schema, final TableWriter owner)
        {
            this.schema = schema;
            this.owner = owner;
        }

        @Override
        public WriteContext init(final ParquetConfiguration configuration)
        {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(final Configuration configuration)
        {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(final RecordConsumer recordConsumer)
        {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(final Row row)
        {
            owner.table.write(consumer, row);
        }

        @Override
        public String getName()
        {
            return "ticktape";
        }

        @Override
        public FinalizedWriteContext finalizeWrite()
        {
            return new FinalizedWriteContext(owner.metadata);
        }
    }
}
