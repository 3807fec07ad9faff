package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.JsonFields;
import dev.ticktape.core.binance.SbeLayout;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.sbe.spot.TradesStreamEventDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/** The event time of a raw frame, for the lag metric: JSON {@code "E":}, or an SBE message's eventTime. */
final class EventTimes
{
    private EventTimes()
    {
    }

    /**
     * @return the event time in microseconds, or 0 when the frame has none.
     */
    static long eventMicros(final Market market, final FrameKind kind, final DirectBuffer b, final int offset, final int length,
        final boolean jsonMicros)
    {
        if (kind == FrameKind.BINARY)
        {
            // every SBE stream message starts its root block with eventTime (µs), the trades message as the others
            final int at = SbeLayout.ROOT + TradesStreamEventDecoder.eventTimeEncodingOffset();
            return length >= at + 8 ? b.getLong(offset + at, ByteOrder.LITTLE_ENDIAN) : 0;
        }
        final long e = JsonFields.letterField(b, offset, offset + length, (byte) 'E');
        if (e <= 0)
        {
            return 0;
        }
        return jsonMicros ? e : e * 1000;
    }
}
