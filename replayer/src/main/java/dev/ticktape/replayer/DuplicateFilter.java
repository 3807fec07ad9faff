package dev.ticktape.replayer;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.ByteOrder;

/**
 * Drops a frame whose exact copy (same market, stream and payload bytes) was delivered from a
 * different origin (connection, or journal and connection) within a receive-time window: what two
 * overlapping connections, or two recorders on different servers, both journaled. Copies from the
 * same connection are never dropped (a partial-depth stream may repeat itself word for word).
 * <p>
 * Frames are hashed to 64 bits; the map and the expiry ring are sized once and reused, so
 * filtering allocates nothing in steady state.
 */
final class DuplicateFilter
{
    private static final long MISSING = Long.MIN_VALUE;
    private static final int ORIGIN_BITS = 20;
    private static final long ORIGIN_MASK = (1L << ORIGIN_BITS) - 1;

    private final long windowMillis;
    private final Long2LongHashMap seen = new Long2LongHashMap(1 << 16, 0.65f, MISSING);
    private long[] ringHashes = new long[1 << 16];
    private long[] ringMillis = new long[1 << 16];
    private int head;
    private int tail;
    private long dropped;

    DuplicateFilter(final long windowNanos)
    {
        this.windowMillis = Math.max(1, windowNanos / 1_000_000);
    }

    /**
     * @param origin the frame's origin, below 2^20 (source index and connection id).
     * @return true if the frame is a copy of one delivered from another origin within the window.
     */
    boolean duplicate(final JournalFrame frame, final int origin)
    {
        final long millis = frame.recvEpochNanos() / 1_000_000;
        expire(millis);
        final long hash = hash(frame);
        final long previous = seen.get(hash);
        if (previous != MISSING && (previous & ORIGIN_MASK) != origin && millis - (previous >>> ORIGIN_BITS) <= windowMillis)
        {
            dropped++;
            return true;
        }
        remember(hash, millis, origin);
        return false;
    }

    /** Notes a frame delivered earlier, unchecked, so that a copy of it arriving later is found. */
    void remember(final JournalFrame frame, final int origin)
    {
        remember(hash(frame), frame.recvEpochNanos() / 1_000_000, origin);
    }

    private void remember(final long hash, final long millis, final int origin)
    {
        seen.put(hash, (millis << ORIGIN_BITS) | (origin & ORIGIN_MASK));
        push(hash, millis);
    }

    long dropped()
    {
        return dropped;
    }

    private void expire(final long nowMillis)
    {
        while (head != tail && nowMillis - ringMillis[head] > windowMillis)
        {
            final long hash = ringHashes[head];
            final long value = seen.get(hash);
            if (value != MISSING && (value >>> ORIGIN_BITS) == ringMillis[head])
            {
                seen.remove(hash);
            }
            head = (head + 1) & (ringHashes.length - 1);
        }
    }

    private void push(final long hash, final long millis)
    {
        final int next = (tail + 1) & (ringHashes.length - 1);
        if (next == head)
        {
            grow();
            push(hash, millis);
            return;
        }
        ringHashes[tail] = hash;
        ringMillis[tail] = millis;
        tail = next;
    }

    private void grow()
    {
        final int n = ringHashes.length;
        final long[] hashes = new long[n * 2];
        final long[] millis = new long[n * 2];
        int count = 0;
        for (int i = head; i != tail; i = (i + 1) & (n - 1))
        {
            hashes[count] = ringHashes[i];
            millis[count] = ringMillis[i];
            count++;
        }
        ringHashes = hashes;
        ringMillis = millis;
        head = 0;
        tail = count;
    }

    /** A 64-bit hash of market, stream and payload, eight bytes at a time. */
    static long hash(final JournalFrame frame)
    {
        final DirectBuffer b = frame.buffer();
        long h = 0x9E3779B97F4A7C15L * (frame.market().id() + 1);
        h = mix(b, frame.streamOffset(), frame.streamLength(), h);
        return mix(b, frame.payloadOffset(), frame.payloadLength(), h ^ frame.payloadLength());
    }

    private static long mix(final DirectBuffer b, final int offset, final int length, final long seed)
    {
        long h = seed;
        final int words = length & ~7;
        for (int i = 0; i < words; i += 8)
        {
            h = Long.rotateLeft(h ^ (b.getLong(offset + i, ByteOrder.LITTLE_ENDIAN) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int i = words; i < length; i++)
        {
            tail = (tail << 8) | (b.getByte(offset + i) & 0xFF);
        }
        h = Long.rotateLeft(h ^ (tail * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }
}
