package dev.ticktape.core.book;

/**
 * Hears what happens to local order books. Called on the decoding thread; the book is valid to
 * read during the call.
 */
public interface BookListener
{
    /**
     * The book changed: a snapshot was loaded or a diff applied. Not called while it waits for a snapshot.
     *
     * @param book the book, in sync.
     */
    default void onBookUpdated(final OrderBook book)
    {
    }

    /**
     * The diff chain broke (an update is missing from the stream): the book is cleared and waits
     * for the next snapshot rather than serving a wrong book. Called once per hole.
     *
     * @param book       the book, now out of sync.
     * @param expectedId the update id the next event should have covered ({@code book id + 1}, or the futures {@code pu}).
     * @param actualId   the id the event had instead ({@code U} or {@code pu}).
     * @param reason     a constant one-line reason ({@link OrderBook#GAP}, {@link OrderBook#CHAIN_BROKEN}).
     */
    default void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
    {
    }

    /**
     * A snapshot did not line up with the buffered events (it is older than them, as a snapshot
     * fetched too early is): the book ignores it, keeps its buffer and waits for a newer one. No
     * update is missing from the stream, so this is not a gap.
     *
     * @param book         the book, still waiting for a snapshot.
     * @param snapshotId   the refused snapshot's {@code lastUpdateId}.
     * @param firstEventId {@code U} of the first buffered event it had to line up with.
     * @param reason       {@link OrderBook#SNAPSHOT_TOO_OLD} or {@link OrderBook#SNAPSHOT_MISALIGNED}.
     */
    default void onSnapshotRefused(final OrderBook book, final long snapshotId, final long firstEventId, final String reason)
    {
    }
}
