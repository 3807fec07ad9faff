package bench;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The peers' P3 "gunzip + line split" (their Replay.gzRead), callable from ArchiveBench: compiled by
 * run-archive.sh together with ../shared/bench-peers' own JsonlReader, in its package.
 */
public final class GzLineSplit
{
    private GzLineSplit()
    {
    }

    /** @return frames, nanoseconds taken, and a checksum of what was read. */
    public static long[] run(final File gz) throws Exception
    {
        final long[] acc = new long[1];
        final long t0 = System.nanoTime();
        final long n;
        try (InputStream in = new GZIPInputStream(new FileInputStream(gz), 1 << 16))
        {
            n = JsonlReader.read(in, (ts, b, off, len) -> acc[0] += ts + len);
        }
        return new long[] { n, System.nanoTime() - t0, acc[0] };
    }
}
