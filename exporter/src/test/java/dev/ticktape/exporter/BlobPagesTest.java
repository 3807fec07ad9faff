package dev.ticktape.exporter;

import com.github.luben.zstd.Zstd;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalWriter;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages of whole payloads compressed while they fill ({@link BlobPages}): each page decompresses
 * to exactly its PLAIN values, whatever the values' sizes against the chunk and the page and
 * whichever thread compressed its chunks, and an export of {@code raw} reads back, through DuckDB,
 * frame for frame.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlobPagesTest
{
    private static final int PAGE = 1 << 20;

    @Test
    void everyPageDecompressesToItsPlainValues()
    {
        final BlobPages pages = new BlobPages(ParquetCodecs.BLOB_ZSTD_LEVEL);
        final BytesInputCompressor compressor = pages.compressor();
        final Random random = new Random(7);
        final ValuesWriter writer = pages.newWriter(64 << 10, PAGE);
        try
        {
            // small values over many chunks; values across a chunk's end; larger than a chunk; larger than a page; empty
            final int[][] shapes = {{3000, 10, 600}, {40, 30_000, 70_000}, {3, 300_000, 300_001}, {2, 3_000_000, 3_000_001}, {1, 0, 1}};
            for (final int[] shape : shapes)
            {
                final ByteArrayOutputStream plain = new ByteArrayOutputStream();
                for (int v = 0; v < shape[0]; v++)
                {
                    final byte[] value = json(random, shape[1] + random.nextInt(shape[2] - shape[1]));
                    // a slice of a larger array, as the exporter's batches hand them over
                    final byte[] arena = new byte[value.length + 10];
                    System.arraycopy(value, 0, arena, 5, value.length);
                    writer.writeBytes(Binary.fromReusedByteArray(arena, 5, value.length));
                    plain.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >>> 8), (byte) (value.length >>> 16),
                        (byte) (value.length >>> 24)});
                    plain.writeBytes(value);
                }
                assertEquals((long) plain.size(), writer.getBufferedSize());
                final BytesInput bytes = writer.getBytes();
                assertArrayEquals(plain.toByteArray(), toArray(bytes), "the page's PLAIN values");
                final byte[] compressed = toArray(compress(compressor, bytes));
                assertTrue(plain.size() < 100 || compressed.length < plain.size() / 2, "compressed");
                assertArrayEquals(plain.toByteArray(), Zstd.decompress(compressed, plain.size()), Arrays.toString(shape));
                writer.reset();
            }
        }
        finally
        {
            writer.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPageIsCutWithoutTheHelperThreadWhenItIsBusy() throws Exception
    {
        final BlobPages pages = new BlobPages(ParquetCodecs.BLOB_ZSTD_LEVEL);
        final ValuesWriter writer = pages.newWriter(64 << 10, PAGE);
        try (BusyHelper helper = new BusyHelper())
        {
            final ByteArrayOutputStream plain = new ByteArrayOutputStream();
            final Random random = new Random(5);
            while (plain.size() < 5 * BlobPages.CHUNK)
            {
                final byte[] value = json(random, 100 + random.nextInt(400));
                writer.writeBytes(Binary.fromConstantByteArray(value));
                plain.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >>> 8), 0, 0});
                plain.writeBytes(value);
            }
            // every chunk is still queued behind the blocker: the page is compressed here, without waiting for it
            final BytesInput bytes = writer.getBytes();
            final byte[] compressed = toArray(compress(pages.compressor(), bytes));
            assertTrue(helper.busy(), "the helper thread was busy throughout");
            assertArrayEquals(plain.toByteArray(), Zstd.decompress(compressed, plain.size()));
            writer.reset();
        }
        finally
        {
            writer.close();
        }
    }

    @Test
    void aPageTheWriterDidNotGiveIsCompressedThere() throws Exception
    {
        final BytesInputCompressor compressor = new BlobPages(1).compressor();
        final byte[] text = json(new Random(3), 5000);
        final BytesInput input = BytesInput.from(text);
        final BytesInput compressed = compressor.compress(input);
        assertNotSame(input, compressed);
        assertArrayEquals(text, Zstd.decompress(compressed.toByteArray(), text.length));
        assertEquals(CompressionCodecName.ZSTD, compressor.getCodecName());
    }

    @Test
    void rawExportReadsBackFrameForFrame(@TempDir final Path dir) throws Exception
    {
        final Path journal = dir.resolve("journal");
        final List<byte[]> payloads = new ArrayList<>();
        final Random random = new Random(11);
        final long t0 = SampleJournal.T0;
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < 12_000; i++)
            {
                // mostly frames of a few hundred bytes; now and then a large one (REST snapshots reach megabytes)
                final int size = i % 4000 == 17 ? 1_500_000 + random.nextInt(1000) : i % 500 == 3 ? 90_000 : 100 + random.nextInt(500);
                final byte[] payload = i % 7 == 0 ? binary(random, size) : json(random, size);
                payloads.add(payload);
                final long t = t0 + i * 1_000_000L;
                w.appendFrame(i % 7 == 0 ? Market.SPOT_SBE : Market.USDM, 1, i % 7 == 0 ? FrameKind.BINARY : FrameKind.TEXT, t, t,
                    ("s" + (i % 5)).getBytes(StandardCharsets.US_ASCII), payload, 0, payload.length);
            }
        }
        for (final CompressionCodecName compression : List.of(CompressionCodecName.ZSTD, CompressionCodecName.UNCOMPRESSED))
        {
            final Path out = dir.resolve(compression.name());
            Exporter.export(new ExportOptions().journal(journal).out(out).type("raw").compression(compression));
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                 Statement st = duck.createStatement();
                 ResultSet rs = st.executeQuery("SELECT payload FROM read_parquet('" + out.resolve("type=raw") + "/**/*.parquet')"
                     + " ORDER BY recv_time, recv_sub_us"))
            {
                int i = 0;
                while (rs.next())
                {
                    assertArrayEquals(payloads.get(i), rs.getBytes(1), compression + ": frame " + i);
                    i++;
                }
                assertEquals(payloads.size(), i, compression.name());
            }
        }
    }

    private static BytesInput compress(final BytesInputCompressor compressor, final BytesInput bytes)
    {
        try
        {
            return compressor.compress(bytes);
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError(e);
        }
    }

    private static byte[] toArray(final BytesInput bytes)
    {
        try
        {
            return bytes.toByteArray();
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError(e);
        }
    }

    /** Text that compresses as frames do: a repeated shape with numbers that change. */
    private static byte[] json(final Random random, final int size)
    {
        final StringBuilder s = new StringBuilder(size + 64);
        while (s.length() < size)
        {
            s.append("{\"e\":\"depthUpdate\",\"E\":").append(1_704_067_200_000L + random.nextInt(100_000))
                .append(",\"b\":[[\"").append(3000 + random.nextInt(1000)).append('.').append(random.nextInt(100)).append("\"]]}");
        }
        s.setLength(size);
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] binary(final Random random, final int size)
    {
        final byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }
}
