package dev.ticktape.exporter;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/**
 * Page compression for the exporter's Parquet writers, straight onto the codec libraries that
 * parquet-java already depends on (zstd-jni, snappy-java) and the JDK's gzip.
 * <p>
 * Why not parquet-java's own {@code CodecFactory}: it reaches its codecs through Hadoop's
 * {@code CompressionCodec} interface, so writing would need Hadoop on the class path (tens of
 * megabytes of dependencies) for four calls that these libraries make directly. Only compression
 * is offered: the exporter writes and never reads.
 */
final class ParquetCodecs implements CompressionCodecFactory
{
    /** zstd level: 3 is zstd's and DuckDB's default, the usual balance of speed and size. */
    static final int ZSTD_LEVEL = 3;
    /**
     * zstd level of whole payloads (the {@code raw} table's): on JSON frames level 1 is faster
     * than 3 and, on the peers' frames, even smaller (64.5 against 66.2 bytes a row).
     */
    static final int BLOB_ZSTD_LEVEL = 1;

    /**
     * @param codec the export's compression.
     * @return the compressor of columns of whole payloads: zstd at {@link #BLOB_ZSTD_LEVEL}, the
     *         others as {@link #getCompressor}.
     */
    BytesInputCompressor getBlobCompressor(final CompressionCodecName codec)
    {
        if (codec != CompressionCodecName.ZSTD)
        {
            return getCompressor(codec);
        }
        return zstd(BLOB_ZSTD_LEVEL);
    }

    /** @return a zstd compressor at {@code level}, compressing each page at once. */
    static BytesInputCompressor zstd(final int level)
    {
        return new Compressor(CompressionCodecName.ZSTD)
        {
            @Override
            public BytesInput compress(final BytesInput input) throws IOException
            {
                return BytesInput.from(Zstd.compress(input.toByteArray(), level));
            }
        };
    }

    @Override
    public BytesInputCompressor getCompressor(final CompressionCodecName codec)
    {
        return switch (codec)
        {
            case UNCOMPRESSED -> new Compressor(codec)
            {
                @Override
                public BytesInput compress(final BytesInput input)
                {
                    return input;
                }
            };
            case ZSTD -> zstd(ZSTD_LEVEL);
            case SNAPPY -> new Compressor(codec)
            {
                @Override
                public BytesInput compress(final BytesInput input) throws IOException
                {
                    return BytesInput.from(Snappy.compress(input.toByteArray()));
                }
            };
            case GZIP -> new Compressor(codec)
            {
                @Override
                public BytesInput compress(final BytesInput input) throws IOException
                {
                    final ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(64, input.size() / 2));
                    try (GZIPOutputStream gzip = new GZIPOutputStream(out))
                    {
                        input.writeAllTo(gzip);
                    }
                    return BytesInput.from(out.toByteArray());
                }
            };
            default -> throw new IllegalArgumentException("compression " + codec + " is not offered");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(final CompressionCodecName codec)
    {
        throw new UnsupportedOperationException("the exporter only writes Parquet");
    }

    @Override
    public void release()
    {
    }

    private abstract static class Compressor implements BytesInputCompressor
    {
        private final CompressionCodecName codec;

        Compressor(final CompressionCodecName codec)
        {
            this.codec = codec;
        }

        @Override
        public CompressionCodecName getCodecName()
        {
            return codec;
        }

        @Override
        public void release()
        {
        }
    }
}
