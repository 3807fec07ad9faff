package dev.ticktape.exporter;

import com.github.luben.zstd.EndDirective;
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
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pages of a column of whole payloads ({@code raw}'s): PLAIN, and compressed with zstd while
 * they fill rather than once they are cut.
 * <p>
 * parquet-java compresses a page when it is cut, on the thread that writes the rows. At zstd level
 * 1 a row's payload (about 330 bytes of JSON) costs about 0.7 µs there, half of what an export of
 * {@code raw} costs its encoding thread, while the decoding thread, which has nothing to decode for
 * {@code raw}, waits. Here every {@link #CHUNK} bytes of a page go to a compressing thread as they
 * are written, one zstd stream (one frame) a page; when parquet-java cuts the page, the encoding
 * thread waits for what it handed over (usually done) and compresses only the rest, and
 * {@link #compressor} hands parquet-java the page already compressed. The frame is written as a
 * stream, so its header does not carry the content size (zstd's format leaves it optional).
 * <p>
 * One {@code BlobPages} per file; its writers (one per blob column and row group) and its
 * compressor are used on the encoding thread only.
 */
final class BlobPages
{
    /** Bytes of a page handed to the compressing thread at a time. */
    static final int CHUNK = 64 << 10;

    /**
     * The compressing thread, one for the JVM: it runs while an export writes blobs and ends after a
     * second idle. One thread is enough, since it takes a single page stream at a time from each
     * writer, and every chunk of a writer runs in order.
     */
    private static final ThreadPoolExecutor COMPRESSING = compressingThread();

    private final int level;
    /** The page {@link Writer#getBytes} gave last, until the compressor takes it. */
    private BytesInput page;
    private Writer pageWriter;

    /** @param level zstd level. */
    BlobPages(final int level)
    {
        this.level = level;
    }

    private static ThreadPoolExecutor compressingThread()
    {
        final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r ->
        {
            final Thread t = new Thread(r, "ticktape-export-zstd");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
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
                if (input == page && pageWriter != null)
                {
                    final Writer w = pageWriter;
                    page = null;
                    pageWriter = null;
                    return BytesInput.from(w.out, 0, w.outLength);
                }
                return BytesInput.from(Zstd.compress(input.toByteArray(), level));
            }

            @Override
            public CompressionCodecName getCodecName()
            {
                return CompressionCodecName.ZSTD;
            }

            @Override
            public void release()
            {
            }
        };
    }

    /**
     * PLAIN values (each a 4-byte little-endian length, then its bytes), compressed a chunk at a
     * time on the compressing thread.
     */
    final class Writer extends ValuesWriter
    {
        private final ZstdCompressCtx ctx;
        private byte[] values;
        private int length;
        /** Bytes of {@link #values} handed to the compressing thread (or compressed here). */
        private int submitted;
        /** The page's last chunk handed over: chunks run in order, so when it is done all are. */
        private Future<?> pending;
        /** The page compressed so far: written by the chunks, then by {@link #getBytes}, one after the other. */
        private byte[] out;
        private int outLength;
        /** zstd's input and output: a chunk's bytes are copied in, its compressed bytes out onto {@link #out}. */
        private final ByteBuffer src = ByteBuffer.allocateDirect(CHUNK);
        private final ByteBuffer dst = ByteBuffer.allocateDirect((int) Zstd.compressBound(CHUNK) + (64 << 10));
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
            this.out = new byte[values.length >> 1];
            this.ctx = new ZstdCompressCtx().setLevel(level);
        }

        @Override
        public void writeBytes(final Binary v)
        {
            final int n = v.length();
            if (values.length - length < n + 4)
            {
                // the old array stays with a chunk still reading it: its bytes are the same here
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
                final byte[] chunk = values;
                final int from = submitted;
                final int to = length;
                submitted = to;
                pending = COMPRESSING.submit(() -> compress(chunk, from, to, EndDirective.CONTINUE));
            }
        }

        /**
         * Compresses {@code [from, to)} of {@code chunk} onto {@link #out}; END also ends the frame.
         * Through direct buffers: zstd-jni's stream calls copy a heap array whole, both ways.
         */
        private void compress(final byte[] chunk, final int from, final int to, final EndDirective directive)
        {
            int at = from;
            do
            {
                final int n = Math.min(to - at, src.capacity());
                src.clear();
                src.put(chunk, at, n).flip();
                at += n;
                final EndDirective piece = at == to ? directive : EndDirective.CONTINUE;
                while (true)
                {
                    final boolean flushed = ctx.compressDirectByteBufferStream(dst, src, piece);
                    drain();
                    if (piece == EndDirective.END ? flushed : !src.hasRemaining())
                    {
                        break;
                    }
                }
            }
            while (at < to);
        }

        /** Moves what zstd wrote into {@link #dst} onto {@link #out}. */
        private void drain()
        {
            final int n = dst.position();
            if (out.length - outLength < n)
            {
                out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + n));
            }
            dst.flip();
            dst.get(out, outLength, n);
            dst.clear();
            outLength += n;
        }

        @Override
        public long getBufferedSize()
        {
            return length;
        }

        @Override
        public BytesInput getBytes()
        {
            if (pending != null)
            {
                try
                {
                    pending.get();
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
                pending = null;
            }
            compress(values, submitted, length, EndDirective.END);
            submitted = length;
            final BytesInput bytes = BytesInput.from(values, 0, length);
            page = bytes;
            pageWriter = this;
            return bytes;
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
            outLength = 0;
        }

        @Override
        public void close()
        {
            if (pending != null)
            {
                // a page given up (the export failed): its chunks must be done before the context goes
                try
                {
                    pending.get();
                }
                catch (final ExecutionException e)
                {
                    // the export is failing already
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                pending = null;
            }
            ctx.close();
        }

        @Override
        public long getAllocatedSize()
        {
            return values.length + (long) out.length;
        }

        @Override
        public String memUsageString(final String prefix)
        {
            return prefix + " blob pages " + getAllocatedSize() + " bytes";
        }
    }
}
