package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static dev.ticktape.tools.TicktapeCliTest.run;
import static org.junit.jupiter.api.Assertions.*;

/** Every command on a journal cut short or filled with noise: one line, exit 3, never a fault or a phantom record. */
@Timeout(120)
class DamagedJournalCliTest
{
    private static final long T0 = 1_704_067_200_000_000_000L;
    private static final int FRAMES = 500;

    @TempDir
    Path dir;
    Path journal;
    Path file;

    @BeforeEach
    void write() throws Exception
    {
        journal = dir.resolve("journal");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                final byte[] p = ("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":" + i
                    + ",\"p\":\"1.00\",\"q\":\"2\",\"T\":1,\"m\":true,\"M\":true}}").getBytes(StandardCharsets.US_ASCII);
                w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, T0 + i * 1_000_000L, i, null, p, 0, p.length);
            }
        }
        try (Stream<Path> files = Files.list(journal))
        {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    private long dataEnd()
    {
        final TicktapeCliTest.Run v = run("verify", "--journal", journal.toString(), "--json");
        assertEquals(0, v.code(), v.err());
        final int at = v.out().indexOf("\"valid_bytes\":") + "\"valid_bytes\":".length();
        return Long.parseLong(v.out().substring(at, v.out().indexOf(',', at)));
    }

    private void cut(final long at) throws Exception
    {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.setLength(at);
        }
    }

    @Test
    void aJournalCutMidDataIsADataErrorForEveryCommandAndVerifyRepairsIt() throws Exception
    {
        final long end = dataEnd();
        cut(end - 37);
        final TicktapeCliTest.Run verify = run("verify", "--journal", journal.toString());
        assertEquals(3, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("DAMAGED"), verify.out());
        assertEquals(1, verify.err().lines().count(), verify.err());
        for (final String[] args : List.of(new String[] { "inspect" }, new String[] { "cat" }, new String[] { "replay", "--speed", "max" },
            new String[] { "cat", "--decode" }))
        {
            final String[] all = Stream.concat(Stream.of(args), Stream.of("--journal", journal.toString())).toArray(String[]::new);
            final TicktapeCliTest.Run r = run(all);
            assertEquals(3, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("ticktape:")).count(), r.err());
            assertTrue(r.err().contains("cut short"), r.err());
            assertFalse(r.out().contains("\\u0000"), "no phantom record named by NUL bytes");
        }
        final TicktapeCliTest.Run cat = run("cat", "--journal", journal.toString());
        assertEquals(FRAMES - 1, cat.lines().size(), "cat prints every whole frame before the cut");
        final TicktapeCliTest.Run export = run("export", "--journal", journal.toString(), "--out", dir.resolve("out").toString(),
            "--no-progress");
        assertEquals(3, export.code(), export.err());
        assertFalse(export.err().contains("InternalError"), export.err());

        final TicktapeCliTest.Run append = run("import", "--journal", journal.toString(), "--market", "spot",
            Files.writeString(dir.resolve("capture.txt"), "1704067300000000000 {\"stream\":\"btcusdt@trade\",\"data\":{}}\n").toString());
        assertEquals(3, append.code(), "a writer refuses a damaged journal: " + append.err());
        assertTrue(append.err().contains("--repair"), append.err());

        final TicktapeCliTest.Run repair = run("verify", "--journal", journal.toString(), "--repair");
        assertEquals(0, repair.code(), repair.err());
        assertTrue(Files.exists(file.resolveSibling(file.getFileName() + ".damaged")));
        assertEquals(0, run("verify", "--journal", journal.toString()).code());
        final TicktapeCliTest.Run after = run("cat", "--journal", journal.toString());
        assertEquals(0, after.code(), after.err());
        assertEquals(FRAMES - 1, after.lines().size());
    }

    @Test
    void aCycleFileOfNoiseBesideRealMetadataIsADataError() throws Exception
    {
        final byte[] noise = new byte[1 << 20];
        new SplittableRandom(3).nextBytes(noise);
        Files.write(file, noise);
        for (final String command : List.of("inspect", "cat", "verify"))
        {
            final TicktapeCliTest.Run r = run(command, "--journal", journal.toString());
            assertEquals(3, r.code(), command + ": " + r.err());
            assertEquals(1, r.err().lines().count(), command + ": " + r.err());
        }
    }
}
