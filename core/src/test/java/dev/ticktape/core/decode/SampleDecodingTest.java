package dev.ticktape.core.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every sample of the reference kit ({@code ../shared/reference/binance/samples}, copied into the
 * test resources) decodes: (1) to exactly its golden file under {@code golden/} and (2) with every
 * value of the sample preserved exactly, checked against an independent JSON reader.
 * Run with {@code -Dticktape.golden.update=true} to rewrite the golden files after a reviewed change.
 */
class SampleDecodingTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Fields Binance documents as "ignore", and the type name the event type replaces. */
    private static final Set<String> IGNORED = Set.of("M", "B:kline", "e");

    static Stream<Arguments> jsonSamples() throws IOException
    {
        final List<Arguments> out = new ArrayList<>();
        for (final String line : new String(DecodeFixtures.resource("/binance/samples/streams.txt"), StandardCharsets.UTF_8)
            .split("\n"))
        {
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final String[] f = line.trim().split(" ");
            out.add(Arguments.of(f[0], Market.fromName(f[1]), f[2], f.length > 3 ? f[3] : "combined"));
        }
        return out.stream();
    }

    static Stream<String> sbeVectors()
    {
        return Stream.of("synthetic_trade_10000", "synthetic_bestbidask_10001", "synthetic_depth20_10002",
            "synthetic_depthdiff_10003", "synthetic_depthdiff_empty_asks_10003");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonSamples")
    void jsonSampleDecodesToItsGoldenFileAndKeepsEveryValue(
        final String file, final Market market, final String stream, final String form) throws IOException
    {
        final byte[] sample = DecodeFixtures.resource("/binance/samples/" + file);
        final JournalFrame frame = switch (form)
        {
            case "rest" -> DecodeFixtures.withStreamBefore(new JournalFrame(), market, FrameKind.REST, stream, sample);
            case "raw" -> DecodeFixtures.withStreamBefore(new JournalFrame(), market, FrameKind.TEXT,
                stream.equals("-") ? null : stream, sample);
            default -> DecodeFixtures.textFrame(market, stream, sample, true);
        };
        final List<String> lines = DecodeFixtures.decode(frame);
        assertFalse(lines.isEmpty(), "something was delivered");
        for (final String l : lines)
        {
            assertTrue(l.startsWith("{"), "a typed event, not " + l);
        }
        checkGolden(file.replace(".json", ".jsonl"), lines);

        JsonNode data = MAPPER.readTree(sample);
        if (data.has("stream") && data.has("data"))
        {
            data = data.get("data");
        }
        assertValuesPreserved(data, lines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sbeVectors")
    void sbeVectorDecodesToItsGoldenFileAndExpectedValues(final String name) throws IOException
    {
        final byte[] bytes = DecodeFixtures.hex("/binance/sbe/" + name + ".hex");
        final JournalFrame frame = DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT_SBE, FrameKind.BINARY,
            null, bytes);
        final List<String> lines = DecodeFixtures.decode(frame);
        checkGolden("sbe/" + name + ".jsonl", lines);
        final JsonNode expected = MAPPER.readTree(DecodeFixtures.resource("/binance/sbe/" + name + ".expected.json"));
        final List<String> values = new ArrayList<>();
        leaves(expected, "", values);
        final Set<String> decoded = decodedLeaves(lines);
        for (final String v : values)
        {
            if (!v.startsWith("template=") && !v.startsWith("templateId=") && !v.contains("Exponent=")
                && !v.startsWith("frameLength=") && !v.startsWith("isBestMatch=") && !v.startsWith("isBuyerMaker="))
            {
                assertTrue(decoded.contains(value(v)), name + ": value " + v + " is in " + lines);
            }
        }
        for (final String line : lines)
        {
            final JsonNode event = MAPPER.readTree(line);
            assertEquals("us", event.get("timeUnit").asText(), "SBE times are microseconds");
            assertEquals("BTCUSDT".equals(expected.get("symbol").asText()) ? "BTCUSDT" : expected.get("symbol").asText(),
                event.get("symbol").asText());
        }
    }

    @Test
    void sbeTradesDeliverOneEventPerTradeWithExactDecimals() throws IOException
    {
        final byte[] bytes = DecodeFixtures.hex("/binance/sbe/synthetic_trade_10000.hex");
        final List<String> lines = DecodeFixtures.decode(DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT_SBE,
            FrameKind.BINARY, "btcusdt@trade", bytes));
        assertEquals(2, lines.size());
        final JsonNode first = MAPPER.readTree(lines.get(0));
        assertEquals("37012.34", first.get("price").asText());
        assertEquals("1.50000", first.get("quantity").asText(), "trailing zeros kept: exact");
        assertTrue(first.get("buyerMaker").asBoolean());
        assertEquals(1700000000123001L, first.get("tradeTime").asLong());
        final JsonNode second = MAPPER.readTree(lines.get(1));
        assertEquals("0.00002", second.get("quantity").asText());
        assertFalse(second.get("buyerMaker").asBoolean());
    }

    @Test
    void futuresDepthStreamsAreToldApartByStreamName() throws IOException
    {
        final byte[] diff = DecodeFixtures.resource("/binance/samples/json/usdm/depthUpdate.json");
        assertEquals("depthUpdate", type(DecodeFixtures.decode(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth", diff, true))));
        assertEquals("partialDepth",
            type(DecodeFixtures.decode(DecodeFixtures.textFrame(Market.USDM, "btcusdt@depth20@100ms", diff, true))));
        final JsonNode rpi = MAPPER.readTree(
            DecodeFixtures.decode(DecodeFixtures.textFrame(Market.USDM, "btcusdt@rpiDepth@500ms", diff, true)).get(0));
        assertTrue(rpi.get("rpi").asBoolean());
        assertEquals(149, rpi.get("previousLastUpdateId").asLong());
    }

    @Test
    void unknownEventsAreDeliveredRawNotDropped()
    {
        final byte[] payload = "{\"e\":\"somethingNew\",\"E\":1,\"x\":[1,{\"y\":null}]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("unknown"), DecodeFixtures.decode(DecodeFixtures.textFrame(Market.SPOT, "btcusdt@new", payload, true)));
        final byte[] noType = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("unknown"), DecodeFixtures.decode(DecodeFixtures.textFrame(Market.SPOT, "x@y", noType, false)));
    }

    @Test
    void controlResponsesAndErrorsDecode() throws IOException
    {
        final List<String> ok = DecodeFixtures.decode(DecodeFixtures.textFrame(Market.SPOT, null,
            "{\"result\":[\"btcusdt@aggTrade\"],\"id\":3}".getBytes(StandardCharsets.UTF_8), false));
        final JsonNode r = MAPPER.readTree(ok.get(0));
        assertEquals("controlResponse", r.get("type").asText());
        assertEquals("[\"btcusdt@aggTrade\"]", r.get("result").asText());
        assertEquals("3", r.get("id").asText());
        assertFalse(r.get("error").asBoolean());
        final List<String> err = DecodeFixtures.decode(DecodeFixtures.textFrame(Market.USDM, null,
            "{\"code\": 0, \"msg\": \"Unknown property\"}".getBytes(StandardCharsets.UTF_8), false));
        final JsonNode e = MAPPER.readTree(err.get(0));
        assertTrue(e.get("error").asBoolean());
        assertEquals(0, e.get("code").asLong());
        assertEquals("Unknown property", e.get("message").asText());
    }

    @Test
    void microsecondConnectionsAreReportedInMicroseconds() throws IOException
    {
        final List<String> lines = new ArrayList<>();
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
            @Override
            public void onEvent(final JournalFrame f, final MarketEvent event)
            {
                lines.add(event.timeUnit().name());
            }
        }, DecodeErrorHandler.IGNORE);
        final byte[] trade = DecodeFixtures.resource("/binance/samples/json/spot/trade.json");
        decoder.onFrame(DecodeFixtures.textFrame(Market.SPOT, "bnbbtc@trade", trade, true));
        decoder.onEvent(0, 0, new dev.ticktape.core.journal.SessionEvent.ConnectionOpened(1, Market.SPOT,
            "wss://stream.binance.com:9443/stream?streams=bnbbtc@trade&timeUnit=MICROSECOND"));
        decoder.onFrame(DecodeFixtures.textFrame(Market.SPOT, "bnbbtc@trade", trade, true));
        assertEquals(List.of("MILLISECONDS", "MICROSECONDS"), lines);
    }

    private static String type(final List<String> lines) throws IOException
    {
        assertEquals(1, lines.size(), lines.toString());
        return MAPPER.readTree(lines.get(0)).get("type").asText();
    }

    /** Every leaf value of the sample (but ignored fields) appears among the decoded events' values. */
    private static void assertValuesPreserved(final JsonNode sample, final List<String> lines) throws IOException
    {
        final List<String> values = new ArrayList<>();
        leaves(sample, "", values);
        final Set<String> decoded = decodedLeaves(lines);
        for (final String v : values)
        {
            assertTrue(decoded.contains(value(v)), "value " + v + " survives decoding: " + lines);
        }
    }

    private static Set<String> decodedLeaves(final List<String> lines) throws IOException
    {
        final Set<String> decoded = new TreeSet<>();
        for (final String line : lines)
        {
            final List<String> l = new ArrayList<>();
            leaves(MAPPER.readTree(line), "", l);
            l.forEach(x -> decoded.add(value(x)));
            // raw JSON values (control responses) are checked as text
            decoded.add(line);
        }
        return decoded;
    }

    private static String value(final String leaf)
    {
        return leaf.substring(leaf.indexOf('=') + 1);
    }

    private static void leaves(final JsonNode node, final String parent, final List<String> out)
    {
        if (node.isObject())
        {
            final Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext())
            {
                final Map.Entry<String, JsonNode> e = it.next();
                if (IGNORED.contains(e.getKey()) || (IGNORED.contains(e.getKey() + ":kline") && parent.equals("k")))
                {
                    continue;
                }
                if (e.getValue().isValueNode())
                {
                    if (!e.getValue().isBoolean() && !e.getValue().isNull())
                    {
                        out.add(e.getKey() + "=" + e.getValue().asText());
                    }
                }
                else
                {
                    leaves(e.getValue(), e.getKey(), out);
                }
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode n : node)
            {
                if (n.isValueNode())
                {
                    out.add(parent + "[]=" + n.asText());
                }
                else
                {
                    leaves(n, parent, out);
                }
            }
        }
    }

    private static void checkGolden(final String name, final List<String> lines) throws IOException
    {
        final String actual = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("ticktape.golden.update"))
        {
            final Path file = Path.of("src/test/resources/golden", name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return;
        }
        final String expected = new String(DecodeFixtures.resource("/golden/" + name), StandardCharsets.UTF_8);
        assertEquals(expected, actual, "golden file golden/" + name);
    }
}
