package dev.ticktape.core.decode;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Frames built in memory the way the journal presents them, and a decoder that renders whatever it
 * delivers as lines: one JSON object per event, {@code error: <reason>}, or {@code unknown}.
 */
public final class DecodeFixtures
{
    private DecodeFixtures()
    {
    }

    /** A text frame: combined ({@code {"stream":..,"data":..}} around the payload) or raw with a URL stream. */
    public static JournalFrame textFrame(final Market market, final String stream, final byte[] payload, final boolean combine)
    {
        final JournalFrame frame = new JournalFrame();
        if (combine)
        {
            final byte[] wrapped = ("{\"stream\":\"" + stream + "\",\"data\":" + new String(payload, StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
            final int streamLength = stream.getBytes(StandardCharsets.UTF_8).length;
            return frame.wrap(-1, market, FrameKind.TEXT, 1, 0, 0, new UnsafeBuffer(wrapped), 11, streamLength, 0, wrapped.length);
        }
        return withStreamBefore(frame, market, FrameKind.TEXT, stream, payload);
    }

    /** A frame whose stream name (possibly empty) is stored before the payload, as the journal does for URL streams. */
    public static JournalFrame withStreamBefore(
        final JournalFrame frame, final Market market, final FrameKind kind, final String stream, final byte[] payload)
    {
        final byte[] name = stream == null ? new byte[0] : stream.getBytes(StandardCharsets.UTF_8);
        final byte[] all = new byte[name.length + payload.length];
        System.arraycopy(name, 0, all, 0, name.length);
        System.arraycopy(payload, 0, all, name.length, payload.length);
        return frame.wrap(-1, market, kind, 1, 0, 0, new UnsafeBuffer(all), 0, name.length, name.length, payload.length);
    }

    /** Decodes one frame and renders what the listener and the error handler received. */
    public static List<String> decode(final JournalFrame frame)
    {
        final List<String> lines = new ArrayList<>();
        final EventJsonWriter writer = new EventJsonWriter();
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
            @Override
            public void onEvent(final JournalFrame f, final MarketEvent event)
            {
                lines.add(writer.toJson(event));
            }

            @Override
            public void onUnknown(final JournalFrame f)
            {
                lines.add("unknown");
            }
        }, (f, reason) -> lines.add("error: " + reason));
        decoder.onFrame(frame);
        return lines;
    }

    /** Reads a test resource. */
    public static byte[] resource(final String path) throws IOException
    {
        try (InputStream in = DecodeFixtures.class.getResourceAsStream(path))
        {
            if (in == null)
            {
                throw new IOException("no test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    /** Reads a hex test vector (one line) into bytes. */
    public static byte[] hex(final String path) throws IOException
    {
        return HexFormat.of().parseHex(new String(resource(path), StandardCharsets.US_ASCII).trim());
    }

    /**
     * Levels for a book test, as price, quantity pairs of decimal strings.
     *
     * @param pairs "price", "quantity", ...
     * @return the levels.
     */
    public static PriceLevels levels(final String... pairs)
    {
        final PriceLevels levels = new PriceLevels();
        for (int i = 0; i < pairs.length; i += 2)
        {
            final java.math.BigDecimal p = new java.math.BigDecimal(pairs[i]);
            final java.math.BigDecimal q = new java.math.BigDecimal(pairs[i + 1]);
            levels.add(p.unscaledValue().longValueExact(), p.scale(), q.unscaledValue().longValueExact(), q.scale());
        }
        return levels;
    }
}
