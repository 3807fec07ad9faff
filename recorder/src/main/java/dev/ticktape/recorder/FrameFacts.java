package dev.ticktape.recorder;

import dev.ticktape.core.binance.JsonFields;
import dev.ticktape.core.binance.SbeLayout;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.sbe.spot.DepthDiffStreamEventDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the journal thread needs to know of a frame, found on the connection's read thread while
 * the bytes are hot and, for text, in a heap array (where a scan costs a fraction of the same scan
 * through an off-heap buffer): a text frame's combined-stream name length (located as the journal
 * locates it) and the update ids of a diff-depth event, JSON or SBE. One instance per connection;
 * it allocates nothing once a direct buffer's copy has grown.
 */
final class FrameFacts
{
    /** SBE's {@code DepthDiffStreamEvent}: where its first and last book update ids lie in a message (little-endian). */
    private static final int FIRST_ID = SbeLayout.ROOT + DepthDiffStreamEventDecoder.firstBookUpdateIdEncodingOffset();
    private static final int LAST_ID = SbeLayout.ROOT + DepthDiffStreamEventDecoder.lastBookUpdateIdEncodingOffset();

    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private byte[] copy = new byte[0];

    /** The combined-stream name's length (it starts {@link JournalFormat#COMBINED_PREFIX_LENGTH} bytes in), or 0. */
    int nameLength;
    /** {@code U}, {@code u}, {@code pu} of a diff-depth event, or -1. */
    long first = -1;
    long last = -1;
    long previous = -1;
    /**
     * Whether the diff-depth event whose ids were found is whole: a frame cut short (a connection
     * that died mid-message upstream, a proxy's truncation) keeps its ids but will not decode, so
     * it is a break in the chain, not a link.
     */
    boolean complete = true;

    private void reset()
    {
        complete = true;
        nameLength = 0;
        first = -1;
        last = -1;
        previous = -1;
    }

    /** Finds the facts of the text frame from position to limit. */
    void text(final ByteBuffer payload)
    {
        reset();
        final byte[] a;
        final int from;
        if (payload.hasArray())
        {
            a = payload.array();
            from = payload.arrayOffset() + payload.position();
        }
        else
        {
            if (copy.length < payload.remaining())
            {
                copy = new byte[payload.remaining()];
            }
            payload.get(payload.position(), copy, 0, payload.remaining());
            a = copy;
            from = 0;
        }
        final int to = from + payload.remaining();
        view.wrap(a, from, to - from);
        nameLength = JournalFormat.combinedStreamLength(view, 0, to - from);
        final int nameFrom = from + JournalFormat.COMBINED_PREFIX_LENGTH;
        if (nameLength > 0 && StreamNames.diffDepth(a, nameFrom, nameLength))
        {
            updateIds(a, nameFrom + nameLength, to);
            complete = endsWhole(a, from, to);
        }
    }

    /**
     * Whether a combined diff-depth frame ends as Binance's do, its last level list closing the event
     * and the wrapper: {@code ...]}}}. A frame cut anywhere before its end cannot end so, because a
     * depth event holds no object inside it.
     */
    private static boolean endsWhole(final byte[] a, final int from, final int to)
    {
        int end = to;
        while (end > from && (a[end - 1] == ' ' || a[end - 1] == '\n' || a[end - 1] == '\r' || a[end - 1] == '\t'))
        {
            end--;
        }
        return end - from >= 3 && a[end - 1] == '}' && a[end - 2] == '}' && a[end - 3] == ']';
    }

    /**
     * Finds the update ids of an SBE diff-depth event.
     *
     * @param nameLength the length of the stream name {@link SbeLayout#streamName} found, 0 when the message is not
     *                   whole (its symbol, the last field, is cut off): then no ids either, since the
     *                   event cannot be tied to its stream, and the next whole event shows the hole.
     */
    void sbe(final ByteBuffer payload, final int nameLength)
    {
        reset();
        final int p = payload.position();
        if (nameLength > 0 && payload.remaining() >= LAST_ID + 8
            && ((payload.get(p + 2) & 0xFF) | (payload.get(p + 3) & 0xFF) << 8) == DepthDiffStreamEventDecoder.TEMPLATE_ID)
        {
            first = le64(payload, p + FIRST_ID);
            last = le64(payload, p + LAST_ID);
        }
    }

    private static long le64(final ByteBuffer b, final int at)
    {
        final long v = b.getLong(at);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Long.reverseBytes(v);
    }

    /**
     * {@code "U"}, {@code "u"}, {@code "pu"}: on Binance's field order ({@code ..."U":1,"u":2,"pu":0,...})
     * a skip to the first {@code 'U'} and three numbers; any other order takes the general pass.
     */
    private void updateIds(final byte[] a, final int from, final int to)
    {
        int i = from;
        while (true)
        {
            while (i < to && a[i] != 'U')
            {
                i++;
            }
            if (i + 3 >= to)
            {
                break;
            }
            if (a[i - 1] == '"' && a[i + 1] == '"' && a[i + 2] == ':')
            {
                int end = JsonFields.digitsEnd(a, i + 3, to, JsonFields.MAX_DIGITS);
                if (end == i + 3)
                {
                    break;
                }
                final long u1 = JsonFields.digits(a, i + 3, end);
                if (end + 5 < to && a[end] == ',' && a[end + 1] == '"' && a[end + 2] == 'u' && a[end + 3] == '"' && a[end + 4] == ':')
                {
                    final int start = end + 5;
                    end = JsonFields.digitsEnd(a, start, to, JsonFields.MAX_DIGITS);
                    if (end > start)
                    {
                        first = u1;
                        last = JsonFields.digits(a, start, end);
                        if (end + 6 < to && a[end] == ',' && a[end + 1] == '"' && a[end + 2] == 'p' && a[end + 3] == 'u'
                            && a[end + 4] == '"' && a[end + 5] == ':')
                        {
                            final int p = end + 6;
                            end = JsonFields.digitsEnd(a, p, to, JsonFields.MAX_DIGITS);
                            if (end > p)
                            {
                                previous = JsonFields.digits(a, p, end);
                            }
                        }
                        return;
                    }
                }
                break;
            }
            i++;
        }
        first = -1;
        last = -1;
        previous = -1;
        anyOrder(a, from, to);
    }

    /** {@code "U"}, {@code "u"}, {@code "pu"} in one pass in any order, stopping once all three are found. */
    private void anyOrder(final byte[] a, final int from, final int to)
    {
        int found = 0;
        for (int i = from; i + 4 < to && found < 3; i++)
        {
            if (a[i] != '"')
            {
                continue;
            }
            final byte k = a[i + 1];
            if (k == 'U' && a[i + 2] == '"' && a[i + 3] == ':' && first < 0)
            {
                first = JsonFields.unsigned(a, i + 4, to);
                found++;
            }
            else if (k == 'u' && a[i + 2] == '"' && a[i + 3] == ':' && last < 0)
            {
                last = JsonFields.unsigned(a, i + 4, to);
                found++;
            }
            else if (k == 'p' && i + 5 < to && a[i + 2] == 'u' && a[i + 3] == '"' && a[i + 4] == ':' && previous < 0)
            {
                previous = JsonFields.unsigned(a, i + 5, to);
                found++;
            }
        }
    }
}
