package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ticktape replay} over a real recording with overlapping replacement connections. */
@Timeout(120)
class ReplayCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path journal;

    @BeforeAll
    static void record() throws Exception
    {
        journal = dir.resolve("journal");
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(200)
            .maxLifetime(Duration.ofSeconds(2))))
        {
            final Recorder recorder = Recorder.start(new RecorderConfig().journal(journal).statusInterval(Duration.ZERO)
                .rotateAfter(Duration.ofMillis(800)).overlap(Duration.ofMillis(300))
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@depth@100ms"),
                    simulator.baseUri(Market.SPOT), simulator.restBaseUri())), null);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (overlaps() < 3)
            {
                assertTrue(System.nanoTime() < deadline, "three overlaps");
                LockSupport.parkNanos(50_000_000);
            }
            recorder.stop("test");
        }
    }

    private static long overlaps()
    {
        final TicktapeCliTest.Run r = TicktapeCliTest.run("inspect", "--journal", journal.toString(), "--json");
        try
        {
            final JsonNode events = JSON.readTree(r.out()).get("events");
            return events.has("overlap") ? events.get("overlap").asLong() : 0;
        }
        catch (final Exception e)
        {
            return 0;
        }
    }

    @Test
    void withoutDeduplicationReplayPrintsWhatCatPrints()
    {
        final TicktapeCliTest.Run cat = TicktapeCliTest.run("cat", "--journal", journal.toString(), "--events");
        final TicktapeCliTest.Run replay = TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "max", "--events",
            "--no-dedup");
        assertEquals(0, replay.code(), replay.err());
        assertEquals(cat.out(), replay.out());
        assertTrue(cat.out().lines().count() > 300);
    }

    @Test
    void statsAsJsonCountFramesEventsAndTheOverlapsDuplicates() throws Exception
    {
        final TicktapeCliTest.Run inspect = TicktapeCliTest.run("inspect", "--journal", journal.toString(), "--json");
        final JsonNode journalStats = JSON.readTree(inspect.out());
        final TicktapeCliTest.Run r = TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "max", "--stats", "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode s = JSON.readTree(r.out());
        for (final String key : List.of("frames", "events", "wall_ns", "lateness_p50_ns", "lateness_p99_ns", "lateness_max_ns"))
        {
            assertTrue(s.has(key), key + " in " + r.out());
        }
        assertTrue(s.get("duplicates").asLong() > 0, "the overlaps' copies were found: " + r.out());
        assertEquals(journalStats.get("frames").asLong(), s.get("frames").asLong() + s.get("duplicates").asLong(),
            "every journaled frame is delivered or dropped as a copy");
        assertEquals(sum(journalStats.get("events")), s.get("events").asLong(), "every session event is delivered");

        final TicktapeCliTest.Run trades = TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "max",
            "--stream", "btcusdt@trade", "--decode");
        final List<Long> ids = trades.out().lines().map(l -> readId(l)).toList();
        assertEquals(ids.stream().distinct().count(), ids.size(), "each trade once");
        for (int i = 1; i < ids.size(); i++)
        {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), "trade ids contiguous across the rotations");
        }
    }

    private static long sum(final JsonNode events)
    {
        long n = 0;
        for (final JsonNode count : events)
        {
            n += count.asLong();
        }
        return n;
    }

    private static long readId(final String line)
    {
        try
        {
            return JSON.readTree(line).get("tradeId").asLong();
        }
        catch (final Exception e)
        {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void pacedReplayReportsLatenessAndBadArgumentsAreUsageErrors() throws Exception
    {
        final TicktapeCliTest.Run first = TicktapeCliTest.run("cat", "--journal", journal.toString(), "--limit", "1");
        final long start = JSON.readTree(first.out()).get("recv_ns").asLong();
        final TicktapeCliTest.Run r = TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "10",
            "--from", Long.toString(start), "--to", Long.toString(start + 1_000_000_000L), "--stats", "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode s = JSON.readTree(r.out());
        assertTrue(s.get("paced").asBoolean());
        assertTrue(s.get("wall_ns").asLong() >= 90_000_000L, "one second of recording at ×10 takes about 100 ms: " + r.out());
        assertTrue(s.get("lateness_max_ns").asLong() >= s.get("lateness_p99_ns").asLong());

        final TicktapeCliTest.Run lowCpu = TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "10",
            "--from", Long.toString(start), "--to", Long.toString(start + 1_000_000_000L), "--stats", "--json", "--low-cpu");
        assertEquals(0, lowCpu.code(), lowCpu.err());
        final JsonNode l = JSON.readTree(lowCpu.out());
        assertEquals(s.get("frames").asLong(), l.get("frames").asLong(), "the same frames, only waited for differently");
        assertTrue(l.get("wall_ns").asLong() >= 90_000_000L, lowCpu.out());

        assertEquals(2, TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "0").code());
        assertEquals(2, TicktapeCliTest.run("replay", "--journal", journal.toString(), "--speed", "fast").code());
        assertEquals(2, TicktapeCliTest.run("replay", "--journal", journal.toString(), "--json").code());
        final TicktapeCliTest.Run missing = TicktapeCliTest.run("replay", "--journal", dir.resolve("none").toString());
        assertEquals(4, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }
}
