package dev.ticktape.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.decode.AggTradeEvent;
import dev.ticktape.core.decode.BookTickerEvent;
import dev.ticktape.core.decode.DecodeErrorHandler;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.KlineEvent;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarkPriceEvent;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Decoded frames per second on the peers' workload (2,000,000 USDⓈ-M combined-stream frames:
 * depth diffs, book tickers, trades, aggregate trades, klines, mark prices), one thread.
 * <ul>
 *   <li>{@code ticktapeDecoder}: {@link MarketDataDecoder} into typed events with exact decimals,
 *       every level of every depth update included; the listener reads the fields.</li>
 *   <li>{@code jacksonTreeTyped}: the peers' baseline, {@code ObjectMapper.readTree} plus typed field
 *       extraction (prices as doubles, which is cheaper than exact), for all six types.</li>
 *   <li>{@code jacksonStreamingTyped}: Jackson's streaming {@link JsonParser} extracting the same fields:
 *       the well-kept library a decoder would be built on.</li>
 * </ul>
 * One measured iteration decodes all frames; the score is time per frame (frames/s = 1/score).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {
    "-Xmx3g", "-Xms3g",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", // Agrona 2 (and Chronicle) use jdk.internal.misc.Unsafe
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
})
@State(Scope.Benchmark)
public class DecodeBenchmark
{
    static final int FRAMES = 2_000_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Where the peers' {@code frames.bin} is. */
    @Param("/tmp/ticktape-bench/data/frames.bin")
    public String frames;

    /**
     * {@code all}: every generated frame. {@code bookTicker+trades}: only book tickers, aggregate trades
     * and trades, the peers' P2 subset (their readTree figure of about 1.2 M frames/s is on it),
     * cycled to the same number of frames.
     */
    @Param({ "all", "bookTicker+trades" })
    public String workload;

    private int[] order;

    private PeerFrames f;
    private UnsafeBuffer buffer;
    private int[] streamLengths;
    private final JournalFrame frame = new JournalFrame();
    private final Sink sink = new Sink();
    private MarketDataDecoder decoder;

