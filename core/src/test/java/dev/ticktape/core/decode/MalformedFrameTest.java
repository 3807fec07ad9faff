package dev.ticktape.core.decode;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Property tests: random truncations and mutations of every valid sample never let an exception
 * out of the decoder, each frame yields events, an unknown, or exactly one error, and the
 * decoder's error count equals the error callbacks.
 */
class MalformedFrameTest
{
    private static final String[] JSON = {
        "spot/aggTrade", "spot/trade", "spot/bookTicker", "spot/depthUpdate", "spot/depth_partial", "spot/kline",
        "spot/miniTicker_arr", "spot/ticker", "spot/ticker_1h_arr", "spot/avgPrice", "spot/referencePrice",
        "usdm/aggTrade", "usdm/markPrice_arr", "usdm/continuousKline", "usdm/forceOrder", "usdm/depthUpdate",
        "usdm/compositeIndex", "usdm/contractInfo", "usdm/assetIndex_arr", "usdm/tradingSession", "usdm/bookTicker",
    };
    private static final String[] SBE = {
        "synthetic_trade_10000", "synthetic_bestbidask_10001", "synthetic_depth20_10002", "synthetic_depthdiff_10003",
        "synthetic_depthdiff_empty_asks_10003",
    };

    private final Counting listener = new Counting();
    private final List<String> reasons = new ArrayList<>();
    private final MarketDataDecoder decoder = new MarketDataDecoder(listener, (f, reason) -> reasons.add(reason));

    @Test
    @Timeout(60)
    void everyTruncationOfAValidFrameIsOneCountedError() throws IOException
    {
        int frames = 0;
        for (final byte[] valid : validFrames())
        {
            final boolean sbe = isSbe(valid);
            for (int cut = 0; cut < valid.length; cut++)
            {
                final byte[] truncated = Arrays.copyOf(valid, cut);
                final int before = reasons.size();
                decode(truncated, sbe);
                frames++;
                assertEquals(before + 1, reasons.size(), () -> "a truncation to " + truncated.length
                    + " bytes is one error: " + new String(truncated, StandardCharsets.UTF_8));
            }
        }
        assertEquals(frames, decoder.errors());
        assertEquals(reasons.size(), decoder.errors());
    }

    @Test
    @Timeout(120)
    void randomMutationsNeverEscapeAndAreCountedOnce() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(20240101);
        final List<byte[]> valid = validFrames();
        final byte[] interesting = "{}[],:\"\\0123456789.-eE ntfu".getBytes(StandardCharsets.US_ASCII);
        long frames = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final byte[] source = valid.get(random.nextInt(valid.size()));
            final boolean sbe = isSbe(source);
            byte[] m = source.clone();
            final int mutations = 1 + random.nextInt(4);
            for (int k = 0; k < mutations && m.length > 0; k++)
            {
                final int at = random.nextInt(m.length);
                switch (random.nextInt(4))
                {
                    case 0 -> m[at] = (byte) random.nextInt(256);
                    case 1 -> m[at] = interesting[random.nextInt(interesting.length)];
                    case 2 -> m = remove(m, at, 1 + random.nextInt(Math.min(8, m.length - at)));
                    default -> m = insert(m, at, interesting[random.nextInt(interesting.length)]);
                }
            }
            final int errorsBefore = reasons.size();
            final long deliveredBefore = listener.events + listener.unknown;
            decode(m, sbe);
            frames++;
            final int errors = reasons.size() - errorsBefore;
            final long delivered = listener.events + listener.unknown - deliveredBefore;
            assertTrue(errors <= 1, "at most one error per frame");
            assertTrue(errors == 1 || delivered > 0, "a frame without an error delivered something");
        }
        assertEquals(reasons.size(), decoder.errors(), "the error count matches the callbacks");
        assertEquals(frames, decoder.frames());
        assertTrue(decoder.errors() > frames / 2, "most mutations are caught: " + decoder.errors() + " of " + frames);
    }

    @Test
    void sbeHeaderProblemsHaveTheirOwnReasons() throws IOException
    {
        final byte[] valid = DecodeFixtures.hex("/binance/sbe/synthetic_bestbidask_10001.hex");
        final byte[] schema = valid.clone();
        schema[4] = 9; // schemaId
        decode(schema, true);
        final byte[] version = valid.clone();
        version[6] = 1; // version
        decode(version, true);
        final byte[] template = valid.clone();
        template[3] = 0x30; // templateId 0x3011
        decode(template, true);
        final byte[] symbolLength = valid.clone();
        symbolLength[8 + 50] = 100; // varString8 length past the end
        decode(symbolLength, true);
        assertEquals(List.of(DecodeException.SBE_UNKNOWN_SCHEMA.getMessage(), DecodeException.SBE_UNKNOWN_VERSION.getMessage(),
            DecodeException.SBE_UNKNOWN_TEMPLATE.getMessage(), DecodeException.SBE_BAD_LENGTH.getMessage()), reasons);
        assertEquals(0, listener.events);
    }

    @Test
    void undefinedEnumValueIsAnError() throws IOException
    {
        final byte[] bad = DecodeFixtures.hex("/binance/sbe/synthetic_trade_10000.hex");
        bad[8 + 18 + 6 + 24] = 123; // the first trade's isBuyerMaker
        decode(bad, true);
        assertEquals(List.of(DecodeException.SBE_BAD_ENUM.getMessage()), reasons);
        assertEquals(0, listener.events);
    }

    @Test
    void groupCountPointingPastTheEndIsABadLength() throws IOException
    {
        final byte[] valid = DecodeFixtures.hex("/binance/sbe/synthetic_depthdiff_10003.hex");
        final byte[] bad = valid.clone();
        bad[8 + 26 + 2] = (byte) 0xFF; // bids numInGroup
        decode(bad, true);
        assertEquals(List.of(DecodeException.SBE_BAD_LENGTH.getMessage()), reasons);
    }

    private void decode(final byte[] payload, final boolean sbe)
    {
        final JournalFrame frame = sbe
            ? DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT_SBE, FrameKind.BINARY, null, payload)
            : DecodeFixtures.withStreamBefore(new JournalFrame(), Market.USDM, FrameKind.TEXT, "btcusdt@depth", payload);
        decoder.onFrame(frame);
    }

    private static boolean isSbe(final byte[] frame)
    {
        return frame.length > 0 && frame[0] != '{' && frame[0] != '[';
    }

    private static List<byte[]> validFrames() throws IOException
    {
        final List<byte[]> out = new ArrayList<>();
        for (final String name : JSON)
        {
            final String text = new String(DecodeFixtures.resource("/binance/samples/json/" + name + ".json"),
                StandardCharsets.UTF_8).trim();
            out.add(("{\"stream\":\"btcusdt@depth\",\"data\":" + text + "}").getBytes(StandardCharsets.UTF_8));
        }
        for (final String name : SBE)
        {
            out.add(DecodeFixtures.hex("/binance/sbe/" + name + ".hex"));
        }
        return out;
    }

    private static byte[] remove(final byte[] b, final int at, final int n)
    {
        final byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    private static byte[] insert(final byte[] b, final int at, final byte x)
    {
        final byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = x;
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
    }

    private static final class Counting implements MarketDataListener
    {
        long events;
        long unknown;

        @Override
        public void onEvent(final JournalFrame frame, final MarketEvent event)
        {
            events++;
        }

        @Override
        public void onUnknown(final JournalFrame frame)
        {
            unknown++;
        }
    }
}
