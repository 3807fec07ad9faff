package dev.ticktape.core.journal;

import dev.ticktape.core.Market;

import java.util.List;

/**
 * A session event: what happened to a recording besides the frames it received. Events are rare
 * (per connection, not per frame), so they are plain immutable records.
 */
public sealed interface SessionEvent
    permits SessionEvent.RecordingStarted, SessionEvent.ConnectionOpened, SessionEvent.ConnectionClosed,
    SessionEvent.Subscribed, SessionEvent.GapDetected, SessionEvent.SnapshotTaken, SessionEvent.RecordingStopped,
    SessionEvent.Overlap, SessionEvent.RecordingResumed, SessionEvent.ArchiveRemoved, SessionEvent.Unsubscribed
{
    /**
     * @return the type of event.
     */
    SessionEventType type();

    /**
     * @return the connection the event concerns, or {@link JournalFormat#NO_CONNECTION}.
     */
    default int connectionId()
    {
        return JournalFormat.NO_CONNECTION;
    }

    /**
     * @return the market the event concerns, or {@code null}.
     */
    default Market market()
    {
        return null;
    }

    /**
     * A recorder started writing to this journal.
     *
     * @param ticktapeVersion  the ticktape release that wrote the journal.
     * @param formatVersion    the journal format version ({@link JournalFormat#VERSION}).
     * @param host             the host name of the recording machine.
     * @param pid              the recorder's process id.
     * @param configuration    the effective configuration as text, secrets removed.
     * @param sbeSchemaId      the SBE schema id the recorder's codecs were generated from.
     * @param sbeSchemaVersion the SBE schema version the recorder's codecs were generated from.
     */
    record RecordingStarted(String ticktapeVersion, int formatVersion, String host, long pid, String configuration,
        int sbeSchemaId, int sbeSchemaVersion) implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.RECORDING_STARTED;
        }
    }

    /**
     * A WebSocket connection was opened.
     *
     * @param connectionId the id frames of this connection carry.
     * @param market       the market connected to.
     * @param url          the URL connected to (never carrying credentials).
     */
    record ConnectionOpened(int connectionId, Market market, String url) implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.CONNECTION_OPENED;
        }
    }

    /**
     * A WebSocket connection closed or was lost.
     *
     * @param connectionId the connection.
     * @param market       its market.
     * @param code         the WebSocket close code (1006 when the connection was lost without one).
     * @param reason       the close reason or the error that ended the connection.
     * @param remote       whether the server (not ticktape) closed it.
     */
    record ConnectionClosed(int connectionId, Market market, int code, String reason, boolean remote)
        implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.CONNECTION_CLOSED;
        }
    }

    /**
     * Streams were subscribed on a connection.
     *
     * @param connectionId the connection.
     * @param market       its market.
     * @param streams      the stream names.
     */
    record Subscribed(int connectionId, Market market, List<String> streams) implements SessionEvent
    {
        /**
         * Copies the stream list, so the event stays immutable.
         */
        public Subscribed
        {
            streams = List.copyOf(streams);
        }

        @Override
        public SessionEventType type()
        {
            return SessionEventType.SUBSCRIBED;
        }
    }

    /**
     * Streams were unsubscribed on a connection (their symbols left the market's exchange
     * information, under {@code symbols: all}).
     *
     * @param connectionId the connection.
     * @param market       its market.
     * @param streams      the stream names.
     * @param reason       why ({@code delisted}).
     */
    record Unsubscribed(int connectionId, Market market, List<String> streams, String reason) implements SessionEvent
    {
        /**
         * Copies the stream list, so the event stays immutable.
         */
        public Unsubscribed
        {
            streams = List.copyOf(streams);
        }

        @Override
        public SessionEventType type()
        {
            return SessionEventType.UNSUBSCRIBED;
        }
    }

    /**
     * A sequence gap on a stream: update ids or trade ids jumped.
     *
     * @param connectionId   the connection the gap was seen on.
     * @param market         its market.
     * @param stream         the stream name.
     * @param lastId         the last id before the gap.
     * @param nextId         the first id after the gap.
     * @param reason         what was detected.
     */
    record GapDetected(int connectionId, Market market, String stream, long lastId, long nextId, String reason)
        implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.GAP_DETECTED;
        }
    }

    /**
     * A REST depth snapshot was fetched. Its body is journaled as the {@link FrameKind#REST} frame
     * that follows this event.
     *
     * @param market       the market.
     * @param symbol       the symbol, upper case as in REST.
     * @param lastUpdateId the snapshot's {@code lastUpdateId} (-1 if the request failed).
     * @param url          the request URL.
     * @param httpStatus   the HTTP status of the response.
     */
    record SnapshotTaken(Market market, String symbol, long lastUpdateId, String url, int httpStatus)
        implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.SNAPSHOT_TAKEN;
        }
    }

    /**
     * A recorder stopped.
     *
     * @param reason why it stopped (duration reached, signal, error).
     * @param frames how many frames it wrote in this run.
     */
    record RecordingStopped(String reason, long frames) implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.RECORDING_STOPPED;
        }
    }

    /**
     * A replacement connection delivers while the connection it replaces is still open (before
     * Binance's 24-hour cut, or after {@code serverShutdown}): from here until the old
     * connection's {@link ConnectionClosed}, both carry the same streams, and replay and export
     * drop the duplicates.
     *
     * @param connectionId         the new connection.
     * @param market               its market.
     * @param replacedConnectionId the connection it replaces.
     * @param reason               why the connection is replaced.
     */
    record Overlap(int connectionId, Market market, int replacedConnectionId, String reason) implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.OVERLAP;
        }
    }

    /**
     * A recorder started on a journal that already held records: where the earlier recording
     * ended, whether it stopped cleanly (its last record a {@link RecordingStopped}) or was killed,
     * and, per diff-depth stream, the last update id the journal holds. Everything between that end
     * and this event was not recorded; the first event of each listed stream is checked against its
     * id, so the ids missed are journaled as a {@link GapDetected}.
     *
     * @param previousEndNanos receive time of the journal's last record before this run, epoch nanoseconds.
     * @param cleanStop        whether that record was a {@link RecordingStopped}.
     * @param previousStop     the earlier run's stop reason, or "" when it did not stop cleanly.
     * @param markets          the market of each diff-depth stream below (wire names).
     * @param streams          the diff-depth streams the journal holds ids for.
     * @param lastUpdateIds    the last update id ({@code u}) the journal holds for each.
     */
    record RecordingResumed(long previousEndNanos, boolean cleanStop, String previousStop, List<String> markets,
        List<String> streams, List<Long> lastUpdateIds) implements SessionEvent
    {
        /**
         * Copies the lists, so the event stays immutable.
         */
        public RecordingResumed
        {
            markets = List.copyOf(markets);
            streams = List.copyOf(streams);
            lastUpdateIds = List.copyOf(lastUpdateIds);
            if (markets.size() != streams.size() || streams.size() != lastUpdateIds.size())
            {
                throw new IllegalArgumentException("markets, streams and lastUpdateIds differ in length");
            }
        }

        @Override
        public SessionEventType type()
        {
            return SessionEventType.RECORDING_RESUMED;
        }
    }

    /**
     * Retention ({@code --retain}, {@code --max-disk}) removed an archived hour: its records are no
     * longer in the journal, on purpose.
     *
     * @param hourStartMillis when the hour starts, epoch milliseconds.
     * @param file            the archive file removed.
     * @param records         the frames and session events it held.
     * @param bytes           its size.
     * @param reason          {@code "age"} or {@code "disk"}.
     */
    record ArchiveRemoved(long hourStartMillis, String file, long records, long bytes, String reason) implements SessionEvent
    {
        @Override
        public SessionEventType type()
        {
            return SessionEventType.ARCHIVE_REMOVED;
        }
    }
}
