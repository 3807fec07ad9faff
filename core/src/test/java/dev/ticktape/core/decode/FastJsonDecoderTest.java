package dev.ticktape.core.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fast path is an optimisation only: with it and without it, the decoder delivers the same
 * events and the same errors, on every reference-kit sample in the compact form Binance sends, on
 * generated messages with numbers of every length, and on hundreds of thousands of mutations of
 * them. Each check also counts the frames the fast path took, so that a fast path that silently
 * gave up on everything would fail.
 */
class FastJsonDecoderTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The hot samples: file, market, stream. */
    private static final String[][] HOT = {
        {"json/usdm/depthUpdate.json", "usdm", "btcusdt@depth@100ms"},
        {"json/usdm/rpiDepth.json", "usdm", "btcusdt@rpiDepth@500ms"},
        {"json/usdm/bookTicker.json", "usdm", "bnbusdt@bookTicker"},
        {"json/usdm/aggTrade.json", "usdm", "btcusdt@aggTrade"},
        {"json/usdm/markPrice.json", "usdm", "btcusdt@markPrice@1s"},
        {"json/usdm/kline.json", "usdm", "btcusdt@kline_1m"},
        {"json/spot/depthUpdate.json", "spot", "bnbbtc@depth@100ms"},
        {"json/spot/trade.json", "spot", "bnbbtc@trade"},
        {"json/spot/aggTrade.json", "spot", "bnbbtc@aggTrade"},
        {"json/spot/kline.json", "spot", "bnbbtc@kline_1m@+08:00"},
    };

    @Test
    void everySampleDecodesTheSameWithAndWithoutTheFastPath() throws IOException
    {
        long fast = 0;
        for (final String line : new String(DecodeFixtures.resource("/binance/samples/streams.txt"), StandardCharsets.UTF_8)
            .split("\n"))
        {
            if (line.isBlank() || line.startsWith("#") || line.contains(" rest") || line.contains(" raw"))
            {
                continue;
            }
            final String[] f = line.trim().split(" ");
            final byte[] sample = DecodeFixtures.resource("/binance/samples/" + f[0]);
            final Market market = Market.fromName(f[1]);
            for (final byte[] payload : List.of(sample, compact(sample)))
            {
                for (final boolean combine : new boolean[] {true, false})
                {
                    fast += assertSame(DecodeFixtures.textFrame(market, f[2], payload, combine), f[0]);
                }
            }
        }
        // The compact form of each hot sample, combined and raw, and nothing else.
        assertEquals(HOT.length * 2, fast, "frames the fast path decoded");
    }

    @Test
    void partialDepthOnADepthUpdateStreamNameIsLeftToTheGeneralPath() throws IOException
    {
        final byte[] sample = compact(DecodeFixtures.resource("/binance/samples/json/usdm/depthUpdate.json"));
        final JournalFrame frame = DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth20@100ms", sample, true);
        assertEquals(0, assertSame(frame, "depth20 stream"));
        assertTrue(decode(frame, true).lines.get(0).contains("\"type\":\"partialDepth\""),
            () -> decode(frame, true).lines.toString());
    }

    @Test
    void everyMutationOfTheHotSamplesDecodesTheSameWithAndWithoutTheFastPath() throws IOException
    {
        final byte[] replacements = "0159.-\"',:}]{[ e+\\n\u0001".getBytes(StandardCharsets.ISO_8859_1);
        long fast = 0;
        long mutations = 0;
        for (final String[] hot : HOT)
        {
            final byte[] sample = compact(DecodeFixtures.resource("/binance/samples/" + hot[0]));
            final Market market = Market.fromName(hot[1]);
            for (final boolean combine : new boolean[] {true, false})
            {
                for (int i = 0; i < sample.length; i++)
                {
                    for (final byte r : replacements)
                    {
                        final byte[] m = sample.clone();
                        m[i] = r;
                        fast += assertSame(DecodeFixtures.textFrame(market, hot[2], m, combine), hot[0] + " [" + i + "]=" + (char) r);
                        mutations++;
                    }
                    final byte[] deleted = new byte[sample.length - 1];
                    System.arraycopy(sample, 0, deleted, 0, i);
                    System.arraycopy(sample, i + 1, deleted, i, sample.length - i - 1);
                    fast += assertSame(DecodeFixtures.textFrame(market, hot[2], deleted, combine), hot[0] + " without " + i);
                    final byte[] cut = new byte[i];
                    System.arraycopy(sample, 0, cut, 0, i);
                    fast += assertSame(DecodeFixtures.textFrame(market, hot[2], cut, combine), hot[0] + " cut at " + i);
                    mutations += 2;
                }
            }
        }
        // A digit replaced by a digit still takes the fast path; most other changes do not.
        assertTrue(fast > 1000 && fast < mutations / 2, fast + " of " + mutations + " mutations went the fast way");
    }

    @Test
    void bytesAfterThePayloadInTheBufferNeverChangeTheResult() throws IOException
    {
        // In a journal the next record follows the payload: digits, points and quotes there must not
        // extend a number at the end of the message, nor complete one that was cut. (The fast path
        // reads words; near the end it reads the last word of the message and shifts, never past it.)
        final byte[] after = "99.5\"]]}}\",\"9\"}".getBytes(StandardCharsets.US_ASCII);
        long fast = 0;
        for (final String[] hot : HOT)
        {
            final byte[] sample = compact(DecodeFixtures.resource("/binance/samples/" + hot[0]));
            final Market market = Market.fromName(hot[1]);
            for (int length = 0; length <= sample.length; length++)
            {
                final byte[] cut = new byte[length];
                System.arraycopy(sample, 0, cut, 0, length);
                final JournalFrame alone = DecodeFixtures.withStreamBefore(new JournalFrame(), market, FrameKind.TEXT, hot[2], cut);
                final byte[] name = hot[2].getBytes(StandardCharsets.US_ASCII);
                final byte[] all = new byte[name.length + length + after.length];
                System.arraycopy(name, 0, all, 0, name.length);
                System.arraycopy(cut, 0, all, name.length, length);
                System.arraycopy(after, 0, all, name.length + length, after.length);
                final JournalFrame followed = new JournalFrame().wrap(
                    -1, market, FrameKind.TEXT, 1, 0, 0, new UnsafeBuffer(all), 0, name.length, name.length, length);
                final Decoded expected = decode(alone, false);
                final Decoded actual = decode(followed, true);
                assertEquals(expected.lines, actual.lines, () -> hot[0] + " cut to " + cut.length + " bytes");
                fast += actual.fast;
            }
        }
        assertEquals(HOT.length, fast, "only the whole samples went the fast way");
    }

    @Test
    void generatedNumbersOfEveryLengthDecodeTheSameAndExactly()
    {
        final Random random = new Random(20261122);
        long fast = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final String bidPrice = decimal(random);
            final String bidQty = decimal(random);
            final String askPrice = decimal(random);
            final String askQty = decimal(random);
            final long id = number(random);
            final long time = number(random);
            final StringBuilder json = new StringBuilder()
                .append("{\"e\":\"bookTicker\",\"u\":").append(id).append(",\"E\":").append(time)
                .append(",\"T\":").append(time).append(",\"s\":\"BTCUSDT\",\"b\":\"").append(bidPrice)
                .append("\",\"B\":\"").append(bidQty).append("\",\"a\":\"").append(askPrice)
                .append("\",\"A\":\"").append(askQty).append("\"}");
            final byte[] bytes = json.toString().getBytes(StandardCharsets.US_ASCII);
            final JournalFrame frame = DecodeFixtures.textFrame(Market.USDM, "btcusdt@bookTicker", bytes, n % 2 == 0);
            fast += assertSame(frame, json.toString());
            final Decoded d = decode(frame, true);
            if (d.fast == 1)
            {
                final BookTickerEvent e = d.bookTicker;
                assertEquals(id, e.updateId(), json::toString);
                assertEquals(time, e.eventTime(), json::toString);
                assertEquals(new BigDecimal(bidPrice), e.bidPrice().toBigDecimal(), json::toString);
                assertEquals(new BigDecimal(bidQty), e.bidQuantity().toBigDecimal(), json::toString);
                assertEquals(new BigDecimal(askPrice), e.askPrice().toBigDecimal(), json::toString);
                assertEquals(new BigDecimal(askQty), e.askQuantity().toBigDecimal(), json::toString);
            }

            final StringBuilder depth = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":").append(time)
                .append(",\"T\":").append(time).append(",\"s\":\"BTCUSDT\",\"U\":").append(id).append(",\"u\":").append(id)
                .append(",\"pu\":").append(id);
            final List<String> sides = new ArrayList<>();
            for (final String side : new String[] {"b", "a"})
            {
                depth.append(",\"").append(side).append("\":[");
                final int levels = random.nextInt(side.equals("b") ? 7 : 4);
                for (int l = 0; l < levels; l++)
                {
                    final String price = decimal(random);
                    final String quantity = decimal(random);
                    sides.add(side + " " + price + " " + quantity);
                    depth.append(l == 0 ? "" : ",").append("[\"").append(price).append("\",\"").append(quantity).append("\"]");
                }
                depth.append("]");
            }
            final byte[] update = depth.append("}").toString().getBytes(StandardCharsets.US_ASCII);
            final JournalFrame depthFrame = DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth@100ms", update, n % 2 == 1);
            fast += assertSame(depthFrame, depth.toString());
            final Decoded decoded = decode(depthFrame, true);
            if (decoded.fast == 1)
            {
                final List<String> levels = new ArrayList<>();
                for (final PriceLevels side : new PriceLevels[] {decoded.depthUpdate.bids(), decoded.depthUpdate.asks()})
                {
                    for (int l = 0; l < side.count(); l++)
                    {
                        levels.add((side == decoded.depthUpdate.bids() ? "b " : "a ")
                            + BigDecimal.valueOf(side.priceMantissa(l), side.priceScale(l)) + " "
                            + BigDecimal.valueOf(side.quantityMantissa(l), side.quantityScale(l)));
                    }
                }
                final List<String> expected = new ArrayList<>();
                for (final String level : sides)
                {
                    final String[] v = level.split(" ");
                    expected.add(v[0] + " " + new BigDecimal(v[1]) + " " + new BigDecimal(v[2]));
                }
                assertEquals(expected, levels, depth::toString);
            }
        }
        // Numbers with a leading zero, over 18 digits or 8 integer digits go the general way.
        assertTrue(fast > 20_000, fast + " of 40000 generated frames went the fast way");
    }

    /** A decimal of 1 to 20 digits with a point anywhere or none, sometimes negative or with leading zeros. */
    private static String decimal(final Random random)
    {
        final int digits = 1 + random.nextInt(random.nextInt(4) == 0 ? 20 : 12);
        final StringBuilder sb = new StringBuilder();
        if (random.nextInt(20) == 0)
        {
            sb.append('-');
        }
        final int point = random.nextInt(digits + 1);
        for (int i = 0; i < digits; i++)
        {
            if (i == point && i > 0)
            {
                sb.append('.');
            }
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    /** A non-negative integer of 1 to 19 digits (19 can overflow a long: the general path decides). */
    private static long number(final Random random)
    {
        final int digits = 1 + random.nextInt(18);
        long v = 0;
        for (int i = 0; i < digits; i++)
        {
            v = v * 10 + random.nextInt(10);
        }
        return v;
    }

    /** Decodes with and without the fast path, asserts the same lines, and returns 1 if the fast path took it. */
    private static long assertSame(final JournalFrame frame, final String what)
    {
        final Decoded fast = decode(frame, true);
        final Decoded general = decode(frame, false);
        assertEquals(general.lines, fast.lines, what);
        return fast.fast;
    }

    private static Decoded decode(final JournalFrame frame, final boolean fastPath)
    {
        final Decoded out = new Decoded();
        final EventJsonWriter writer = new EventJsonWriter();
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
            @Override
            public void onEvent(final JournalFrame f, final MarketEvent event)
            {
                out.lines.add(writer.toJson(event));
                if (event instanceof BookTickerEvent b)
                {
                    out.bookTicker = b;
                }
                if (event instanceof DepthUpdateEvent d)
                {
                    out.depthUpdate = d;
                }
            }

            @Override
            public void onUnknown(final JournalFrame f)
            {
                out.lines.add("unknown");
            }
        }, (f, reason) -> out.lines.add("error: " + reason), fastPath);
        decoder.onFrame(frame);
        out.fast = decoder.fastDecoded();
        return out;
    }

    private static final class Decoded
    {
        final List<String> lines = new ArrayList<>();
        long fast;
        BookTickerEvent bookTicker;
        DepthUpdateEvent depthUpdate;
    }

    /** The sample without whitespace, fields in their order, as Binance sends it. */
    private static byte[] compact(final byte[] json) throws IOException
    {
        return MAPPER.writeValueAsBytes(MAPPER.readTree(json));
    }
}