    @Setup(Level.Trial)
    public void load() throws IOException
    {
        f = PeerFrames.load(Path.of(frames), FRAMES);
        buffer = new UnsafeBuffer(f.data);
        streamLengths = new int[f.count];
        for (int i = 0; i < f.count; i++)
        {
            int n = 0;
            while (f.data[f.offsets[i] + 11 + n] != '"')
            {
                n++;
            }
            streamLengths[i] = n;
        }
        decoder = new MarketDataDecoder(sink, DecodeErrorHandler.IGNORE);
        final int[] chosen = new int[f.count];
        int n = 0;
        for (int i = 0; i < f.count; i++)
        {
            if (workload.equals("all") || isBookTickerOrTrade(i))
            {
                chosen[n++] = i;
            }
        }
        order = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++)
        {
            order[i] = chosen[i % n];
        }
    }

    private boolean isBookTickerOrTrade(final int i)
    {
        final String head = new String(f.data, f.offsets[i], Math.min(64, f.lengths[i]), java.nio.charset.StandardCharsets.US_ASCII);
        return head.contains("@bookTicker\"") || head.contains("@aggTrade\"") || head.contains("@trade\"");
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long ticktapeDecoder()
    {
        final long errorsBefore = decoder.errors();
        for (int k = 0; k < FRAMES; k++)
        {
            final int i = order[k];
            final int offset = f.offsets[i];
            frame.wrap(i, Market.USDM, FrameKind.TEXT, 1, f.times[i], f.times[i], buffer, offset + 11, streamLengths[i],
                offset, f.lengths[i]);
            decoder.onFrame(frame);
        }
        if (decoder.errors() != errorsBefore)
        {
            throw new IllegalStateException("decode errors on the peers' workload");
        }
        return sink.check;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long jacksonTreeTyped() throws IOException
    {
        long acc = 0;
        for (int k = 0; k < FRAMES; k++)
        {
            final int i = order[k];
            final JsonNode d = MAPPER.readTree(f.data, f.offsets[i], f.lengths[i]).get("data");
            final String e = d.get("e").textValue();
            acc += d.get("E").longValue() + d.get("s").textValue().length();
            double x = 0;
            switch (e)
            {
                case "depthUpdate" ->
                {
                    acc += d.get("T").longValue() + d.get("U").longValue() + d.get("u").longValue() + d.get("pu").longValue();
                    for (final JsonNode level : d.get("b"))
                    {
                        x += Double.parseDouble(level.get(0).textValue()) + Double.parseDouble(level.get(1).textValue());
                    }
                    for (final JsonNode level : d.get("a"))
                    {
                        x += Double.parseDouble(level.get(0).textValue()) + Double.parseDouble(level.get(1).textValue());
                    }
                }
                case "bookTicker" ->
                {
                    acc += d.get("T").longValue() + d.get("u").longValue();
                    x = Double.parseDouble(d.get("b").textValue()) + Double.parseDouble(d.get("B").textValue())
                        + Double.parseDouble(d.get("a").textValue()) + Double.parseDouble(d.get("A").textValue());
                }
                case "aggTrade", "trade" ->
                {
                    acc += d.get("T").longValue() + (e.equals("aggTrade") ? d.get("a").longValue() : d.get("t").longValue());
                    x = Double.parseDouble(d.get("p").textValue()) + Double.parseDouble(d.get("q").textValue())
                        + (d.get("m").booleanValue() ? 1 : 0);
                }
                case "kline" ->
                {
                    final JsonNode candle = d.get("k");
                    acc += candle.get("t").longValue() + candle.get("T").longValue() + candle.get("n").longValue() + candle.get("i").textValue().length();
                    x = Double.parseDouble(candle.get("o").textValue()) + Double.parseDouble(candle.get("c").textValue())
                        + Double.parseDouble(candle.get("h").textValue()) + Double.parseDouble(candle.get("l").textValue())
                        + Double.parseDouble(candle.get("v").textValue()) + (candle.get("x").booleanValue() ? 1 : 0);
                }
                case "markPriceUpdate" ->
                {
                    acc += d.get("T").longValue();
                    x = Double.parseDouble(d.get("p").textValue()) + Double.parseDouble(d.get("i").textValue())
                        + Double.parseDouble(d.get("r").textValue());
                }
                default -> throw new IllegalStateException(e);
            }
            acc += (long) x;
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long jacksonStreamingTyped() throws IOException
    {
        long acc = 0;
        double x = 0;
        for (int k = 0; k < FRAMES; k++)
        {
            final int i = order[k];
            try (JsonParser p = FACTORY.createParser(f.data, f.offsets[i], f.lengths[i]))
            {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String top = p.currentName();
                    p.nextToken();
                    if (!top.equals("data"))
                    {
                        acc += p.getTextLength();
                        continue;
                    }
                    x += object(p);
                }
            }
        }
        return acc + (long) x;
    }

    /** Reads one object's fields: numbers as longs, decimal strings as doubles, level arrays, the kline object. */
    private static double object(final JsonParser p) throws IOException
    {
        double x = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME)
        {
            final String k = p.currentName();
            final JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NUMBER_INT)
            {
                x += p.getLongValue();
            }
            else if (t == JsonToken.VALUE_STRING)
            {
                if (k.equals("e") || k.equals("s") || k.equals("i"))
                {
                    x += p.getTextLength();
                }
                else
                {
                    x += Double.parseDouble(p.getText());
                }
            }
            else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)
            {
                x += t == JsonToken.VALUE_TRUE ? 1 : 0;
            }
            else if (t == JsonToken.START_ARRAY)
            {
                while (p.nextToken() == JsonToken.START_ARRAY)
                {
                    p.nextToken();
                    x += Double.parseDouble(p.getText());
                    p.nextToken();
                    x += Double.parseDouble(p.getText());
                    p.nextToken();
                }
            }
            else if (t == JsonToken.START_OBJECT)
            {
                x += object(p);
            }
        }
        return x;
    }

    /** Reads every field a strategy would: ids, times, exact prices and quantities, every depth level. */
    static final class Sink implements MarketDataListener
    {
        long check;

        @Override
        public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent e)
        {
            long acc = e.eventTime() + e.transactionTime() + e.firstUpdateId() + e.lastUpdateId() + e.previousLastUpdateId()
                + e.symbol().length();
            for (int i = 0; i < e.bids().count(); i++)
            {
                acc += e.bids().priceMantissa(i) + e.bids().quantityMantissa(i) + e.bids().priceScale(i);
            }
            for (int i = 0; i < e.asks().count(); i++)
            {
                acc += e.asks().priceMantissa(i) + e.asks().quantityMantissa(i) + e.asks().priceScale(i);
            }
            check += acc;
        }

        @Override
        public void onBookTicker(final JournalFrame frame, final BookTickerEvent e)
        {
            check += e.eventTime() + e.transactionTime() + e.updateId() + e.symbol().length() + e.bidPrice().mantissa()
                + e.bidQuantity().mantissa() + e.askPrice().mantissa() + e.askQuantity().mantissa();
        }

        @Override
        public void onAggTrade(final JournalFrame frame, final AggTradeEvent e)
        {
            check += e.eventTime() + e.tradeTime() + e.aggregateTradeId() + e.symbol().length() + e.price().mantissa()
                + e.quantity().mantissa() + (e.buyerMaker() ? 1 : 0);
        }

        @Override
        public void onTrade(final JournalFrame frame, final TradeEvent e)
        {
            check += e.eventTime() + e.tradeTime() + e.tradeId() + e.symbol().length() + e.price().mantissa()
                + e.quantity().mantissa() + (e.buyerMaker() ? 1 : 0);
        }

        @Override
        public void onKline(final JournalFrame frame, final KlineEvent e)
        {
            check += e.eventTime() + e.openTime() + e.closeTime() + e.tradeCount() + e.interval().length()
                + e.open().mantissa() + e.close().mantissa() + e.high().mantissa() + e.low().mantissa()
                + e.volume().mantissa() + (e.closed() ? 1 : 0);
        }

        @Override
        public void onMarkPrice(final JournalFrame frame, final MarkPriceEvent e)
        {
            check += e.eventTime() + e.nextFundingTime() + e.markPrice().mantissa() + e.indexPrice().mantissa()
                + e.fundingRate().mantissa();
        }
    }
}
