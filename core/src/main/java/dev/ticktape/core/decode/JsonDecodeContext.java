package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

import static dev.ticktape.core.decode.JsonKeys.K_E;
import static dev.ticktape.core.decode.JsonKeys.K_S_LOWER;

/**
 * What the JSON decoders of one {@link MarketDataDecoder} share: the cursor, the listener, the
 * frame being decoded and its time unit, and the helpers every event decoder uses.
 */
final class JsonDecodeContext
{
    final JsonCursor cursor = new JsonCursor();
    final TextView type = new TextView();
    final MarketDataListener listener;
    private final Decimal scratch = new Decimal();
    JournalFrame frame;
    TimeUnit timeUnit;

    JsonDecodeContext(final MarketDataListener listener)
    {
        this.listener = listener;
    }

    /** Reads the fields most events share, event time {@code E} and symbol {@code s}; false for any other key. */
    boolean common(final int k, final MarketEvent e)
    {
        if (k == K_E)
        {
            e.eventTime = cursor.readLong();
            return true;
        }
        if (k == K_S_LOWER)
        {
            cursor.readString(e.symbol);
            return true;
        }
        return false;
    }

    void levels(final PriceLevels out)
    {
        out.clear();
        cursor.enterArray();
        while (cursor.nextElement())
        {
            if (cursor.readCompactLevel(out))
            {
                continue;
            }
            cursor.enterArray();
            if (!cursor.nextElement())
            {
                throw DecodeException.MISSING_FIELD;
            }
            cursor.readDecimal(scratch);
            final long price = scratch.mantissa();
            final int priceScale = scratch.scale();
            if (!cursor.nextElement())
            {
                throw DecodeException.MISSING_FIELD;
            }
            cursor.readDecimal(scratch);
            require(scratch.isPresent());
            out.add(price, priceScale, scratch.mantissa(), scratch.scale());
            while (cursor.nextElement())
            {
                cursor.skipValue();
            }
        }
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
