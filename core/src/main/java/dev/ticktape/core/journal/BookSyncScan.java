package dev.ticktape.core.journal;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.JsonFields;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.sbe.spot.DepthDiffStreamEventDecoder;
import dev.ticktape.core.sbe.spot.MessageHeaderDecoder;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Which diff-depth books of a journal are in sync at its end, as a book replaying it would find:
 * a book is synced from the first diff event after a journaled REST snapshot that lines up with
 * it (Binance's order-book procedure: spot {@code U <= lastUpdateId + 1}, futures
 * {@code U <= lastUpdateId}, for the first event with {@code u} past the snapshot), until a
 * journaled gap of its stream. Fed a journal's records in order, frames and events.
 */
final class BookSyncScan
{
    private static final byte[] LAST_UPDATE_ID = "\"lastUpdateId\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FIRST = "\"U\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST = "\"u\":".getBytes(StandardCharsets.US_ASCII);

    /** One book's state, for a stream that had a snapshot or a gap. */
    private static final class Book
    {
        final Market market;
        /** A snapshot's lastUpdateId waiting for the first event past it; -1 when none waits. */
        long snapshotId = -1;
        boolean synced;
        long syncedAtNanos;

        Book(final Market market)
        {
            this.market = market;
        }
    }

    /** The diff streams seen, per market (a book each). */
    private final StreamCounter[] diffStreams = new StreamCounter[Market.values().length];
    private final Map<String, Book> books = new HashMap<>();
    /** How many books wait for the event after a snapshot: while none does, diff frames are only counted. */
    private int waiting;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DepthDiffStreamEventDecoder sbeDiff = new DepthDiffStreamEventDecoder();

    BookSyncScan()
    {
        for (int i = 0; i < diffStreams.length; i++)
        {
            diffStreams[i] = new StreamCounter();
        }
    }

    void onFrame(final JournalFrame frame)
    {
        final int nameLength = frame.streamLength();
        if (nameLength == 0)
        {
            return;
        }
        final DirectBuffer b = frame.buffer();
        if (!diffDepth(b, frame.streamOffset(), nameLength))
        {
            return;
        }
        if (frame.kind() == FrameKind.REST)
        {
            final long id = JsonFields.field(b, frame.payloadOffset(), frame.payloadOffset() + frame.payloadLength(), LAST_UPDATE_ID);
            if (id >= 0)
            {
                final Book book = books.computeIfAbsent(key(frame.market(), frame.streamName()), k -> new Book(frame.market()));
                if (book.snapshotId < 0)
                {
                    waiting++;
                }
                book.snapshotId = id;
            }
            return;
        }
        diffStreams[frame.market().ordinal()].count(b, frame.streamOffset(), nameLength);
        if (waiting == 0)
        {
            return;
        }
        final Book book = books.get(key(frame.market(), frame.streamName()));
        if (book == null || book.snapshotId < 0)
        {
            return;
        }
        final long first;
        final long last;
        if (frame.kind() == FrameKind.BINARY)
        {
            if (frame.payloadLength() < MessageHeaderDecoder.ENCODED_LENGTH + DepthDiffStreamEventDecoder.BLOCK_LENGTH)
            {
                return;
            }
            header.wrap(b, frame.payloadOffset());
            if (header.templateId() != DepthDiffStreamEventDecoder.TEMPLATE_ID)
            {
                return;
            }
            sbeDiff.wrap(b, frame.payloadOffset() + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            first = sbeDiff.firstBookUpdateId();
            last = sbeDiff.lastBookUpdateId();
        }
        else
        {
            final int end = frame.payloadOffset() + frame.payloadLength();
            first = JsonFields.field(b, frame.payloadOffset(), end, FIRST);
            last = JsonFields.field(b, frame.payloadOffset(), end, LAST);
        }
        if (first < 0 || last < 0 || last <= book.snapshotId)
        {
            return; // not an event past the snapshot yet
        }
        final boolean linesUp = book.market == Market.USDM ? first <= book.snapshotId : first <= book.snapshotId + 1;
        if (linesUp && !book.synced)
        {
            book.synced = true;
            book.syncedAtNanos = frame.recvEpochNanos();
        }
        // a stale snapshot: the book waits for the next one
        book.snapshotId = -1;
        waiting--;
    }

    void onEvent(final SessionEvent event)
    {
        if (event instanceof SessionEvent.GapDetected gap)
        {
            final Book book = books.computeIfAbsent(key(gap.market(), gap.stream()), k -> new Book(gap.market()));
            book.synced = false;
            if (book.snapshotId >= 0)
            {
                book.snapshotId = -1;
                waiting--;
            }
        }
    }

    /** @return per market with diff-depth streams: its books, those synced at the end, and since when all are. */
    Map<Market, JournalSummary.Books> result()
    {
        final Map<Market, JournalSummary.Books> out = new EnumMap<>(Market.class);
        for (final Market market : Market.values())
        {
            final int total = diffStreams[market.ordinal()].size();
            if (total == 0)
            {
                continue;
            }
            int synced = 0;
            long since = -1;
            for (final Book book : books.values())
            {
                if (book.market == market && book.synced)
                {
                    synced++;
                    since = Math.max(since, book.syncedAtNanos);
                }
            }
            out.put(market, new JournalSummary.Books(total, synced, synced == total ? since : -1));
        }
        return out;
    }

    private boolean diffDepth(final DirectBuffer b, final int offset, final int length)
    {
        b.getBytes(offset, name, 0, length); // a name is at most 255 bytes
        return StreamNames.diffDepth(name, 0, length);
    }

    private final byte[] name = new byte[256];

    private static String key(final Market market, final String stream)
    {
        return market.wireName() + ' ' + stream;
    }
}
