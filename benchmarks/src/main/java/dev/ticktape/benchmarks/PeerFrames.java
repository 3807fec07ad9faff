package dev.ticktape.benchmarks;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The peers' workload ({@code ../shared/bench-peers}, its generator {@code Gen}) loaded into memory:
 * {@code frames.bin} records of int64 BE receive time, int32 BE length and the JSON bytes.
 */
final class PeerFrames
{
    final byte[] data;
    final int[] offsets;
    final int[] lengths;
    final long[] times;
    final int count;
    final long payloadBytes;

    private PeerFrames(final byte[] data, final int[] offsets, final int[] lengths, final long[] times, final int count,
        final long payloadBytes)
    {
        this.data = data;
        this.offsets = offsets;
        this.lengths = lengths;
        this.times = times;
        this.count = count;
        this.payloadBytes = payloadBytes;
    }

    static PeerFrames load(final Path file, final int limit) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new IOException("no peer workload at " + file + ": run benchmarks/run-journal.sh, which generates it"
                + " with ../shared/bench-peers' generator");
        }
        final byte[] data = new byte[(int) Math.min(Files.size(file), Integer.MAX_VALUE - 16)];
        int[] offsets = new int[1 << 20];
        int[] lengths = new int[1 << 20];
        long[] times = new long[1 << 20];
        int n = 0;
        int position = 0;
        long payload = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 20)))
        {
            while (n < limit)
            {
                final long t;
                try
                {
                    t = in.readLong();
                }
                catch (final EOFException e)
                {
                    break;
                }
                final int length = in.readInt();
                in.readFully(data, position, length);
                if (n == offsets.length)
                {
                    offsets = Arrays.copyOf(offsets, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                    times = Arrays.copyOf(times, n * 2);
                }
                offsets[n] = position;
                lengths[n] = length;
                times[n] = t;
                position += length;
                payload += length;
                n++;
            }
        }
        return new PeerFrames(data, offsets, lengths, times, n, payload);
    }
}
