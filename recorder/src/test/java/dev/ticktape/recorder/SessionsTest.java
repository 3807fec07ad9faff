package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Rotations, drops, stalls, gaps, malformed frames, refusals, and what the recorder refuses to do. */
class SessionsTest extends RecorderSupport
{
    private RecorderConfig spotAndFutures()
    {
        return new RecorderConfig().journal(dir).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "btcusdt@trade"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@depth@100ms", "btcusdt@aggTrade"),
                simulator.baseUri(Market.USDM), simulator.restBaseUri()));
    }

    @Test
    void aForcedRotationOverlapsAndLosesNoSequenceNumber() throws Exception
    {
        // Lifetimes of 2 s stand in for Binance's 24 h; the recorder replaces each connection after 1 s.
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200)
            .maxLifetime(Duration.ofSeconds(2)));
        recorder = Recorder.start(spotAndFutures().rotateAfter(Duration.ofMillis(1000)).overlap(Duration.ofMillis(300)), null);
        await(() -> recorder.frames() > 0 && Journal.read(dir).events(SessionEvent.Overlap.class).size() >= 9,
            "three rounds of overlaps");
        drainAndStop();
        final Journal j = Journal.read(dir);
        assertTrue(j.events(SessionEvent.GapDetected.class).isEmpty(), j.events(SessionEvent.GapDetected.class).toString());
        assertEquals(0, recorder.reconnects(), "replacements are not reconnects");
        final List<SessionEvent.Overlap> overlaps = j.events(SessionEvent.Overlap.class);
        int replaced = 0;
        for (final SessionEvent.Overlap o : overlaps)
        {
            assertTrue(o.reason().contains("24-hour") || o.reason().equals("serverShutdown"), o.reason());
            replaced += j.events(SessionEvent.ConnectionClosed.class).stream().anyMatch(c -> c.connectionId() == o.replacedConnectionId()
                && c.reason().equals("replaced by connection " + o.connectionId())) ? 1 : 0;
        }
        // The last overlap of each of the three shards (spot, usdm /public and /market) may be open when the recorder stops.
        assertTrue(replaced >= overlaps.size() - 3, "replaced connections close after the overlap: " + replaced + " of " + overlaps);
        assertChains(j);
    }

    @Test
    void aServerShutdownNoticeOnACombinedStreamStartsAReplacement() throws Exception
    {
        // Connections live 1 s and spot announces each end with {"stream":"!serverShutdown",...}; the
        // recorder's own rotation is an hour away, so only the notice can start a replacement.
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200)
            .maxLifetime(Duration.ofSeconds(1)));
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO).rotateAfter(Duration.ofHours(1))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@bookTicker"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri())), null);
        await(() -> Journal.read(dir).events(SessionEvent.Overlap.class).stream().anyMatch(o -> o.reason().equals("serverShutdown")),
            "a replacement for a server shutdown");
        recorder.stop("done");
    }

    @Test
    void dropsAreReconnectedAndGapsAreJournaledWithANewSnapshot() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200));
        simulator.faults().dropAfterFrames(300).gapEvery(50);
        recorder = Recorder.start(spotAndFutures(), null);
        await(() -> recorder.reconnects() >= 3 && Journal.read(dir).events(SessionEvent.GapDetected.class).size() >= 4,
            "three reconnects and four gaps");
        simulator.faults().clear();
        drainAndStop();
        final Journal j = Journal.read(dir);
        final List<SessionEvent.ConnectionClosed> closes = j.events(SessionEvent.ConnectionClosed.class);
        assertTrue(closes.stream().filter(c -> c.code() == 1006).count() >= 3, "drops are journaled: " + closes);
        assertTrue(j.events(SessionEvent.ConnectionOpened.class).size() >= 5);
        final List<SessionEvent.GapDetected> gaps = j.events(SessionEvent.GapDetected.class);
        for (final SessionEvent.GapDetected g : gaps)
        {
            assertTrue(g.nextId() > g.lastId() + 1, "ids on both sides: " + g);
            assertTrue(g.stream().equals("btcusdt@depth@100ms"), g.stream());
        }
        assertTrue(j.events(SessionEvent.SnapshotTaken.class).size() > gaps.size() / 2,
            "gaps ask for new snapshots (requests for one stream are merged while one waits)");
    }

    @Test
    void pingsAreAnsweredSoTheServerKeepsTheConnections() throws Exception
    {
        // The simulator pings every 200 ms and closes a connection whose pong is 500 ms late.
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(50)
            .pingInterval(Duration.ofMillis(200)).pongTimeout(Duration.ofMillis(500)));
        recorder = Recorder.start(spotAndFutures(), null);
        final long start = System.nanoTime();
        await(() -> System.nanoTime() - start > Duration.ofSeconds(3).toNanos() && recorder.frames() > 100, "3 s of frames");
        recorder.stop("done");
        final Journal j = Journal.read(dir);
        assertEquals(0, recorder.reconnects());
        assertTrue(j.events(SessionEvent.ConnectionClosed.class).stream().noneMatch(SessionEvent.ConnectionClosed::remote),
            "no connection was closed by the server: " + j.events(SessionEvent.ConnectionClosed.class));
    }

    @Test
    void aSnapshotOlderThanItsFirstEventIsFetchedAgain() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        simulator.faults().staleSnapshots(2);
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms"), simulator.baseUri(Market.SPOT),
                simulator.restBaseUri())), null);
        await(() -> Journal.read(dir).events(SessionEvent.SnapshotTaken.class).size() >= 3, "two stale snapshots and a good one");
        recorder.stop("done");
        final Journal j = Journal.read(dir);
        final List<SessionEvent.SnapshotTaken> snapshots = j.events(SessionEvent.SnapshotTaken.class);
        final long firstU = j.frames(FrameKind.TEXT).stream().map(SessionsTest::dataOf).filter(d -> d.has("U"))
            .findFirst().orElseThrow().get("U").asLong();
        assertTrue(snapshots.get(0).lastUpdateId() + 1 < firstU, "the first was stale: " + snapshots.get(0) + ", first U " + firstU);
        assertTrue(snapshots.get(1).lastUpdateId() + 1 < firstU, "so was the second");
        assertTrue(snapshots.get(2).lastUpdateId() + 1 >= firstU, "the third can start the book: " + snapshots.get(2));
        assertEquals(3, snapshots.size(), "no fetch after a usable snapshot");
    }

    private static com.fasterxml.jackson.databind.JsonNode dataOf(final Journal.Frame f)
    {
        try
        {
            return JSON.readTree(f.payload()).path("data");
        }
        catch (final java.io.IOException e)
        {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformedFramesAreJournaledAsReceivedAndRecordingGoesOn() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200));
        simulator.faults().malformedEvery(10);
        recorder = Recorder.start(spotAndFutures(), null);
        await(() -> recorder.frames() > 1_000, "1,000 frames");
        drainAndStop();
        final Journal j = Journal.read(dir);
        final long cut = j.frames(FrameKind.TEXT).stream().filter(f -> !f.text().endsWith("}")).count();
        assertTrue(cut >= 50, "cut frames kept byte for byte: " + cut);
        assertEquals(simulator.framesSent(), j.frames.size() - j.frames(FrameKind.REST).size());
    }

    @Test
    void aStalledConnectionIsReplacedByTheWatchdog() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        recorder = Recorder.start(spotAndFutures().silenceTimeout(Duration.ofSeconds(1)), null);
        await(() -> recorder.frames() > 100, "frames");
        simulator.faults().stall(Duration.ofSeconds(3));
        await(() -> recorder.reconnects() >= 2, "the watchdog to reconnect both connections");
        final long before = recorder.frames();
        await(() -> recorder.frames() > before + 100, "frames after the stall");
        recorder.stop("done");
        final Journal j = Journal.read(dir);
        assertTrue(j.events(SessionEvent.ConnectionClosed.class).stream().anyMatch(c -> c.reason().startsWith("no frame or ping for")),
            j.events(SessionEvent.ConnectionClosed.class).toString());
    }

    @Test
    void refusedConnectionsWaitForRetryAfter() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        simulator.faults().refuseConnections(Duration.ofSeconds(2), 429);
        final long start = System.nanoTime();
        recorder = Recorder.start(spotAndFutures(), null);
        await(() -> recorder.frames() > 100, "frames once connections are accepted again");
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(1500).toNanos(), "it waited for Retry-After");
        recorder.stop("done");
        final Journal j = Journal.read(dir);
        assertTrue(j.events(SessionEvent.ConnectionClosed.class).stream()
                .anyMatch(c -> c.reason().startsWith("connection attempt failed: HTTP 429, Retry-After")),
            j.events(SessionEvent.ConnectionClosed.class).toString());
    }

    @Test
    void theApiKeyIsInNoByteOfTheJournalAndNoLine() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200));
        final StringBuffer status = new StringBuffer();
        recorder = Recorder.start(config(dir).statusInterval(Duration.ofMillis(200)), line -> status.append(line).append('\n'));
        await(() -> recorder.frames() > 500 && status.length() > 0, "frames and a status line");
        recorder.stop("done");
        assertTrue(Journal.read(dir).frames(FrameKind.BINARY).size() > 0, "SBE was recorded with the key");
        final byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path f : files.filter(Files::isRegularFile).toList())
            {
                final byte[] bytes = Files.readAllBytes(f);
                assertFalse(indexOf(bytes, key) >= 0, "the API key is in " + f);
            }
        }
        final String out = status.toString();
        assertTrue(out.startsWith("ticktape: "), out);
        assertFalse(out.contains(KEY));
        assertFalse(config(dir).describe().contains(KEY));
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int k = 0; k < needle.length; k++)
            {
                if (haystack[i + k] != needle[k])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void anUnreachableEndpointFailsWithAnIoError() throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade"), URI.create("ws://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + port))), null);
        assertTrue(recorder.awaitStopped(Duration.ofSeconds(30)));
        assertNotNull(recorder.failure());
        assertEquals(ErrorCode.IO, recorder.failure().code());
        assertTrue(recorder.failure().getMessage().startsWith("cannot connect to ws://127.0.0.1:" + port), recorder.failure().getMessage());
        final Journal j = Journal.read(dir);
        assertTrue(j.records.get(j.records.size() - 1) instanceof SessionEvent.RecordingStopped, "a readable journal with its stop event");
    }

    @Test
    void aNearlyFullDiskStopsRecordingCleanly() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final long free = Files.getFileStore(Files.createDirectories(dir)).getUsableSpace();
        // Keeping more free than the disk has stands in for a disk that fills up.
        final dev.ticktape.core.TicktapeException e = assertThrows(dev.ticktape.core.TicktapeException.class,
            () -> Recorder.start(spotAndFutures().minFreeBytes(free + (1L << 40)), null));
        assertEquals(ErrorCode.IO, e.code());
        assertTrue(e.getMessage().startsWith("disk nearly full"), e.getMessage());
    }

    @Test
    void unknownStreamsAndMissingKeysAreUsageErrors()
    {
        final dev.ticktape.core.TicktapeException unknown = assertThrows(dev.ticktape.core.TicktapeException.class,
            () -> new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trades"), null, null));
        assertEquals(ErrorCode.USAGE, unknown.code());
        assertEquals("unknown spot stream 'btcusdt@trades'", unknown.getMessage());
        assertThrows(dev.ticktape.core.TicktapeException.class,
            () -> new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@trade"), null, null), "futures has no @trade");
        final dev.ticktape.core.TicktapeException noKey = assertThrows(dev.ticktape.core.TicktapeException.class,
            () -> Recorder.start(new RecorderConfig().journal(dir)
                .add(new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of("btcusdt@trade"), null, null)), null));
        assertEquals(ErrorCode.USAGE, noKey.code());
        assertTrue(noKey.getMessage().contains("API key"));
    }
}
