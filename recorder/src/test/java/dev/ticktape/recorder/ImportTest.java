package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ticktape import}: a capture of a recording, in every time format, imports to the same frames. */
class ImportTest extends RecorderSupport
{
    private record Format(String name, LongFunction<String> time, long unitNanos, boolean gzip)
    {
    }

    private static final List<Format> FORMATS = List.of(
        new Format("ns", ns -> Long.toString(ns), 1, false),
        new Format("us-colon", ns -> (ns / 1_000) + ":", 1_000, false),
        new Format("ms-gzip", ns -> Long.toString(ns / 1_000_000), 1_000_000, true),
        new Format("seconds", ns -> String.format("%d.%09d", ns / 1_000_000_000L, ns % 1_000_000_000L), 1, false),
        new Format("seconds-us-colon-gzip", ns -> String.format("%d.%06d:", ns / 1_000_000_000L, ns % 1_000_000_000L / 1_000), 1_000, true));

    /** The frames a capture can hold: the market's JSON text frames and REST depth snapshots (not exchange information), in order. */
    private static List<Journal.Frame> capturable(final Journal j, final Market market)
    {
        return j.frames.stream().filter(f -> f.market() == market && f.kind() != FrameKind.BINARY
            && !f.stream().equals(dev.ticktape.core.binance.StreamNames.EXCHANGE_INFO)).toList();
    }

