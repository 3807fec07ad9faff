package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * What the JSON decoders of one {@link MarketDataDecoder} share: the cursor, the listener, the
 * frame being decoded and its time unit, and the helpers every event decoder uses.
 */
final class JsonDecodeContext
{
    final JsonCursor cursor = new JsonCursor();
    final TextView type = new TextView();
    final MarketDataListener listener;
    JournalFrame frame;
    TimeUnit timeUnit;

    JsonDecodeContext(final MarketDataListener listener)
    {
        this.listener = listener;
    }

    /**
     * Reads the message's members into the event by their declaration and checks that it is complete.
     *
     * @return the event.
     */
    <E extends MarketEvent> E fields(final FieldMap<E> fields, final E event)
    {
        fields.readMembers(cursor, event);
        require(fields.complete(event));
        return event;
    }

    <E extends MarketEvent> E reset(final E event)
    {
        event.reset();
        event.market = frame.market();
        event.timeUnit = timeUnit;
        return event;
    }

    static void require(final boolean condition)
    {
        if (!condition)
        {
            throw DecodeException.MISSING_FIELD;
        }
    }

    /** The symbol part of the stream name ({@code btcusdt} of {@code btcusdt@depth20}), for messages without one. */
    void streamSymbol(final TextView out)
    {
        final int length = frame.streamLength();
        if (length == 0)
        {
            return;
        }
        final DirectBuffer b = frame.buffer();
        int n = 0;
        while (n < length && b.getByte(frame.streamOffset() + n) != '@')
        {
            n++;
        }
        out.wrap(b, frame.streamOffset(), n);
    }
}
