package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ticktape bench} at its smallest: every figure is there and measured. */
class BenchCommandTest
{
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyFigureIsMeasured(@TempDir final Path dir) throws Exception
    {
        final TicktapeCliTest.Run r = TicktapeCliTest.run("bench", "--record-seconds", "1", "--passes", "1", "--pace-seconds", "1",
            "--workdir", dir.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        final JsonNode figures = new ObjectMapper().readTree(r.out()).path("figures");
        final List<String> names = new ArrayList<>();
        for (final JsonNode f : figures)
        {
            names.add(f.path("name").asText());
            if (f.path("unit").asText().endsWith("/s") || f.path("unit").asText().equals("B"))
            {
                assertTrue(f.path("median").asDouble() > 0, f.toString());
            }
            assertTrue(f.path("min").asDouble() <= f.path("median").asDouble() && f.path("median").asDouble() <= f.path("max").asDouble(),
                f.toString());
        }
        assertEquals(11, names.size(), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("replay decoded")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("pacing x10: lateness p99")), names.toString());
        assertTrue(Files.isDirectory(dir.resolve("journal")), "the given work directory is kept");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void thePacingJournalIsTheRecordingRepeatedUntilItCoversTheSpan(@TempDir final Path dir)
    {
        final Path journal = dir.resolve("recorded");
        final long t0 = 1_700_000_000_000_000_000L;
        try (JournalWriter w = JournalWriter.open(journal))
        {
            final byte[] combined = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"}}".getBytes(StandardCharsets.US_ASCII);
            final byte[] raw = "{\"e\":\"bookTicker\"}".getBytes(StandardCharsets.US_ASCII);
            w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, t0, 5, null, combined, 0, combined.length);
            w.appendFrame(Market.USDM, 2, FrameKind.TEXT, t0 + 2_000_000_000L, 7, "ethusdt@bookTicker".getBytes(StandardCharsets.US_ASCII),
                raw, 0, raw.length);
        }
        // The recording spans 2 s; a copy every 2.001 s; 5 s takes three copies.
        assertEquals(3, Bench.repeated(journal, dir.resolve("paced"), 5_000_000_000L));
        final List<String> frames = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir.resolve("paced")))
        {
            while (r.read(f -> frames.add((f.recvEpochNanos() - t0) + " " + f.recvMonoNanos() + " " + f.market() + " "
                + f.connectionId() + " " + f.streamName() + " " + f.payloadAsString()), (i, t, e) -> { }))
            {
                // all of it
            }
        }
        final List<String> expected = new ArrayList<>();
        for (long copy = 0; copy < 3; copy++)
        {
            final long shift = copy * 2_001_000_000L;
            expected.add(shift + " " + (5 + shift) + " spot 1 btcusdt@trade {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"}}");
            expected.add((shift + 2_000_000_000L) + " " + (7 + shift) + " usdm 2 ethusdt@bookTicker {\"e\":\"bookTicker\"}");
        }
        assertEquals(expected, frames);
    }
}
