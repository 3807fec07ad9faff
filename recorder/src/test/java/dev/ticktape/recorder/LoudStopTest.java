package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Faults the recorder cannot ride out stop it loudly: a failure, a one-line reason, nothing recorded after. */
class LoudStopTest extends RecorderSupport
{
    private static final long HOUR = 3_600_000_000_000L;

    @Test
    void aRollThatCannotCreateTheNextHourlyFileStopsTheRecorder() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final long now = System.currentTimeMillis() * 1_000_000L;
        final long nextHour = (now / HOUR + 1) * HOUR;
        final long offset = nextHour - now - 3_000_000_000L; // the hour ends three seconds into the recording
        final EpochNanoClock system = new SystemEpochNanoClock();
        final EpochNanoClock clock = () -> system.nanoTime() + offset;
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO).clock(clock)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "btcusdt@trade"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri())), null);
        await(() -> recorder.frames() > 10, "frames before the roll");
        // Where the next hour's file must go, a directory: Chronicle cannot create the file, as on a full inode table.
        final String next = DateTimeFormatter.ofPattern(dev.ticktape.core.journal.JournalFormat.DEFAULT_ROLL_CYCLE.format()).withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochSecond(nextHour / 1_000_000_000L)) + ".cq4";
        Files.createDirectories(dir.resolve(next));
        assertTrue(recorder.awaitStopped(Duration.ofSeconds(30)), "the recorder stops on its own");
        assertNotNull(recorder.failure(), "the stop is a failure");
        assertEquals(ErrorCode.IO, recorder.failure().code());
        assertTrue(recorder.failure().getMessage().contains(next), recorder.failure().getMessage());
        assertFalse(recorder.failure().getMessage().contains("\n"), "one line");
        Files.delete(dir.resolve(next));
        final Journal j = Journal.read(dir);
        assertTrue(j.frames.size() > 10);
        assertTrue(j.frames.stream().allMatch(f -> f.epochNanos() < nextHour), "nothing journaled past the failed roll");
    }

    @Test
    void aDiskWithoutRoomForTheNextHourlyFileStopsTheRecorderBeforeTheRoll() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final long now = System.currentTimeMillis() * 1_000_000L;
        final long nextHour = (now / HOUR + 1) * HOUR;
        final long offset = nextHour - now - 12_000_000_000L; // the hour ends 12 s in: the check comes 2 s in
        final EpochNanoClock system = new SystemEpochNanoClock();
        final long free = Files.getFileStore(dir).getUsableSpace();
        // room for what is kept free now, but not for that and the next file's first chunk (80 MiB)
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO).clock(() -> system.nanoTime() + offset)
            .minFreeBytes(free - (40L << 20))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade"), simulator.baseUri(Market.SPOT),
                simulator.restBaseUri())), null);
        assertTrue(recorder.awaitStopped(Duration.ofSeconds(30)), "the recorder stops on its own");
        assertEquals(ErrorCode.IO, recorder.failure().code());
        assertTrue(recorder.failure().getMessage().startsWith("not enough space for the next hourly file"), recorder.failure().getMessage());
        final Journal j = Journal.read(dir);
        assertTrue(j.frames.stream().allMatch(f -> f.epochNanos() < nextHour), "nothing after the hour it could not roll into");
        final List<SessionEvent.RecordingStopped> stops = j.events(SessionEvent.RecordingStopped.class);
        assertEquals(1, stops.size(), "the stop is journaled, in the hour that still had room");
        assertTrue(stops.get(0).reason().contains("not enough space"), stops.get(0).reason());
    }

    @Test
    void aRefusedKeyBeforeAnyConnectionIsFatalAndSaysSo() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).apiKey("the-right-key"));
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO).apiKey("a-wrong-key-1234")
            .add(new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of("btcusdt@trade"), simulator.baseUri(Market.SPOT_SBE),
                simulator.restBaseUri())), lines::add);
        assertTrue(recorder.awaitStopped(Duration.ofSeconds(30)), "the recorder stops on its own");
        final String message = recorder.failure().getMessage();
        assertEquals(ErrorCode.IO, recorder.failure().code());
        assertTrue(message.contains("HTTP 401") && message.contains("API key"), message);
        assertFalse(message.contains("a-wrong-key-1234"), "the key is never echoed");
        final Journal j = Journal.read(dir);
        assertEquals(0, j.frames.stream().filter(f -> f.kind() != dev.ticktape.core.journal.FrameKind.REST).count(),
            "no market data (the exchange information fetched at start may be there)");
        assertTrue(j.events(SessionEvent.RecordingStopped.class).get(0).reason().contains("HTTP 401"));
    }

    @Test
    void aWrongPathBeforeAnyConnectionIsFatalAndSaysSo()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")));
        final URI wrong = URI.create(simulator.baseUri(Market.SPOT) + "/v9");
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade"), wrong, simulator.restBaseUri())), null);
        assertTrue(recorder.awaitStopped(Duration.ofSeconds(30)), "the recorder stops on its own");
        final String message = recorder.failure().getMessage();
        assertTrue(message.contains("HTTP 404") && message.contains("path"), message);
    }

    @Test
    void refusalsAfterAConnectionAreRetriedEachWithALine() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade"), simulator.baseUri(Market.SPOT),
                simulator.restBaseUri())), lines::add);
        await(() -> recorder.frames() > 5, "frames");
        simulator.faults().refuseConnections(Duration.ofSeconds(2), 429);
        simulator.faults().dropAfterFrames(1);
        await(() -> lines.stream().anyMatch(l -> l.contains("HTTP 429")), "a warning line for the refusal");
        assertTrue(recorder.metrics().upgradeRefusals.get(429).get() >= 1, "counted by status");
        simulator.faults().clear();
        final long before = recorder.frames();
        await(() -> recorder.frames() > before + 5, "frames again after the refusals");
        assertNull(recorder.failure());
        assertTrue(recorder.reconnects() >= 1);
    }

    @Test
    void metricsSayTheRecorderIsUpAndWhenItLastAppended() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        recorder = Recorder.start(new RecorderConfig().journal(dir).statusInterval(Duration.ZERO).metricsPort(0)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade"), simulator.baseUri(Market.SPOT),
                simulator.restBaseUri())), null);
        await(() -> recorder.frames() > 10, "frames");
        final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        final String metrics = http.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + recorder.metricsPort() + "/metrics")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("ticktape_up 1.0"), metrics);
        final double age = metrics.lines().filter(l -> l.startsWith("ticktape_last_append_age_seconds "))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
        assertTrue(age >= 0 && age < 30, "seconds since the last append: " + age);
    }

    @Test
    void aMetricsPortOutOfRangeIsAUsageError()
    {
        final dev.ticktape.core.TicktapeException e = assertThrows(dev.ticktape.core.TicktapeException.class,
            () -> new RecorderConfig().metricsPort(99999));
        assertEquals(ErrorCode.USAGE, e.code());
    }
}
