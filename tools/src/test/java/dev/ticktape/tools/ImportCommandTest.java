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

    @Test
    void anEmptyCaptureIsADataError() throws Exception
    {
        final Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        final TicktapeCliTest.Run r = TicktapeCliTest.run("import", "--journal", dir.resolve("j").toString(), "--market", "spot",
            empty.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().strip().endsWith("ticktape: the captures hold no line to import"), r.err());
    }

    @Test
    void aGzipCutShortImportsItsReadablePartAndSaysSo() throws Exception
    {
        final java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        final int lines = 5000;
        try (OutputStream out = new GZIPOutputStream(whole))
        {
            for (int i = 0; i < lines; i++)
            {
                out.write(("17040672" + String.format("%05d", i) + "000000 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"t\":" + i
                    + ",\"noise\":\"" + Integer.toHexString(i * 7919) + "\"}}\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        final byte[] bytes = whole.toByteArray();
        final Path cut = dir.resolve("cut.txt.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        final Path journal = dir.resolve("j");
        final TicktapeCliTest.Run r = TicktapeCliTest.run("import", "--journal", journal.toString(), "--market", "spot", cut.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("the gzip stream is cut short after line"), r.err());
        final TicktapeCliTest.Run cat = TicktapeCliTest.run("cat", "--journal", journal.toString());
        assertEquals(0, cat.code(), cat.err());
        final int imported = cat.lines().size();
        assertTrue(imported > lines / 3 && imported < lines, "the readable part is imported: " + imported);
        for (int i = 0; i < imported; i++)
        {
            assertTrue(cat.lines().get(i).contains("\\\"t\\\":" + i + ","), "line " + i + " in order: " + cat.lines().get(i));
        }
    }
}
