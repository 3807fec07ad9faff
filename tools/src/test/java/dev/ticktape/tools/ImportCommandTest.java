package dev.ticktape.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ticktape import}: output, skipped lines on stderr, exit codes. */
@Timeout(60)
class ImportCommandTest
{
    @TempDir
    Path dir;

    @Test
    void importsGzipAndPlainFilesAndReportsBadLines() throws Exception
    {
        final Path plain = Files.writeString(dir.resolve("a.txt"),
            "1704067200000000000 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"U\":1,\"u\":2}}\n"
                + "1704067200001000000: {\"lastUpdateId\":2,\"bids\":[],\"asks\":[]}\n"
                + "oops\n");
        final Path gz = dir.resolve("b.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz)))
        {
            out.write("1704067201.25 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"}}\n".getBytes(StandardCharsets.US_ASCII));
        }
        final Path journal = dir.resolve("j");
        final TicktapeCliTest.Run r = TicktapeCliTest.run("import", "--journal", journal.toString(), "--market", "spot",
            plain.toString(), gz.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("imported 3 frames (1 snapshots) from 2 files into " + journal + ", 1 lines skipped", r.out().strip());
        assertEquals("ticktape: " + plain + ":3: not '<receive time> <message>'; skipped", r.err().strip());
        final TicktapeCliTest.Run events = TicktapeCliTest.run("cat", "--journal", journal.toString(), "--events");
        assertTrue(events.out().contains("\"event\":\"snapshotTaken\"") && events.out().contains("\"lastUpdateId\":2"), events.out());
        assertTrue(events.out().contains("\"recv_time\":\"2024-01-01T00:00:01.250Z\""), events.out());
    }

    @Test
    void nothingImportableIsADataErrorAndBadArgumentsAreUsageErrors() throws Exception
    {
        final Path bad = Files.writeString(dir.resolve("bad.txt"), "not a capture\n");
        final TicktapeCliTest.Run r = TicktapeCliTest.run("import", "--journal", dir.resolve("j").toString(), "--market", "spot", bad.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().strip().endsWith("ticktape: no line could be imported"), r.err());
        final TicktapeCliTest.Run missing = TicktapeCliTest.run("import", "--journal", dir.resolve("j").toString(), "--market", "spot",
            dir.resolve("nope.txt").toString());
        assertEquals(4, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertEquals(2, TicktapeCliTest.run("import", "--journal", dir.resolve("j").toString(), "--market", "mars", bad.toString()).code());
        assertEquals(2, TicktapeCliTest.run("import", "--market", "spot", bad.toString()).code());
    }
}
