package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Journals cut short at many offsets and with bytes flipped: verify finds the valid prefix and the
 * first bad byte, every reader delivers exactly a prefix of what was written and then stops with a
 * data error (never a phantom record, never a fault of the memory map), and repair keeps the prefix.
 */
@Timeout(120)
class JournalDamageTest
{
    private static final long HOUR = 3_600_000_000_000L;
    private static final long T0 = 1_704_067_200_000_000_000L;
    private static final int PER_HOUR = 2000;

    @TempDir
    Path dir;
    Path original;
    final List<String> written = new ArrayList<>();
    /** The second hour's file, and where its data ends. */
    Path secondFile;
    long secondDataEnd;

    @BeforeEach
    void write() throws IOException
    {
        original = dir.resolve("original");
        try (JournalWriter w = JournalWriter.open(original))
        {
            for (int hour = 0; hour < 2; hour++)
            {
                for (int i = 0; i < PER_HOUR; i++)
                {
                    final String payload = "{\"stream\":\"btcusdt@trade\",\"data\":{\"h\":" + hour + ",\"i\":" + i + ",\"pad\":\""
                        + "x".repeat(i % 97) + "\"}}";
                    final byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
                    w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, T0 + hour * HOUR + i * 1_000_000L, i, null, bytes, 0, bytes.length);
                    written.add(payload);
                }
            }
        }
        final List<Path> files = JournalVerifier.cycleFiles(original);
        assertEquals(2, files.size());
        secondFile = files.get(1);
        final JournalVerifier.Report report = JournalVerifier.verify(original);
        assertFalse(report.damaged(), report.toString());
        assertEquals(2 * PER_HOUR, report.records());
        secondDataEnd = report.files().get(1).validBytes();
    }

    /** A copy of the journal whose second file keeps only its first {@code cut} bytes (or is changed by {@code edit}). */
    private Path copy(final String name, final long cut, final java.util.function.Consumer<ByteBuffer> edit) throws IOException
    {
        final Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(original))
        {
            for (final Path f : files.toList())
            {
                if (!f.getFileName().toString().endsWith(".cq4"))
                {
                    Files.copy(f, to.resolve(f.getFileName()));
                    continue;
                }
                // copy the data, then extend sparsely to the original size: a cycle file is mostly a preallocated hole
                final long size = Files.size(f);
                final long keep = f.equals(secondFile) && cut >= 0 ? cut : Math.min(size, secondDataEnd + (8 << 20));
                final ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, keep));
                try (FileChannel in = FileChannel.open(f, StandardOpenOption.READ))
                {
                    in.read(b, 0);
                }
                b.flip();
                if (edit != null && f.equals(secondFile))
                {
                    edit.accept(b);
                }
                try (RandomAccessFile out = new RandomAccessFile(to.resolve(f.getFileName()).toFile(), "rw"))
                {
                    out.getChannel().write(b, 0);
                    out.setLength(f.equals(secondFile) && cut >= 0 ? cut : size);
                }
            }
        }
        return to;
    }

    /** Reads a journal with a reader: the payloads it delivered, and the error it stopped with (or null). */
    private static Object[] readAll(final Path journal)
    {
        final List<String> got = new ArrayList<>();
        try (JournalReader r = JournalReader.open(journal))
        {
            while (r.read(f -> got.add(f.payloadAsString()), (i, t, e) -> { }))
            {
                // all
            }
            return new Object[] { got, null };
        }
        catch (final TicktapeException e)
        {
            return new Object[] { got, e };
        }
    }

    @Test
    void aFileCutAtAnyOffsetIsFoundAndNoReaderPassesItOff() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(42);
        final List<Long> cuts = new ArrayList<>(List.of(4L, 100L, 300L, 40_000L, 65_000L, secondDataEnd - 4));
        for (int i = 0; i < 40; i++)
        {
            cuts.add(70_000L + random.nextLong(secondDataEnd - 70_000L));
        }
        for (final long cut : cuts)
        {
            final Path damaged = copy("cut-" + cut, cut, null);
            final JournalVerifier.Report report = JournalVerifier.verify(damaged);
            final JournalVerifier.FileReport second = report.files().get(1);
            assertTrue(second.damaged(), "cut at " + cut + ": " + second);
            assertFalse(report.files().get(0).damaged());
            assertTrue(second.firstBadByte() <= cut && second.validBytes() <= cut, "cut at " + cut + ": " + second);
            assertEquals(ErrorCode.DATA, verifyCode(damaged));

            final Object[] read = readAll(damaged);
            @SuppressWarnings("unchecked") final List<String> got = (List<String>) read[0];
            assertEquals(written.subList(0, got.size()), got, "cut at " + cut + ": a prefix, no phantom record");
            assertNotNull(read[1], "cut at " + cut + ": the reader says the journal is damaged (read " + got.size() + ")");
            assertEquals(ErrorCode.DATA, ((TicktapeException) read[1]).code(), ((Exception) read[1]).getMessage());
            assertTrue(got.size() >= PER_HOUR, "cut at " + cut + ": the whole first hour is read");
            if (second.records() > 0)
            {
                assertEquals(PER_HOUR + second.records(), got.size(), "cut at " + cut + ": the reader reads the valid prefix");
            }

            final JournalVerifier.Report before = JournalVerifier.repair(damaged);
            assertTrue(before.damaged());
            assertFalse(JournalVerifier.verify(damaged).damaged(), "cut at " + cut + ": repaired");
            assertTrue(Files.exists(damaged.resolve(secondFile.getFileName() + ".damaged")), "the damaged file is kept aside");
            final Object[] again = readAll(damaged);
            assertNull(again[1], "cut at " + cut + ": " + again[1]);
            assertEquals(written.subList(0, PER_HOUR + (int) second.records()), again[0], "cut at " + cut + ": the valid prefix is kept");
        }
    }

    @Test
    void aCopyCutRightAfterItsLastRecordLosesNothingAndReadsWhole() throws IOException
    {
        final Path copy = copy("cut-at-end", secondDataEnd, null);
        assertFalse(JournalVerifier.verify(copy).damaged());
        final Object[] read = readAll(copy);
        assertNull(read[1]);
        assertEquals(written, read[0]);
    }

    private static ErrorCode verifyCode(final Path journal)
    {
        return JournalVerifier.verify(journal).damaged() ? ErrorCode.DATA : null;
    }

    @Test
    void flippedBytesNeverCrashAReaderOrTheCheck() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 40; i++)
        {
            final long at = 65_800L + random.nextLong(secondDataEnd - 65_800L);
            final int bit = random.nextInt(8);
            final Path damaged = copy("flip-" + i, -1, b -> b.put((int) at, (byte) (b.get((int) at) ^ (1 << bit))));
            final JournalVerifier.Report report = JournalVerifier.verify(damaged);
            final Object[] read = readAll(damaged);
            @SuppressWarnings("unchecked") final List<String> got = (List<String>) read[0];
            assertTrue(got.size() >= PER_HOUR, "flip at " + at + ": the first hour is whole");
            if (read[1] != null)
            {
                assertEquals(ErrorCode.DATA, ((TicktapeException) read[1]).code(), ((Exception) read[1]).getMessage());
            }
            if (report.damaged())
            {
                assertTrue(report.files().get(1).firstBadByte() <= at + 4, "flip at " + at + ": " + report);
            }
        }
    }

    @Test
    void aWholeJournalVerifiesWithEveryRecordCounted()
    {
        final JournalVerifier.Report report = JournalVerifier.verify(original);
        assertEquals(2, report.files().size());
        assertEquals(List.of((long) PER_HOUR, (long) PER_HOUR), report.files().stream().map(JournalVerifier.FileReport::records).toList());
        assertTrue(Arrays.stream(new Object[] { report }).allMatch(r -> !((JournalVerifier.Report) r).damaged()));
    }
}
