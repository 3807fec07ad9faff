package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFixtures;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class TicktapeCliTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T0 = JournalFixtures.T0;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private Path journal;
    private final byte[] binary = { 0, 1, 2, (byte) 0xFF, (byte) 0x80, 10, 13 };

    /** Result of one CLI run. */
    record Run(int code, String out, String err)
    {
        List<String> lines()
        {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void writeJournal()
    {
        journal = dir.resolve("journal");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            w.appendEvent(new SessionEvent.RecordingStarted("test", 1, "host", 1, "", 1, 0), T0, 0);
            w.appendEvent(new SessionEvent.ConnectionOpened(1, Market.SPOT, "wss://example/stream"), T0, 0);
            w.appendEvent(new SessionEvent.ConnectionOpened(2, Market.SPOT_SBE, "wss://example-sbe/ws/btcusdt@trade"), T0, 0);
            for (int i = 0; i < 100; i++)
            {
                final String stream = i % 4 == 0 ? "ethusdt@depth@100ms" : "btcusdt@trade";
                final byte[] p = ("{\"stream\":\"" + stream + "\",\"data\":{\"i\":" + i + ",\"s\":\"é\"}}")
                    .getBytes(StandardCharsets.UTF_8);
                w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, T0 + i * MS, i, null, p, 0, p.length);
            }
            w.appendFrame(Market.SPOT_SBE, 2, FrameKind.BINARY, T0 + 100 * MS, 100,
                "btcusdt@trade".getBytes(StandardCharsets.US_ASCII), binary, 0, binary.length);
            w.appendEvent(new SessionEvent.GapDetected(1, Market.SPOT, "ethusdt@depth@100ms", 10, 20, "U > u+1"),
                T0 + 100 * MS, 100);
            w.appendEvent(new SessionEvent.ConnectionClosed(1, Market.SPOT, 1006, "lost", true), T0 + 101 * MS, 101);
        }
    }

    @Test
    void inspectJsonPrintsExactlyOneObjectWithTheContractKeys() throws Exception
    {
        final Run r = run("inspect", "--journal", journal.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.lines().size(), "one line: " + r.out());
        final JsonNode j = MAPPER.readTree(r.out());
        assertEquals(101, j.get("frames").asLong());
        final long textBytes = 25 * ("{\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"i\":,\"s\":\"é\"}}").getBytes(StandardCharsets.UTF_8).length
            + 75 * ("{\"stream\":\"btcusdt@trade\",\"data\":{\"i\":,\"s\":\"é\"}}").getBytes(StandardCharsets.UTF_8).length
            + 10 + 90 * 2; // the digits of i
        assertEquals(textBytes + binary.length, j.get("bytes").asLong());
        assertEquals(T0, j.get("first_recv_ns").asLong());
        assertEquals(T0 + 100 * MS, j.get("last_recv_ns").asLong());
        assertEquals(76, j.get("streams").get("btcusdt@trade").asLong());
        assertEquals(25, j.get("streams").get("ethusdt@depth@100ms").asLong());
        assertEquals(2, j.get("streams").size());
        assertEquals(2, j.get("connections").asLong());
        assertEquals(1, j.get("disconnects").asLong());
        assertEquals(1, j.get("gaps").asLong());
        assertEquals(100, j.get("markets").get("spot").asLong());
        assertEquals(1, j.get("markets").get("spot-sbe").asLong());
        assertEquals(1, j.get("format_version").asInt());
    }

    @Test
    void inspectTableIsReadable()
    {
        final Run r = run("inspect", "--journal", journal.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("frames        101"), r.out());
        assertTrue(r.out().contains("btcusdt@trade"), r.out());
        assertTrue(r.out().contains("2024-01-01T00:00:00Z"), r.out());
    }

    @Test
    void catPrintsOneJsonLinePerFrameWithBase64ForBinary() throws Exception
    {
        final Run r = run("cat", "--journal", journal.toString());
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.lines();
        assertEquals(101, lines.size());
        final JsonNode first = MAPPER.readTree(lines.get(0));
        assertEquals(T0, first.get("recv_ns").asLong());
        assertEquals("2024-01-01T00:00:00Z", first.get("recv_time").asText());
        assertEquals("spot", first.get("market").asText());
        assertEquals("ethusdt@depth@100ms", first.get("stream").asText());
        assertEquals("text", first.get("kind").asText());
        assertEquals("{\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"i\":0,\"s\":\"é\"}}", first.get("payload").asText());
        final JsonNode last = MAPPER.readTree(lines.get(100));
        assertEquals("binary", last.get("kind").asText());
        assertEquals("spot-sbe", last.get("market").asText());
        assertEquals("btcusdt@trade", last.get("stream").asText());
        assertArrayEquals(binary, Base64.getDecoder().decode(last.get("payload").asText()));
    }

    @Test
    void catFiltersByTimeStreamAndLimit() throws Exception
    {
        final String from = Instant.ofEpochSecond(0, T0 + 10 * MS).toString();
        final Run r = run("cat", "--journal", journal.toString(), "--from", from, "--to", Long.toString(T0 + 20 * MS),
            "--stream", "ethusdt@depth@100ms");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.lines();
        assertEquals(List.of(12L, 16L), lines.stream().map(l -> parse(l).get("mono_ns").asLong()).toList());

        final Run limited = run("cat", "--journal", journal.toString(), "--stream", "btcusdt@trade",
            "--stream", "ethusdt@depth@100ms", "--limit", "7");
        assertEquals(7, limited.lines().size());

        final Run none = run("cat", "--journal", journal.toString(), "--from", "2030-01-01");
        assertEquals(0, none.code());
        assertEquals("", none.out());
    }

    @Test
    void catWithEventsPrintsSessionEvents() throws Exception
    {
        final Run r = run("cat", "--journal", journal.toString(), "--events");
        assertEquals(0, r.code(), r.err());
        assertEquals(106, r.lines().size());
        final JsonNode opened = parse(r.lines().get(1));
        assertEquals("connectionOpened", opened.get("event").asText());
        assertEquals(1, opened.get("connectionId").asInt());
        assertEquals("spot", opened.get("market").asText());
        final JsonNode gap = parse(r.lines().get(104));
        assertEquals("gapDetected", gap.get("event").asText());
        assertEquals(20, gap.get("nextId").asLong());
    }

    @Test
    void catDecodePrintsTypedEventsWithReceiveTimeAndStream() throws Exception
    {
        final Path decoded = dir.resolve("decoded");
        final byte[] trade = ("{\"stream\":\"bnbbtc@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\","
            + "\"t\":12345,\"p\":\"0.00100000\",\"q\":\"100\",\"T\":1672515782136,\"m\":true,\"M\":true}}")
            .getBytes(StandardCharsets.UTF_8);
        final byte[] sbe = java.util.HexFormat.of().parseHex("3200112701000000e0a82118240a0600016641ce0c000000fefbf27938000000"
            + "000087d6120000000000f379380000000000a0860100000000000742544355534454");
        final byte[] broken = "{\"stream\":\"bnbbtc@trade\",\"data\":{\"e\":\"trade\",\"p\":".getBytes(StandardCharsets.UTF_8);
        try (JournalWriter w = JournalWriter.open(decoded))
        {
            w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, T0, 0, null, trade, 0, trade.length);
            w.appendFrame(Market.SPOT_SBE, 2, FrameKind.BINARY, T0 + 1, 1, "btcusdt@bestBidAsk".getBytes(StandardCharsets.US_ASCII),
                sbe, 0, sbe.length);
            w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, T0 + 2, 2, null, broken, 0, broken.length);
        }
        final Run r = run("cat", "--journal", decoded.toString(), "--decode");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.lines();
        assertEquals(3, lines.size(), r.out());
        final JsonNode t = parse(lines.get(0));
        assertEquals(T0, t.get("recv_ns").asLong());
        assertEquals("bnbbtc@trade", t.get("stream").asText());
        assertEquals("trade", t.get("type").asText());
        assertEquals("0.00100000", t.get("price").asText(), "exact decimal text");
        assertEquals(12345, t.get("tradeId").asLong());
        assertEquals("ms", t.get("timeUnit").asText());
        final JsonNode b = parse(lines.get(1));
        assertEquals("bookTicker", b.get("type").asText());
        assertEquals("spot-sbe", b.get("market").asText());
        assertEquals("37012.34", b.get("bidPrice").asText());
        assertEquals("us", b.get("timeUnit").asText());
        assertEquals("btcusdt@bestBidAsk", b.get("stream").asText());
        final JsonNode e = parse(lines.get(2));
        assertEquals("decodeError", e.get("type").asText());
        assertEquals("unexpected end of JSON", e.get("reason").asText());
        assertTrue(r.err().contains("1 frame(s) could not be decoded"), r.err());
    }

    @Test
    void exitCodesFollowTheContractWithOneLineErrors() throws Exception
    {
        final Run missing = run("inspect", "--journal", dir.resolve("missing").toString());
        assertEquals(4, missing.code());
        assertOneLine(missing.err());

        Files.createDirectories(dir.resolve("empty"));
        final Run notJournal = run("cat", "--journal", dir.resolve("empty").toString());
        assertEquals(3, notJournal.code());
        assertOneLine(notJournal.err());

        final Path future = dir.resolve("future");
        try (ChronicleQueue q = SingleChronicleQueueBuilder.single(future.toFile()).build();
             ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument())
        {
            dc.wire().bytes().writeByte((byte) 'F').writeByte((byte) 7).write(new byte[40]);
        }
        final Run unknown = run("inspect", "--journal", future.toString(), "--json");
        assertEquals(3, unknown.code());
        assertOneLine(unknown.err());
        assertTrue(unknown.err().contains("unknown format version 7"), unknown.err());
        assertEquals("", unknown.out());

        final Run verbose = run("inspect", "--journal", future.toString(), "--verbose");
        assertEquals(3, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "a stack trace with --verbose");

        assertEquals(2, run("cat").code());
        assertEquals(2, run("cat", "--journal", journal.toString(), "--from", "yesterday").code());
        assertEquals(2, run("cat", "--journal", journal.toString(), "--limit", "-1").code());
        assertEquals(2, run("inspect", "--journal", journal.toString(), "--bogus").code());
        assertEquals(2, run("nonsense").code());
        assertEquals(0, run("--help").code());
        final Run help = run("inspect", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--json"), help.out());
        assertEquals(0, run("cat", "--help").code());
        assertEquals(0, run("help", "cat").code());
        assertEquals(0, run("--version").code());
    }

    @Test
    void simulatePrintsOneBaseUrlPerMarketAndStopsAfterItsDuration()
    {
        final Run r = run("simulate", "--duration", "0s", "--symbols", "btcusdt", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        final List<String> lines = r.lines();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).matches("spot ws://127\\.0\\.0\\.1:\\d+"), lines.get(0));
        assertTrue(lines.get(1).matches("spot-sbe ws://127\\.0\\.0\\.1:\\d+"), lines.get(1));
        assertTrue(lines.get(2).matches("usdm ws://127\\.0\\.0\\.1:\\d+"), lines.get(2));
        assertTrue(r.err().contains("REST at http://127.0.0.1:"), r.err());
        assertEquals(2, run("simulate", "--rate", "fast").code());
        assertEquals(2, run("simulate", "--duration", "soon").code());
        assertEquals(2, run("simulate", "--symbols", "bad symbol!", "--duration", "0s").code());
        assertEquals(0, run("simulate", "--duration", "0s", "--fault", "drop-after-frames=10", "--fault", "gap-every=5",
            "--fault", "malformed-every=7", "--fault", "rest-errors=2:429", "--fault", "stall-at=1s:2s",
            "--fault", "drop-after=30s", "--fault", "delay=200s", "--fault", "refuse=30s:418").code());
        assertEquals(2, run("simulate", "--duration", "0s", "--fault", "refuse=30s:500").code());
        assertEquals(2, run("simulate", "--duration", "0s", "--fault", "meteor-strike=1").code());
        assertEquals(2, run("simulate", "--duration", "0s", "--fault", "rest-errors=2").code());
    }

    @Test
    void timesParseAsIsoInstantsDatesOffsetsAndEpochNanos()
    {
        assertEquals(T0, TimeConverter.parse("2024-01-01T00:00:00Z"));
        assertEquals(T0 + 500 * MS, TimeConverter.parse("2024-01-01T00:00:00.5Z"));
        assertEquals(T0, TimeConverter.parse("2024-01-01T08:00:00+08:00"));
        assertEquals(T0, TimeConverter.parse("2024-01-01"));
        assertEquals(T0 + 1, TimeConverter.parse(Long.toString(T0 + 1)));
    }

    private static JsonNode parse(final String line)
    {
        try
        {
            return MAPPER.readTree(line);
        }
        catch (final Exception e)
        {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static void assertOneLine(final String err)
    {
        assertEquals(1, err.lines().count(), "one line on stderr: " + err);
        assertTrue(err.startsWith("ticktape: "), err);
    }
}
