package dev.ticktape.exporter;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ParquetEncodingException;
import org.apache.parquet.io.api.Binary;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The pages of a column of whole payloads ({@code raw}'s): PLAIN, and compressed with zstd while
 * they fill rather than once they are cut.
 * <p>
 * parquet-java compresses a page when it is cut, on the thread that writes the rows. At zstd level
 * 1 a row's payload (about 330 bytes of JSON) costs about 0.75 µs there, more than the rest of what
 * an export of {@code raw} costs its encoding thread, while the decoding thread, which has nothing to
 * decode for {@code raw}, waits. Here every {@link #CHUNK} bytes of a page go to the helper
 * thread ({@link ExportHelper}) as they are written, each chunk a zstd frame of its own (a page is
 * their concatenation, which zstd's format reads as one stream; the tests read it with DuckDB). When
 * parquet-java cuts the page, the encoding thread compresses the chunks the helper thread has
 * not started yet and the last, short one itself, waits only for those the helper thread has
 * claimed, and {@link #compressor} hands parquet-java the page already compressed. Independent
 * chunks let both threads compress when the helper thread is behind, which one stream a page
 * did not (the encoding thread then waited about half of each export); they cost 1.9% in size
 * (the peers' 2 M frames: 65.7 against 64.5 bytes a row).
 * <p>
 * One {@code BlobPages} per file; its writers (one per blob column and row group) and its
 * compressor are used on the encoding thread only.
 */
final class BlobPages
{
    /** Bytes of a page handed to the helper thread at a time: a frame of their own. */
    static final int CHUNK = 256 << 10;

    private final int level;
    /** What compresses a page this did not write (none in practice): zstd at the same level, the page at once. */
    private final BytesInputCompressor otherwise;
    /** The page {@link Writer#getBytes} gave last and its compressed bytes, until the compressor takes them. */
    private BytesInput page;
    private BytesInput pageCompressed;

    /** @param level zstd level. */
    BlobPages(final int level)
    {
        this.level = level;
        this.otherwise = ParquetCodecs.zstd(level);
    }

    /** A blob column's values writer for one row group. */
    ValuesWriter newWriter(final int initialSize, final int pageSize)
    {
        return new Writer(initialSize, pageSize);
    }

    /**
     * @return the blob columns' compressor: a page from {@link Writer#getBytes} comes back as the
     *         writer compressed it; anything else (none in practice) is compressed here.
     */
    BytesInputCompressor compressor()
    {
        return new BytesInputCompressor()
        {
            @Override
            public BytesInput compress(final BytesInput input) throws IOException
            {
                if (input == page)
                {
                    final BytesInput compressed = pageCompressed;
                    page = null;
                    pageCompressed = null;
                    return compressed;
                }
                return otherwise.compress(input);
            }

            @Override
            public CompressionCodecName getCodecName()
            {
                return otherwise.getCodecName();
            }

            @Override
            public void release()
            {
            }
        };
    }

    /**
     * A stretch of a page and its zstd frame, compressed once: by the helper thread, or by the
     * encoding thread at the page's end if the helper has not started it ({@link ExportHelper.Task});
     * reused from page to page once the helper thread's turn at it has passed.
     */
    private static final class Chunk
    {
        final ExportHelper.Task task = new ExportHelper.Task();
        byte[] source;
        int from;
        int to;
        byte[] frame = new byte[0];
        int frameLength;
        /** Whether the encoding thread claimed it (at the page's end), so that there is nothing to wait for. */
        boolean compressedHere;

        /** Compresses the stretch into {@link #frame} with {@code ctx}: by the thread that claimed the task. */
        void compress(final ZstdCompressCtx ctx)
        {
            final int bound = (int) Zstd.compressBound(to - from);
            if (frame.length < bound)
            {
                frame = new byte[bound];
            }
            frameLength = ctx.compressByteArray(frame, 0, bound, source, from, to - from);
        }
    }

    /**
     * PLAIN values (each a 4-byte little-endian length, then its bytes), compressed a chunk at a
     * time on the helper thread.
     */
    final class Writer extends ValuesWriter
    {
        /** The helper thread's context for this writer's chunks, and the encoding thread's. */
        private final ZstdCompressCtx pooled;
        private final ZstdCompressCtx own;
        private byte[] values;
        private int length;
        /** Bytes of {@link #values} in the page's chunks. */
        private int submitted;
        /** The page's chunks, in order: the first {@link #chunkCount} of the list. */
        private final List<Chunk> chunks = new ArrayList<>();
        private int chunkCount;
        private final OutputStream sink = new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                values[length++] = (byte) b;
            }

            @Override
            public void write(final byte[] b, final int offset, final int n)
            {
                System.arraycopy(b, offset, values, length, n);
                length += n;
            }
        };

        private Writer(final int initialSize, final int pageSize)
        {
            this.values = new byte[Math.max(initialSize, Math.min(pageSize + (pageSize >> 3), 4 << 20))];
            this.pooled = new ZstdCompressCtx().setLevel(level);
            this.own = new ZstdCompressCtx().setLevel(level);
        }

        @Override
        public void writeBytes(final Binary v)
        {
            final int n = v.length();
            if (values.length - length < n + 4)
            {
                // the old array stays with the chunks still to read it: its bytes are the same here
                values = Arrays.copyOf(values, Math.max(values.length * 2, length + n + 4));
            }
            final byte[] b = values;
            final int at = length;
            b[at] = (byte) n;
            b[at + 1] = (byte) (n >>> 8);
            b[at + 2] = (byte) (n >>> 16);
            b[at + 3] = (byte) (n >>> 24);
            length = at + 4;
            try
            {
                v.writeTo(sink);
            }
            catch (final IOException e)
            {
                throw new ParquetEncodingException(e);
            }
            if (length - submitted >= CHUNK)
            {
                final Chunk chunk = nextChunk();
                chunk.task.give(() -> chunk.compress(pooled));
            }
        }

        /** The page's next chunk: the bytes written since the last one. */
        private Chunk nextChunk()
        {
            if (chunkCount == chunks.size())
            {
                chunks.add(new Chunk());
            }
            Chunk chunk = chunks.get(chunkCount);
            if (!chunk.task.settled())
            {
                // its last page's task has not run yet (it will find the chunk claimed): not reused under it
                chunk = new Chunk();
                chunks.set(chunkCount, chunk);
            }
            chunkCount++;
            chunk.task.keep();
            chunk.source = values;
            chunk.from = submitted;
            chunk.to = length;
            submitted = length;
            return chunk;
        }

        @Override
        public long getBufferedSize()
        {
            return length;
        }

        @Override
        public BytesInput getBytes()
        {
            if (length > submitted || chunkCount == 0)
            {
                nextChunk(); // the rest, compressed here with the chunks not yet started
            }
            // the latest first, as the helper thread takes its queue from the oldest; wait only for
            // the chunks it has claimed, which it is compressing or has compressed
            final List<BytesInput> frames = new ArrayList<>(chunkCount);
            for (int i = chunkCount - 1; i >= 0; i--)
            {
                final Chunk chunk = chunks.get(i);
                chunk.compressedHere = chunk.task.claim();
                if (chunk.compressedHere)
                {
                    chunk.compress(own);
                }
            }
            for (int i = 0; i < chunkCount; i++)
            {
                final Chunk chunk = chunks.get(i);
                if (!chunk.compressedHere)
                {
                    await(chunk);
                }
                frames.add(BytesInput.from(chunk.frame, 0, chunk.frameLength));
            }
            final BytesInput bytes = BytesInput.from(values, 0, length);
            page = bytes;
            pageCompressed = BytesInput.concat(frames);
            return bytes;
        }

        /** Waits until the helper thread's task for a chunk has run. */
        private void await(final Chunk chunk)
        {
            try
            {
                chunk.task.await();
            }
            catch (final ExecutionException e)
            {
                throw new ParquetEncodingException("cannot compress a page of payloads: " + e.getCause().getMessage(), e.getCause());
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new ParquetEncodingException("interrupted while a page of payloads was compressed", e);
            }
        }

        @Override
        public Encoding getEncoding()
        {
            return Encoding.PLAIN;
        }

        @Override
        public void reset()
        {
            length = 0;
            submitted = 0;
            chunkCount = 0;
        }

        @Override
        public void close()
        {
            // a page given up (the export failed): the chunks the helper thread has not started are
            // taken back, so that it never starts one; those it has are waited for, since they use its context
            for (int i = 0; i < chunkCount; i++)
            {
                chunks.get(i).task.cancel();
            }
            chunkCount = 0;
            pooled.close();
            own.close();
        }

        @Override
        public long getAllocatedSize()
        {
            long frames = 0;
            for (final Chunk c : chunks)
            {
                frames += c.frame.length;
            }
            return values.length + frames;
        }

        @Override
        public String memUsageString(final String prefix)
        {
            return prefix + " blob pages " + getAllocatedSize() + " bytes";
        }
    }
}
