package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
}
