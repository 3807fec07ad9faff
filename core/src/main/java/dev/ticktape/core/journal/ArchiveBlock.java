package dev.ticktape.core.journal;

import java.util.Arrays;

/**
 * One decoded archive block: its records' bytes, one after another in one array, with where each
 * starts and ends and its receive time. Reused from block to block.
 */
final class ArchiveBlock
{
    byte[] arena = new byte[1 << 20];
    int[] starts = new int[1024];
    int[] ends = new int[1024];
    long[] epochs = new long[1024];
    int count;
    private int used;

    void reset(final int count)
    {
        this.count = count;
        used = 0;
        if (starts.length < count)
        {
            final int n = Math.max(count, starts.length * 2);
            starts = new int[n];
            ends = new int[n];
            epochs = new long[n];
        }
    }

    /** @return where a record of at most {@code maxLength} bytes starts. */
    int begin(final int maxLength)
    {
        if (used + maxLength > arena.length)
        {
            final long wanted = Math.max((long) arena.length * 2, (long) used + maxLength);
            if (wanted > Integer.MAX_VALUE - 16)
            {
                throw new IllegalStateException("archive block larger than 2 GiB");
            }
            arena = Arrays.copyOf(arena, (int) wanted);
        }
        return used;
    }

    void end(final int record, final int start, final int end, final long epoch)
    {
        starts[record] = start;
        ends[record] = end;
        epochs[record] = epoch;
        used = end;
    }
}
