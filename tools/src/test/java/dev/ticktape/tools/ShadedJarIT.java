package dev.ticktape.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFixtures;
import dev.ticktape.core.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the packaged {@code ticktape.jar} the way the launcher does, in its own JVM: the shading,
 * the manifest, the logging setup and the exit codes as a user sees them.
 */
class ShadedJarIT
{
    @TempDir
    Path dir;

    record Result(int code, String out, String err)
    {
    }

    private Result ticktape(final String... args) throws Exception
    {
        return ticktape(true, args);
    }

    private Result ticktape(final boolean flags, final String... args) throws Exception
    {
        final Path jar = Path.of("target", "ticktape.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar was built: " + jar);
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (flags)
        {
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")
                    || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc-unsafe-memory-access"))
                .toList());
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        final int code = p.waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    @Test
    @Timeout(120)
    void packagedCliInspectsAndCatsAJournalAndReportsErrorsInOneLine() throws Exception
    {
        final Path journal = dir.resolve("journal");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < 10; i++)
            {
                final byte[] p = ("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":" + i + "}}").getBytes(StandardCharsets.UTF_8);
                w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, JournalFixtures.T0 + i, i, null, p, 0, p.length);
            }
        }

        final Result inspect = ticktape("inspect", "--journal", journal.toString(), "--json");
        assertEquals(0, inspect.code(), inspect.err());
        final JsonNode json = new ObjectMapper().readTree(inspect.out());
        assertEquals(10, json.get("frames").asLong());
        assertEquals(10, json.get("streams").get("btcusdt@bookTicker").asLong());
        assertEquals("", inspect.err(), "nothing on stderr when all is well");

        final Result plain = ticktape(false, "inspect", "--journal", journal.toString(), "--json");
        assertEquals(0, plain.code(), "the jar's manifest opens what Chronicle needs: " + plain.err());
        assertEquals(inspect.out(), plain.out());

        final Result cat = ticktape("cat", "--journal", journal.toString(), "--limit", "2");
        assertEquals(0, cat.code(), cat.err());
        assertEquals(2, cat.out().lines().count());

        // Parquet from the packaged jar, which holds no Hadoop class: the exporter must not need one
        final Path parquet = dir.resolve("parquet");
        final Result export = ticktape("export", "--journal", journal.toString(), "--out", parquet.toString(), "--json");
        assertEquals(0, export.code(), export.err());
        final JsonNode exported = new ObjectMapper().readTree(export.out());
        assertEquals(10, exported.get("tables").get("raw").get("rows").asLong());
        assertEquals(10, exported.get("decode_errors").asLong(), "the frames lack a book ticker's prices: kept in raw only");
        assertEquals("", export.err(), "no progress bar and no warnings off a terminal");
        try (java.util.jar.JarFile contents = new java.util.jar.JarFile(Path.of("target", "ticktape.jar").toFile()))
        {
            assertTrue(contents.stream().noneMatch(e -> e.getName().startsWith("org/apache/hadoop/")), "no Hadoop in the jar");
        }

        final Result version = ticktape("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("ticktape "), version.out());

        final Result missing = ticktape("inspect", "--journal", dir.resolve("missing").toString());
        assertEquals(4, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());

        final Result usage = ticktape("cat", "--journal", journal.toString(), "--to", "tomorrow");
        assertEquals(2, usage.code());

        final Result simulate = ticktape("simulate", "--duration", "1s", "--rate", "max");
        assertEquals(0, simulate.code(), simulate.err());
        assertTrue(simulate.out().startsWith("spot ws://127.0.0.1:"), simulate.out());
        assertFalse(simulate.err().contains("Exception"), simulate.err());

        try (dev.ticktape.simulator.Simulator running = dev.ticktape.simulator.Simulator.start(
            new dev.ticktape.simulator.SimulatorConfig().ticksPerSecond(1)))
        {
            final int taken = running.baseUri(dev.ticktape.core.Market.SPOT).getPort();
            final Result busy = ticktape("simulate", "--duration", "1s", "--port", Integer.toString(taken));
            assertEquals(4, busy.code(), "a port in use is an I/O error");
            assertEquals(1, busy.err().lines().count(), "one line, no stack trace: " + busy.err());
        }
    }
}
