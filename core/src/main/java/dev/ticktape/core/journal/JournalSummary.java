package dev.ticktape.core.journal;

import dev.ticktape.core.Market;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a journal holds, from one pass over it: frame and byte counts, the receive-time range, frames
 * per stream, market and kind, the session events (connections, disconnects, gaps), and the
 * diff-depth books in sync at its end.
 *
 * @param frames          number of frames.
 * @param payloadBytes    sum of the frames' payload lengths.
 * @param diskBytes       size of the journal's files on disk.
 * @param firstRecvNanos  receive time of the first frame (epoch ns), or -1 when there is none.
 * @param lastRecvNanos   receive time of the last frame (epoch ns), or -1 when there is none.
 * @param streams         frames per stream name, sorted by name; frames naming no stream are not counted here.
 * @param markets         frames per market.
 * @param kinds           frames per frame kind.
 * @param events          session events per type.
 * @param connections     connections: the connection-opened events, or, in a journal without them,
 *                        the distinct connection ids of its frames.
 * @param disconnects     connection-closed events.
 * @param gaps            gap-detected events.
 * @param cycles          roll-cycle files holding records.
 * @param unknownRecords  records of a type this version does not know, skipped.
 * @param hours           the journal's hours, oldest first: archived or live, bytes on disk, records.
 * @param books           per market with diff-depth streams: its books and how many are in sync at the journal's end.
 */
public record JournalSummary(
    long frames,
    long payloadBytes,
    long diskBytes,
    long firstRecvNanos,
    long lastRecvNanos,
    Map<String, Long> streams,
    Map<Market, Long> markets,
    Map<FrameKind, Long> kinds,
    Map<SessionEventType, Long> events,
    long connections,
    long disconnects,
    long gaps,
    int cycles,
    long unknownRecords,
    java.util.List<JournalHour> hours,
    Map<Market, JournalSummary.Books> books)
{
    /**
     * A market's diff-depth books at the end of a journal.
     *
     * @param books               the diff-depth streams (a book each).
     * @param synced              those in sync: a journaled snapshot lined up with their events after their last gap.
     * @param allSyncedSinceNanos when the last of them synced (epoch ns) if all are, else -1.
     */
    public record Books(int books, int synced, long allSyncedSinceNanos)
    {
    }

    /**
     * Reads a journal from its start to its end and summarises it.
     *
     * @param directory the journal directory.
     * @return the summary.
     */
    public static JournalSummary of(final Path directory)
    {
        try (JournalReader reader = JournalReader.open(directory))
        {
            final Scan scan = new Scan();
            while (reader.read(scan, scan))
            {
                // the scan counts
            }
            final long connections = scan.opened > 0 ? scan.opened : scan.connectionIds.size();
            return new JournalSummary(scan.frames, scan.bytes, JournalArchiver.diskBytes(directory),
                scan.frames == 0 ? -1 : scan.first, scan.frames == 0 ? -1 : scan.last,
                scan.streams.toMap(), nonZero(Market.class, scan.markets), nonZero(FrameKind.class, scan.kinds), scan.events, connections,
                count(scan.events, SessionEventType.CONNECTION_CLOSED), count(scan.events, SessionEventType.GAP_DETECTED),
                reader.cycleCount(), reader.unknownRecords(), reader.hours(), scan.books.result());
        }
    }

    private static <E extends Enum<E>> Map<E, Long> nonZero(final Class<E> type, final long[] counts)
    {
        final Map<E, Long> map = new EnumMap<>(type);
        final E[] values = type.getEnumConstants();
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] > 0)
            {
                map.put(values[i], counts[i]);
            }
        }
        return map;
    }

    private static long count(final Map<SessionEventType, Long> events, final SessionEventType type)
    {
        return events.getOrDefault(type, 0L);
    }

    private static final class Scan implements FrameHandler, SessionEventHandler
    {
        final StreamCounter streams = new StreamCounter();
        final long[] markets = new long[Market.values().length];
        final long[] kinds = new long[FrameKind.values().length];
        final Map<SessionEventType, Long> events = new EnumMap<>(SessionEventType.class);
        final Set<Integer> connectionIds = new HashSet<>();
        final BookSyncScan books = new BookSyncScan();
        int lastConnectionId = Integer.MIN_VALUE;
        long frames;
        long bytes;
        long first;
        long last;
        long opened;

        @Override
        public void onFrame(final JournalFrame frame)
        {
            if (frames == 0)
            {
                first = frame.recvEpochNanos();
            }
            last = frame.recvEpochNanos();
            frames++;
            bytes += frame.payloadLength();
            markets[frame.market().ordinal()]++;
            kinds[frame.kind().ordinal()]++;
            if (frame.streamLength() > 0)
            {
                streams.count(frame.buffer(), frame.streamOffset(), frame.streamLength());
            }
            books.onFrame(frame);
            if (frame.connectionId() != lastConnectionId)
            {
                lastConnectionId = frame.connectionId();
                connectionIds.add(lastConnectionId);
            }
        }

        @Override
        public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
        {
            events.merge(event.type(), 1L, Long::sum);
            books.onEvent(event);
            if (event.type() == SessionEventType.CONNECTION_OPENED)
            {
                opened++;
            }
        }
    }
}
