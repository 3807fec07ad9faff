package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.JsonFields;
import dev.ticktape.core.journal.SessionEvent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Follows every diff-depth stream's update-id chain across all connections, on the journal
 * thread: the first event of a stream asks for a REST snapshot, and a break in the chain (spot:
 * {@code U} past the last {@code u} + 1; futures: {@code pu} past the last {@code u}) is
 * journaled as a gap event with the ids on both sides and asks for a new snapshot; so is an event
 * that arrived cut short ({@link #onBrokenDepth}), since a book replaying the journal misses it.
 * <p>
 * Two connections carry a stream while one replaces the other, and either may be ahead: the
 * chain's <em>frontier</em> is the id up to which every update is in the journal, and an event
 * that jumps past it on one connection while another open connection is still behind leaves a
 * pending hole rather than a gap; the connection behind fills it, or, if it closes first, the
 * hole is journaled as a gap then. Events at or before the frontier are overlap duplicates. A
 * snapshot older than the event that asked for it (its {@code lastUpdateId} below the id that
 * event follows: spot {@code U - 1}, futures {@code pu}; exactly the snapshots a book refuses,
 * see {@code OrderBook}) is fetched again, as Binance's order-book procedure says, until one
 * lines up (the snapshot fetcher's share of the request weight paces the fetches). A restarted recorder resumes each chain from the last id the journal holds
 * ({@link #resumeFrom}). Looking a stream up allocates nothing.
 */
final class DepthChains
{
    private static final byte[] LAST_UPDATE_ID = "\"lastUpdateId\":".getBytes(StandardCharsets.US_ASCII);
    private static final int SLOTS = 4;
    private static final String SKIPPED = "diff depth update ids skipped; a new snapshot follows";

    private static final class Chain
    {
        final Market market;
        final byte[] name;
        final String stream;
        /** {@link #hash} of the market and name. */
        final int hash;
        /** The name's length, beside its words: a lookup need not reach for {@link #name}. */
        final int nameLength;
        /** The name's first four {@link #word}s (zero past its end): a lookup compares these, not {@link #name}. */
        final long word0;
        final long word1;
        final long word2;
        final long word3;
        /** Every update id up to this one is in the journal (-1: no event yet). */
        long frontier = -1;
        /** The highest u seen on any connection. */
        long lastU = -1;
        /** When a hole is pending: the first id after it (the ahead connection's first U); else -1. */
        long holeTo = -1;
        /** The connections that carried this stream lately, each with its own last u. */
        final int[] connections = new int[SLOTS];
        final long[] own = new long[SLOTS];
        /** Which slots' connections are open: bit i for slot i. */
        int open;
        int slots;
        /**
         * The id the event that asked for the latest snapshot follows (spot {@code U - 1}, futures
         * {@code pu}): a snapshot older than this cannot line up with it (-1: none asked for).
         */
        long syncFollows = -1;
        /** Whether the stream's book is in sync: a snapshot that lines up came after its last request. */
        boolean synced;
        /** Diff events so far (the journal thread counts; the snapshot threads read it, stale at worst, to pick the busiest). */
        long events;
        /** Whether the stream was unsubscribed (a delisting): its book is no longer counted, until events come again. */
        boolean gone;

        long events()
        {
            return events;
        }

        /** A chain for the name {@link #probe} read last: its hash and words are the probe's. */
        Chain(final Market market, final byte[] name, final DepthChains probed)
        {
            this.market = market;
            this.name = name;
            this.stream = new String(name, StandardCharsets.US_ASCII);
            this.hash = probed.probeHash;
            this.nameLength = name.length;
            this.word0 = probed.probe0;
            this.word1 = probed.probe1;
            this.word2 = probed.probe2;
            this.word3 = probed.probe3;
        }

        boolean isOpen(final int slot)
        {
            return (open & (1 << slot)) != 0;
        }

        void open(final int slot, final boolean isOpen)
        {
            open = isOpen ? open | (1 << slot) : open & ~(1 << slot);
        }
    }

    /** Where a chain asks for a snapshot: its market, diff stream, and its events so far (the fetcher takes the busiest first). */
    interface SnapshotRequest
    {
        void request(Market market, String stream, java.util.function.LongSupplier activity);
    }

    private final SnapshotRequest snapshotRequest;
    /** Per market (ordinal), read by the metrics: the books followed, those in sync, and since when all are. */
    private final java.util.concurrent.atomic.AtomicIntegerArray books = new java.util.concurrent.atomic.AtomicIntegerArray(Market.values().length);
    private final java.util.concurrent.atomic.AtomicIntegerArray syncedBooks =
        new java.util.concurrent.atomic.AtomicIntegerArray(Market.values().length);
    private final java.util.concurrent.atomic.AtomicLongArray allSyncedSinceNanos =
        new java.util.concurrent.atomic.AtomicLongArray(Market.values().length);
    private final Consumer<SessionEvent> gapEvent;
    private Chain[] table = new Chain[64];
    /** Each table slot's chain's hash, so that a probe passes a slot without reaching for its chain. */
    private int[] hashes = new int[64];
    private int size;
    private final java.util.concurrent.atomic.AtomicLong staleSnapshots = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param snapshotRequest asked for a snapshot of (market, diff stream); must not block.
     * @param gapEvent        journals a gap event (called on the journal thread).
     */
    DepthChains(final SnapshotRequest snapshotRequest, final Consumer<SessionEvent> gapEvent)
    {
        this.snapshotRequest = snapshotRequest;
        this.gapEvent = gapEvent;
    }

    /**
     * A diff-depth event whose ids its connection already found ({@link FrameFacts}).
     *
     * @param nameOffset where the stream name is in {@code b}.
     */
    void onDepthIds(final Market market, final int connection, final DirectBuffer b, final int nameOffset, final int nameLength,
        final long first, final long last, final long previous)
    {
        check(market, connection, b, nameOffset, nameLength, first, last, market == Market.USDM ? previous : -1);
    }

    private void check(final Market market, final int connection, final DirectBuffer b, final int nameOffset, final int nameLength,
        final long first, final long last, final long previous)
    {
        if (first < 0 || last < 0)
        {
            return; // a control reply or a malformed frame: the decoders report those
        }
        final Chain chain = chain(market, b, nameOffset, nameLength, true);
        if (chain.gone)
        {
            // a stream unsubscribed comes back (a relisting): followed afresh, from a new snapshot
            chain.gone = false;
            books.incrementAndGet(market.ordinal());
        }
        chain.events++;
        final int slot = slot(chain, connection);
        chain.own[slot] = Math.max(chain.own[slot], last);
        // The id this event follows: futures name it (pu); spot's U follows the previous u directly.
        final long follows = market == Market.USDM && previous >= 0 ? previous : first - 1;
        if (chain.frontier < 0)
        {
            chain.frontier = last;
            chain.lastU = last;
            chain.syncFollows = follows;
            unsynced(chain);
            snapshotRequest.request(market, chain.stream, chain::events);
            return;
        }
        if (last <= chain.frontier)
        {
            return; // already in the journal: an overlapping connection's duplicate
        }
        if (follows <= chain.frontier)
        {
            advance(chain, last);
            return;
        }
        if (chain.holeTo >= 0)
        {
            if (follows >= chain.holeTo - 1 && follows <= chain.lastU)
            {
                chain.lastU = Math.max(chain.lastU, last); // the ahead connection goes on
                return;
            }
            gap(chain, connection, chain.holeTo, chain.holeTo - 1, SKIPPED);
            // a second jump: the first hole is not going to be filled
            if (follows <= chain.frontier)
            {
                advance(chain, last);
                return;
            }
        }
        if (behind(chain, slot, follows))
        {
            chain.holeTo = follows + 1; // another open connection may still deliver the ids between
            chain.lastU = Math.max(chain.lastU, last);
            return;
        }
        gap(chain, connection, first, follows, SKIPPED);
        chain.frontier = last;
        chain.lastU = Math.max(chain.lastU, last);
    }

    /**
     * A diff-depth event that arrived cut short (it will not decode, so a book replaying the journal
     * misses its updates): a break like a skipped id. When its ids are known and no other open
     * connection may still deliver it whole, the gap is journaled now, from the frontier to the id
     * after it, and a snapshot asked for; the chain goes on from its {@code u}. Without ids, or with
     * another connection behind, the next whole event shows the hole.
     */
    void onBrokenDepth(final Market market, final int connection, final DirectBuffer b, final int nameOffset, final int nameLength,
        final long first, final long last)
    {
        if (first < 0 || last < first)
        {
            return;
        }
        final Chain chain = chain(market, b, nameOffset, nameLength, false);
        if (chain == null || chain.frontier < 0 || last <= chain.frontier || chain.holeTo >= 0)
        {
            return; // before the chain starts (the next event starts it), a duplicate, or a hole already pending
        }
        final int slot = slot(chain, connection);
        if (behind(chain, slot, last))
        {
            return; // an overlapping connection may still deliver this event whole
        }
        gap(chain, connection, last + 1, last, "diff depth event " + first + ".." + last
            + " arrived cut short and does not decode; a new snapshot follows");
        chain.own[slot] = Math.max(chain.own[slot], last);
        chain.frontier = last;
        chain.lastU = Math.max(chain.lastU, last);
    }

    /**
     * Starts a stream's chain where an earlier run of the recorder left it (a restart), so that the
     * first event of this run is checked against it and the ids missed while no recorder ran are a gap.
     *
     * @param lastId the last {@code u} the journal holds for the stream.
     */
    void resumeFrom(final Market market, final String stream, final long lastId)
    {
        final byte[] name = stream.getBytes(StandardCharsets.US_ASCII);
        final Chain chain = chain(market, new UnsafeBuffer(name), 0, name.length, true);
        if (chain.frontier < 0)
        {
            chain.frontier = lastId;
            chain.lastU = lastId;
            // the journal goes on from the book the last run kept; a gap at the first event unsyncs it
            synced(chain);
        }
    }

    private static void advance(final Chain chain, final long last)
    {
        chain.frontier = last;
        chain.lastU = Math.max(chain.lastU, last);
        if (chain.holeTo >= 0 && chain.frontier >= chain.holeTo - 1)
        {
            chain.frontier = chain.lastU; // the hole is filled: the ahead part joins on
            chain.holeTo = -1;
        }
    }

    /**
     * Journals a gap from the frontier to {@code nextId}, asks for a snapshot that the event after the
     * hole (which follows {@code follows}) can line up with, and moves the frontier past a pending hole.
     */
    private void gap(final Chain chain, final int connection, final long nextId, final long follows, final String reason)
    {
        gapEvent.accept(new SessionEvent.GapDetected(connection, chain.market, chain.stream, chain.frontier, nextId, reason));
        chain.syncFollows = follows;
        unsynced(chain);
        snapshotRequest.request(chain.market, chain.stream, chain::events);
        if (chain.holeTo >= 0)
        {
            chain.frontier = chain.lastU;
            chain.holeTo = -1;
        }
    }

    /** Whether an open connection other than {@code slot} has not yet passed {@code id}. */
    private static boolean behind(final Chain chain, final int slot, final long id)
    {
        for (int i = 0; i < chain.slots; i++)
        {
            if (i != slot && chain.isOpen(i) && chain.own[i] < id)
            {
                return true;
            }
        }
        return false;
    }

    /** The slot of a connection in a chain, taking a closed one's (or, all open, the one furthest behind). */
    private static int slot(final Chain chain, final int connection)
    {
        for (int i = 0; i < chain.slots; i++)
        {
            if (chain.connections[i] == connection)
            {
                chain.open(i, true);
                return i;
            }
        }
        int slot = chain.slots;
        if (slot == SLOTS)
        {
            slot = 0;
            for (int i = 0; i < SLOTS; i++)
            {
                if (!chain.isOpen(i))
                {
                    slot = i;
                    break;
                }
                if (chain.own[i] < chain.own[slot])
                {
                    slot = i;
                }
            }
        }
        else
        {
            chain.slots++;
        }
        chain.connections[slot] = connection;
        chain.own[slot] = -1;
        chain.open(slot, true);
        return slot;
    }

    /**
     * A connection closed (its event just journaled): a hole only it could have filled is a gap now.
     *
     * @param connection its id.
     */
    void onConnectionClosed(final int connection)
    {
        for (final Chain chain : table)
        {
            if (chain == null)
            {
                continue;
            }
            boolean had = false;
            for (int i = 0; i < chain.slots; i++)
            {
                if (chain.connections[i] == connection && chain.isOpen(i))
                {
                    chain.open(i, false);
                    had = true;
                }
            }
            if (had && chain.holeTo >= 0 && !behind(chain, -1, chain.holeTo - 1))
            {
                gap(chain, connection, chain.holeTo, chain.holeTo - 1, SKIPPED);
            }
        }
    }

    /**
     * A journaled REST snapshot of a diff stream: fetched again when it is older than the event
     * that asked for it.
     *
     * @return whether it was stale.
     */
    boolean onSnapshot(final Market market, final DirectBuffer b, final int streamOffset, final int streamLength,
        final int payloadOffset, final int payloadLength)
    {
        if (streamLength == 0)
        {
            return false;
        }
        final Chain chain = chain(market, b, streamOffset, streamLength, false);
        if (chain == null || chain.syncFollows < 0)
        {
            return false;
        }
        final long lastUpdateId = JsonFields.field(b, payloadOffset, payloadOffset + payloadLength, LAST_UPDATE_ID);
        if (lastUpdateId < 0)
        {
            return false;
        }
        if (lastUpdateId >= chain.syncFollows)
        {
            synced(chain);
            return false;
        }
        staleSnapshots.incrementAndGet();
        snapshotRequest.request(market, chain.stream, chain::events); // until one lines up: the fetcher's weight budget paces them
        return true;
    }

    /**
     * Streams were unsubscribed (a delisting): their books are no longer followed, so they count
     * neither in the books nor against "all synced"; events of one again (a relisting) start it
     * afresh, with a snapshot.
     *
     * @param market  the market.
     * @param streams the streams unsubscribed (those not diff depth are ignored).
     */
    void onUnsubscribed(final Market market, final java.util.List<String> streams)
    {
        for (final String stream : streams)
        {
            if (!dev.ticktape.core.binance.StreamNames.diffDepth(stream))
            {
                continue;
            }
            final byte[] name = stream.getBytes(StandardCharsets.US_ASCII);
            final Chain chain = chain(market, new UnsafeBuffer(name), 0, name.length, false);
            if (chain == null || chain.gone)
            {
                continue;
            }
            chain.gone = true;
            final int m = market.ordinal();
            if (chain.synced)
            {
                chain.synced = false;
                syncedBooks.decrementAndGet(m);
            }
            chain.frontier = -1;
            chain.lastU = -1;
            chain.holeTo = -1;
            chain.syncFollows = -1;
            chain.slots = 0;
            if (books.decrementAndGet(m) > 0 && syncedBooks.get(m) == books.get(m) && allSyncedSinceNanos.get(m) < 0)
            {
                allSyncedSinceNanos.set(m, System.nanoTime()); // the book gone was the last one out of sync
            }
        }
    }

    private void synced(final Chain chain)
    {
        if (!chain.synced)
        {
            chain.synced = true;
            final int m = chain.market.ordinal();
            if (syncedBooks.incrementAndGet(m) == books.get(m))
            {
                allSyncedSinceNanos.set(m, System.nanoTime());
            }
        }
    }

    private void unsynced(final Chain chain)
    {
        final int m = chain.market.ordinal();
        if (chain.synced)
        {
            chain.synced = false;
            syncedBooks.decrementAndGet(m);
        }
        allSyncedSinceNanos.set(m, -1);
    }

    /** @return the diff-depth books (streams) of the market the recorder follows. */
    int books(final Market market)
    {
        return books.get(market.ordinal());
    }

    /** @return those of them in sync now. */
    int syncedBooks(final Market market)
    {
        return syncedBooks.get(market.ordinal());
    }

    /** @return since when ({@link System#nanoTime}) every book of the market has been in sync; -1 while one is not (or none is kept). */
    long allSyncedSinceNanos(final Market market)
    {
        return allSyncedSinceNanos.get(market.ordinal());
    }

    /** @return snapshots found older than the events that asked for them. */
    long staleSnapshots()
    {
        return staleSnapshots.get();
    }

    /**
     * Open addressing on (market, name bytes); inserts allocate, lookups do not. A lookup is on the
     * journal thread for every diff event, among thousands of chains that the journal's writes push
     * out of the cache between one event of a stream and its next: it compares the hash kept beside
     * the table and then the name's words kept in the chain, so that it reaches for the table and
     * one chain, not the name's arrays.
     */
    private Chain chain(final Market market, final DirectBuffer b, final int offset, final int length, final boolean create)
    {
        probe(market, b, offset, length);
        final int hash = probeHash;
        final int mask = table.length - 1;
        int slot = hash & mask;
        while (table[slot] != null)
        {
            if (hashes[slot] == hash)
            {
                final Chain c = table[slot];
                if (c.market == market && c.nameLength == length && probed(c, b, offset, length))
                {
                    return c;
                }
            }
            slot = (slot + 1) & mask;
        }
        if (!create)
        {
            return null;
        }
        final byte[] name = new byte[length];
        b.getBytes(offset, name);
        final Chain created = new Chain(market, name, this);
        books.incrementAndGet(market.ordinal());
        allSyncedSinceNanos.set(market.ordinal(), -1);
        table[slot] = created;
        hashes[slot] = hash;
        if (++size * 2 > table.length)
        {
            grow();
        }
        return created;
    }

    /** How many {@link #word}s a name of this length has. */
    private static int words(final int length)
    {
        return (length + 7) >>> 3;
    }

    /**
     * Word {@code k} of a name: its bytes {@code 8k .. 8k + 7}, little-endian; the last word holds
     * the name's last {@code length % 8} bytes in its low bytes, read from within the name (never past it).
     */
    private static long word(final DirectBuffer b, final int offset, final int length, final int k)
    {
        if (k < length >>> 3)
        {
            return b.getLong(offset + (k << 3), ByteOrder.LITTLE_ENDIAN);
        }
        final int tail = length & 7;
        if (length >= 8)
        {
            return b.getLong(offset + length - 8, ByteOrder.LITTLE_ENDIAN) >>> ((8 - tail) << 3);
        }
        long w = 0;
        for (int i = 0; i < tail; i++)
        {
            w |= (b.getByte(offset + i) & 0xFFL) << (i << 3);
        }
        return w;
    }

    /** The name {@link #probe} read last: its hash with the market's, and its first four {@link #word}s (zero past its end). */
    private int probeHash;
    private long probe0;
    private long probe1;
    private long probe2;
    private long probe3;

    /** Reads a name's words once, for both its hash and its comparison with the chains' ({@link #probed}). */
    private void probe(final Market market, final DirectBuffer b, final int offset, final int length)
    {
        final int words = words(length);
        probe0 = words > 0 ? word(b, offset, length, 0) : 0;
        probe1 = words > 1 ? word(b, offset, length, 1) : 0;
        probe2 = words > 2 ? word(b, offset, length, 2) : 0;
        probe3 = words > 3 ? word(b, offset, length, 3) : 0;
        long h = 0x9E37_79B9_7F4A_7C15L * (market.id() + 1) ^ length;
        for (int k = 0; k < words; k++)
        {
            final long w = switch (k)
            {
                case 0 -> probe0;
                case 1 -> probe1;
                case 2 -> probe2;
                case 3 -> probe3;
                default -> word(b, offset, length, k);
            };
            h = (h ^ w) * 0xBF58_476D_1CE4_E5B9L;
            h ^= h >>> 31;
        }
        probeHash = (int) (h ^ (h >>> 32));
    }

    /** Whether a chain's name is the one probed: its words, then (a name over 32 bytes) the rest of its bytes from the buffer. */
    private boolean probed(final Chain chain, final DirectBuffer b, final int offset, final int length)
    {
        if (chain.word0 != probe0 || chain.word1 != probe1 || chain.word2 != probe2 || chain.word3 != probe3)
        {
            return false;
        }
        for (int i = 32; i < length; i++)
        {
            if (chain.name[i] != b.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private void grow()
    {
        final Chain[] old = table;
        table = new Chain[old.length * 2];
        hashes = new int[table.length];
        final int mask = table.length - 1;
        for (final Chain c : old)
        {
            if (c == null)
            {
                continue;
            }
            int slot = c.hash & mask;
            while (table[slot] != null)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = c;
            hashes[slot] = c.hash;
        }
        Arrays.fill(old, null);
    }
}
