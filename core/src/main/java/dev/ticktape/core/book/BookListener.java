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
     * The diff chain broke or a snapshot did not line up: the book is cleared and waits for the
     * next snapshot rather than serving a wrong book.
     *
     * @param book       the book, now out of sync.
     * @param expectedId the update id the next event should have covered ({@code book id + 1}, or the futures {@code pu}).
     * @param actualId   the id the event or snapshot had instead ({@code U}, {@code pu} or {@code lastUpdateId}).
     * @param reason     a constant one-line reason.
     */
    default void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
    {
    }
}
