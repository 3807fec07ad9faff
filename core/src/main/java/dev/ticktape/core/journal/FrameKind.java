package dev.ticktape.core.journal;

/**
 * What kind of message a journaled frame was when it arrived.
 */
public enum FrameKind
{
    /** A WebSocket text frame; the payload is its UTF-8 bytes as received. */
    TEXT(1, "text"),
    /** A WebSocket binary frame (SBE); the payload is its bytes as received. */
    BINARY(2, "binary"),
    /** The body of a REST response (a depth snapshot), as received. */
    REST(3, "rest");

    private static final FrameKind[] BY_ID = { null, TEXT, BINARY, REST };

    private final int id;
    private final String wireName;

    FrameKind(final int id, final String wireName)
    {
        this.id = id;
        this.wireName = wireName;
    }

    /**
     * @return the id stored in the journal.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the lower-case name JSON output shows.
     */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param id a journal frame-kind id.
     * @return the kind, or {@code null} when the id is not known.
     */
    public static FrameKind fromId(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    @Override
    public String toString()
    {
        return wireName;
    }
}
