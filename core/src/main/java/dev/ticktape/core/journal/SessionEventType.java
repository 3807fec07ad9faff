package dev.ticktape.core.journal;

/**
 * The session events a journal records besides frames. The code is the kind byte of an event
 * excerpt's header, so readers can count events without parsing their bodies.
 */
public enum SessionEventType
{
    /** A recorder started: configuration, host, ticktape version, SBE schema. */
    RECORDING_STARTED(1, "recordingStarted"),
    /** A WebSocket connection was opened. */
    CONNECTION_OPENED(2, "connectionOpened"),
    /** A WebSocket connection closed or was lost. */
    CONNECTION_CLOSED(3, "connectionClosed"),
    /** Streams were subscribed on a connection. */
    SUBSCRIBED(4, "subscribed"),
    /** A sequence gap was detected on a stream. */
    GAP_DETECTED(5, "gapDetected"),
    /** A REST depth snapshot was fetched; its body is the REST frame that follows. */
    SNAPSHOT_TAKEN(6, "snapshotTaken"),
    /** A recorder stopped. */
    RECORDING_STOPPED(7, "recordingStopped"),
    /** {@link SessionEvent.Overlap}. */
    OVERLAP(8, "overlap"),
    /** {@link SessionEvent.RecordingResumed}: a recorder restarted on a journal, and what it missed. */
    RECORDING_RESUMED(9, "recordingResumed"),
    /** {@link SessionEvent.ArchiveRemoved}: retention removed an archived hour. */
    ARCHIVE_REMOVED(10, "archiveRemoved"),
    /** {@link SessionEvent.Unsubscribed}: streams were unsubscribed on a connection. */
    UNSUBSCRIBED(11, "unsubscribed");

    private static final SessionEventType[] BY_CODE = new SessionEventType[12];

    static
    {
        for (final SessionEventType t : values())
        {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final String wireName;

    SessionEventType(final int code, final String wireName)
    {
        this.code = code;
        this.wireName = wireName;
    }

    /**
     * @return the code stored in the event header.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the camel-case name used in the Wire body and in JSON output.
     */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param code an event code from a header.
     * @return the type, or {@code null} when the code is not known to this version.
     */
    public static SessionEventType fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    @Override
    public String toString()
    {
        return wireName;
    }
}