    private static void write(final Path file, final List<Journal.Frame> frames, final Format format, final List<String> extraLines)
        throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (final Journal.Frame f : frames)
        {
            bytes.writeBytes((format.time().apply(f.epochNanos()) + " ").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(f.payload());
            bytes.write('\n');
        }
        for (final String line : extraLines)
        {
            bytes.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream out = format.gzip() ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file))
        {
            out.write(bytes.toByteArray());
        }
    }

    @Test
    void aCaptureInEachTimeFormatImportsToTheRecordedFrames() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final Path recorded = dir.resolve("recorded");
        recorder = Recorder.start(new RecorderConfig().journal(recorded).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "btcusdt@trade", "btcusdt@bookTicker"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@depth@100ms", "btcusdt@aggTrade"),
                simulator.baseUri(Market.USDM), simulator.restBaseUri())), null);
        await(() -> recorder.frames() > 600 && Journal.read(recorded).events(SessionEvent.SnapshotTaken.class).size() >= 2,
            "frames and both snapshots");
        recorder.stop("done");
        final Journal source = Journal.read(recorded);

        for (final Market market : List.of(Market.SPOT, Market.USDM))
        {
            final List<Journal.Frame> expected = capturable(source, market);
            assertTrue(expected.stream().anyMatch(f -> f.kind() == FrameKind.REST), "a snapshot to import");
            final List<SessionEvent.SnapshotTaken> expectedSnapshots = source.events(SessionEvent.SnapshotTaken.class).stream()
                .filter(s -> s.market() == market).toList();
            for (final Format format : FORMATS)
            {
                final Path capture = dir.resolve(market.wireName() + "-" + format.name() + ".txt");
                write(capture, expected, format, List.of());
                final Path journal = dir.resolve("imported-" + market.wireName() + "-" + format.name());
                final List<String> problems = new ArrayList<>();
                final Importer.Result r = Importer.run(journal, market, List.of(capture), problems::add);
                assertEquals(List.of(), problems, format.name());
                assertEquals(expected.size(), r.frames(), format.name());

                final Journal imported = Journal.read(journal);
                assertEquals(expected.size(), imported.frames.size(), format.name());
                for (int i = 0; i < expected.size(); i++)
                {
                    final Journal.Frame e = expected.get(i);
                    final Journal.Frame a = imported.frames.get(i);
                    final String where = format.name() + " frame " + i;
                    assertEquals(e.market(), a.market(), where);
                    assertEquals(e.kind(), a.kind(), where);
                    assertEquals(e.stream(), a.stream(), where);
                    assertArrayEquals(e.payload(), a.payload(), where);
                    assertEquals(e.epochNanos() / format.unitNanos() * format.unitNanos(), a.epochNanos(), where);
                }
                final List<SessionEvent.SnapshotTaken> snapshots = imported.events(SessionEvent.SnapshotTaken.class);
                assertEquals(expectedSnapshots.stream().map(SessionEvent.SnapshotTaken::lastUpdateId).toList(),
                    snapshots.stream().map(SessionEvent.SnapshotTaken::lastUpdateId).toList(), format.name());
                assertEquals(expectedSnapshots.stream().map(SessionEvent.SnapshotTaken::symbol).toList(),
                    snapshots.stream().map(SessionEvent.SnapshotTaken::symbol).toList(), format.name());
            }
        }
    }

    @Test
    void unparseableLinesAreReportedWithTheirNumberAndSkipped() throws Exception
    {
        final Path capture = dir.resolve("mixed.txt");
        Files.writeString(capture, String.join("\n",
            "1704067200000000000 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1}}",
            "garbage without a time",
            "1704067200001000000 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"",
            "",
            "12x {\"stream\":\"btcusdt@trade\",\"data\":{}}",
            "1704067200.5 {\"e\":\"trade\",\"s\":\"BTCUSDT\"}",
            "1704067200002000000 {\"lastUpdateId\":42,\"bids\":[[\"1.0\",\"2.0\"]],\"asks\":[]}",
            "1704067200003000 {\"stream\":\"ethusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"U\":1,\"u\":2}}",
            "1704067200004 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"U\":1,\"u\":2}}",
            ""));
        final List<String> problems = new ArrayList<>();
        final Importer.Result r = Importer.run(dir.resolve("j"), Market.SPOT, List.of(capture), problems::add);
        assertEquals(3, r.frames());
        assertEquals(0, r.snapshots());
        assertEquals(5, r.skipped(), problems.toString());
        assertTrue(problems.get(0).startsWith(capture + ":2: not '<receive time> <message>'"), problems.get(0));
        assertTrue(problems.get(1).startsWith(capture + ":3: malformed JSON"), problems.get(1));
        assertTrue(problems.get(2).startsWith(capture + ":5: "), problems.get(2));
        assertTrue(problems.get(3).startsWith(capture + ":6: neither a combined-stream frame nor a REST depth snapshot"), problems.get(3));
        assertTrue(problems.get(4).startsWith(capture + ":7: a REST depth snapshot names no symbol and the file has 2 symbols"),
            problems.get(4));
        final Journal j = Journal.read(dir.resolve("j"));
        assertEquals(List.of(1704067200000000000L, 1704067200003000000L, 1704067200004000000L),
            j.frames.stream().map(Journal.Frame::epochNanos).toList(), "ns, µs and ms told apart");
        assertEquals(List.of("btcusdt@trade", "ethusdt@depth", "btcusdt@depth@100ms"), j.frames.stream().map(Journal.Frame::stream).toList());
        assertEquals(1, j.events(SessionEvent.ConnectionOpened.class).size());
        assertEquals(1, j.events(SessionEvent.RecordingStopped.class).size());
    }

    @Test
    void tardisAndCryptofeedCapturesImportToTheRecordedFrames() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(100));
        final Path recorded = dir.resolve("recorded");
        recorder = Recorder.start(new RecorderConfig().journal(recorded).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "ethusdt@depth", "btcusdt@trade"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri())), null);
        await(() -> recorder.frames() > 300 && Journal.read(recorded).events(SessionEvent.SnapshotTaken.class).size() >= 2,
            "frames and both snapshots");
        recorder.stop("done");
        final Journal source = Journal.read(recorded);
        final List<Journal.Frame> expected = capturable(source, Market.SPOT);
        final List<String> symbols = source.events(SessionEvent.SnapshotTaken.class).stream().map(SessionEvent.SnapshotTaken::symbol).toList();
        assertEquals(java.util.Set.of("BTCUSDT", "ETHUSDT"), java.util.Set.copyOf(symbols));

        // Tardis: ISO local times to 100 ns, its generated <symbol>@depthSnapshot messages, an empty line for a disconnect
        final StringBuilder tardis = new StringBuilder();
        // cryptofeed: a header, the connection and its subscription, WebSocket messages, HTTP responses of the snapshots
        final StringBuilder cryptofeed = new StringBuilder("configuration: {'log': {'filename': 'demo.log'}}\n")
            .append("wss://stream.binance.com:9443/stream <-> ").append(seconds(expected.get(0).epochNanos())).append('\n')
            .append("wss://stream.binance.com:9443/stream <- ").append(seconds(expected.get(0).epochNanos()))
            .append(": {\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}\n");
        int rest = 0;
        for (int i = 0; i < expected.size(); i++)
        {
            final Journal.Frame f = expected.get(i);
            final String payload = new String(f.payload(), StandardCharsets.UTF_8);
            final String iso = java.time.Instant.ofEpochSecond(0, f.epochNanos()).toString();
            final String time = iso.substring(0, iso.length() - 1) + "0".repeat(Math.max(0, 30 - iso.length())) ;
            final String tardisTime = time.substring(0, 27) + "Z"; // 2024-01-01T00:00:00.1234567Z
            if (f.kind() == FrameKind.REST)
            {
                final String symbol = symbols.get(rest++);
                tardis.append(tardisTime).append(" {\"stream\":\"").append(symbol.toLowerCase()).append("@depthSnapshot\",\"generated\":true,")
                    .append("\"data\":").append(payload).append("}\n");
                cryptofeed.append("https://api.binance.com/api/v3/depth?symbol=").append(symbol).append("&limit=1000 -> ")
                    .append(seconds(f.epochNanos())).append(": ").append(payload).append('\n');
            }
            else
            {
                tardis.append(tardisTime).append(' ').append(payload).append('\n');
                cryptofeed.append(seconds(f.epochNanos())).append(": ").append(payload).append('\n');
            }
            if (i == expected.size() / 2)
            {
                tardis.append('\n');
            }
        }
        for (final String format : List.of("tardis", "cryptofeed"))
        {
            final Path capture = dir.resolve(format + ".txt");
            Files.writeString(capture, format.equals("tardis") ? tardis : cryptofeed, StandardCharsets.UTF_8);
            final Path journal = dir.resolve("imported-" + format);
            final List<String> problems = new ArrayList<>();
            // detected from the first line
            final Importer.Result r = Importer.run(journal, Market.SPOT, List.of(capture), problems::add);
            assertEquals(List.of(), problems, format);
            assertEquals(expected.size(), r.frames(), format);
            assertEquals(2, r.snapshots(), format);
            final long unit = format.equals("tardis") ? 100 : 1_000;
            final Journal imported = Journal.read(journal);
            assertEquals(expected.size(), imported.frames.size(), format);
            for (int i = 0; i < expected.size(); i++)
            {
                final Journal.Frame e = expected.get(i);
                final Journal.Frame a = imported.frames.get(i);
                final String where = format + " frame " + i;
                assertEquals(e.kind(), a.kind(), where);
                assertEquals(e.stream(), a.stream(), where);
                assertArrayEquals(e.payload(), a.payload(), where);
                assertEquals(e.epochNanos() / unit * unit, a.epochNanos(), where);
            }
            assertEquals(symbols, imported.events(SessionEvent.SnapshotTaken.class).stream().map(SessionEvent.SnapshotTaken::symbol).toList(),
                format + ": each snapshot attributed to its symbol");
            assertEquals(format.equals("tardis") ? 2 : 1, imported.events(SessionEvent.ConnectionOpened.class).size(),
                format + ": the disconnect Tardis marks ends a connection");
        }
    }

    private static String seconds(final long nanos)
    {
        return String.format("%d.%06d", nanos / 1_000_000_000L, nanos % 1_000_000_000L / 1_000);
    }

    @Test
    void epochNanosTellsUnitsApart()
    {
        assertEquals(1704067200123456789L, Importer.epochNanos("1704067200123456789".getBytes(), 0, 19));
        assertEquals(1704067200123456000L, Importer.epochNanos("1704067200123456".getBytes(), 0, 16));
        assertEquals(1704067200123000000L, Importer.epochNanos("1704067200123".getBytes(), 0, 13));
        assertEquals(1704067200000000000L, Importer.epochNanos("1704067200".getBytes(), 0, 10));
        assertEquals(1704067200123456789L, Importer.epochNanos("1704067200.123456789".getBytes(), 0, 20));
        assertEquals(1704067200500000000L, Importer.epochNanos("1704067200.5".getBytes(), 0, 12));
        assertEquals(-1, Importer.epochNanos("12".getBytes(), 0, 2));
        assertEquals(-1, Importer.epochNanos("1.2.3".getBytes(), 0, 5));
    }

    @Test
    void isoTimesReadToTheNanosecond()
    {
        assertEquals(java.time.Instant.parse("2019-04-01T00:00:34.8345516Z"), nanosToInstant(Importer.isoNanos(
            "2019-04-01T00:00:34.8345516Z".getBytes(), 28)));
        assertEquals(java.time.Instant.parse("2024-02-29T23:59:59Z"), nanosToInstant(Importer.isoNanos("2024-02-29T23:59:59Z".getBytes(), 20)));
        assertEquals(java.time.Instant.parse("2000-03-01T12:00:00.123456789Z"), nanosToInstant(Importer.isoNanos(
            "2000-03-01T12:00:00.123456789Z".getBytes(), 30)));
        assertEquals(-1, Importer.isoNanos("2023-02-29T00:00:00Z".getBytes(), 20), "no 29th of February in 2023");
        assertEquals(-1, Importer.isoNanos("2023-01-01 00:00:00Z".getBytes(), 20));
        assertEquals(-1, Importer.isoNanos("2023-01-01T00:00:00.Z".getBytes(), 21));
        assertEquals(-1, Importer.isoNanos("2023-01-01T00:00:00+01:00".getBytes(), 25));
    }

    private static java.time.Instant nanosToInstant(final long nanos)
    {
        return java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
