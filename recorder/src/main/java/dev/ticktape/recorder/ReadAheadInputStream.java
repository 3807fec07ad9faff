package dev.ticktape.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a thread of its own, a few chunks ahead of its reader: {@code ticktape import}
 * inflates a gzip capture on one core while it checks and journals the lines on the other. What
 * the source throws is thrown to the reader where it would have met it. Closing stops the thread.
 */
final class ReadAheadInputStream extends InputStream
{
    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 4;

    /** A chunk of the source: its bytes, or the end (length -1) with what ended it. */
    private static final class Chunk
    {
        final byte[] bytes = new byte[CHUNK];
        int length;
        IOException failure;
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private Chunk current;
    private int position;
    private boolean ended;

    ReadAheadInputStream(final InputStream source, final String name)
    {
        this.source = source;
        for (int i = 0; i < CHUNKS; i++)
        {
            free.add(new Chunk());
        }
        thread = new Thread(this::fill, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The thread: chunk after chunk of the source, then a chunk of length -1 that carries what ended it. */
    private void fill()
    {
        try
        {
            while (true)
            {
                Chunk c = free.take();
                IOException failure = null;
                int n = 0;
                try
                {
                    for (int r; n < CHUNK && (r = source.read(c.bytes, n, CHUNK - n)) >= 0; )
                    {
                        n += r;
                    }
                }
                catch (final IOException e)
                {
                    failure = e;
                }
                if (n > 0)
                {
                    c.length = n;
                    full.put(c);
                    if (failure == null && n == CHUNK)
                    {
                        continue;
                    }
                    c = free.take();
                }
                c.length = -1;
                c.failure = failure;
                full.put(c);
                return;
            }
        }
        catch (final InterruptedException e)
        {
            // closed: the reader is gone
        }
    }

    @Override
    public int read() throws IOException
    {
        final byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException
    {
        if (len == 0)
        {
            return 0;
        }
        while (current == null || position == current.length)
        {
            if (ended)
            {
                return -1;
            }
            if (current != null)
            {
                free.add(current);
                current = null;
            }
            final Chunk next;
            try
            {
                next = full.take();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            if (next.length < 0)
            {
                ended = true;
                if (next.failure != null)
                {
                    throw next.failure;
                }
                return -1;
            }
            current = next;
            position = 0;
        }
        final int n = Math.min(len, current.length - position);
        System.arraycopy(current.bytes, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException
    {
        thread.interrupt();
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
