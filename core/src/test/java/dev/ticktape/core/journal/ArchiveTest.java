package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Archived hours give back every record of the journal, byte for byte and field for field, in the
 * same order and with the same indexes, whatever mix of archived and live hours a journal holds.
 */
class ArchiveTest
{
    private static final long HOUR_NS = 3_600_000_000_000L;
    private static final long HOUR_MS = 3_600_000L;
    /** A wall clock far past every hour written: everything is closed. */
    private static final long LATER = JournalFixtures.T0 / 1_000_000L + 1_000 * HOUR_MS;

    @TempDir
    Path dir;

    /** Writes five hours of every kind of record: sample frames of every stream, SBE, REST, events, odd text. */
    static List<String> writeJournal(final Path journal, final int hours) throws IOException
    {
        final List<byte[]> json = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/binance/samples/json")))
        {
            for (final Path f : files.filter(Files::isRegularFile).sorted().toList())
            {
                json.add(Files.readAllBytes(f));
            }
        }
        final List<byte[]> sbe = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/binance/sbe")))
        {
            for (final Path f : files.filter(p -> p.toString().endsWith(".hex")).sorted().toList())
            {
                sbe.add(HexFormat.of().parseHex(Files.readString(f).trim()));
            }
        }
        final String[] odd = {
            "not json at all", "{\"cut\":[[\"1.0\",\"2", "{\"n\":-0,\"m\":-0.0,\"z\":00012,\"e\":1e-5,\"big\":1234567890123456789012}",
            "{\"x\":\"\u00e9\u4e2d\",\"neg\":-17.25,\"q\":\"0.000\",\"k\":{\"12\":3}}", "[1,2,[3.5,-4]]", "{\"a\":1.}", "{}", "",
            "{\"s\":\"1000PEPEUSDT\",\"v\":\"-0.00010\",\"w\":999999999999999999,\"t\":true,\"f\":false,\"n\":null}",
        };
        final SplittableRandom r = new SplittableRandom(42);
        long t = JournalFixtures.T0 + 17;
        long mono = 5_000_000_000L;
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            writer.appendEvent(new SessionEvent.RecordingStarted("test", 1, "host", 1, "{}", 1, 0), t, mono);
            for (int h = 0; h < hours; h++)
            {
                writer.appendEvent(new SessionEvent.ConnectionOpened(h, Market.SPOT, "ws://127.0.0.1/stream"), t, mono);
                for (int i = 0; i < 3000; i++)
                {
                    final long step = r.nextInt(8) == 0 ? 0 : r.nextInt(1_000_000);
                    t += step;
                    mono += r.nextInt(16) == 0 ? step + r.nextInt(2000) - 1000 : step;
                    final int pick = r.nextInt(20);
                    if (pick < 12)
                    {
                        final byte[] sample = json.get(r.nextInt(json.size()));
                        final String stream = "sym" + r.nextInt(3) + "@depth";
                        final byte[] combined = ("{\"stream\":\"" + stream + "\",\"data\":" + new String(sample, StandardCharsets.UTF_8)
                            .replace("123456789", String.valueOf(t / 1_000_000)) + "}").getBytes(StandardCharsets.UTF_8);
                        writer.appendFrame(Market.USDM, h % 3, FrameKind.TEXT, t, mono, null, combined, 0, combined.length);
                    }
                    else if (pick < 15)
                    {
                        final byte[] sample = json.get(r.nextInt(json.size()));
                        writer.appendFrame(Market.SPOT, 7, FrameKind.TEXT, t, mono, "btcusdt@trade".getBytes(StandardCharsets.US_ASCII),
                            sample, 0, sample.length);
                    }
                    else if (pick < 17)
                    {
                        final byte[] frame = sbe.get(r.nextInt(sbe.size()));
                        writer.appendFrame(Market.SPOT_SBE, 9, FrameKind.BINARY, t, mono, "btcusdt@trade".getBytes(StandardCharsets.US_ASCII),
                            frame, 0, frame.length);
                    }
                    else if (pick < 18)
                    {
                        final byte[] text = odd[r.nextInt(odd.length)].getBytes(StandardCharsets.UTF_8);
                        writer.appendFrame(Market.SPOT, 2, r.nextBoolean() ? FrameKind.TEXT : FrameKind.REST, t, mono, null, text, 0, text.length);
                    }
                    else if (pick < 19)
                    {
                        final byte[] random = new byte[r.nextInt(200)];
                        r.nextBytes(random);
                        if (random.length > 0)
                        {
                            random[0] = '{';
                        }
                        writer.appendFrame(Market.SPOT, 3, FrameKind.TEXT, t, mono, null, random, 0, random.length);
                    }
                    else
                    {
                        writer.appendEvent(new SessionEvent.GapDetected(h, Market.SPOT, "sym@depth", i, i + 5, "test"), t, mono);
                    }
                }
                t = JournalFixtures.T0 + (h + 1) * HOUR_NS + r.nextInt(1000);
            }
            writer.appendEvent(new SessionEvent.RecordingStopped("done", 1), t, mono);
        }
        return describe(journal);
    }

    /** Every record, every field: the index, header, stream and payload of frames, and events. */
    static List<String> describe(final Path journal)
    {
        final List<String> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(f -> out.add(describe(f)), (index, t, e) -> out.add(Long.toHexString(index) + " " + t + " " + e)))
            {
                // collect
            }
        }
        return out;
    }

    static String describe(final JournalFrame f)
    {
        return Long.toHexString(f.index()) + " " + f.market() + " " + f.kind() + " " + f.connectionId() + " " + f.recvEpochNanos()
            + " " + f.recvMonoNanos() + " [" + f.streamName() + "] " + HexFormat.of().formatHex(f.payloadBytes());
    }

    private static List<String> names(final Path journal, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    @Timeout(120)
    void everyRecordComesBackByteForByteFromArchivedHours(@TempDir final Path copy) throws IOException
    {
        final List<String> before = writeJournal(dir, 5);
        assertEquals(6, names(dir, ".cq4").size(), "five hours of frames and the stop in a sixth");
        final List<JournalArchiver.Sealed> sealed = JournalArchiver.of(dir).clock(() -> LATER).run();
        assertEquals(6, sealed.size());
        assertEquals(List.of(), names(dir, ".cq4"), "every hour's .cq4 is gone");
        assertEquals(6, names(dir, ArchiveFormat.SUFFIX).size());
        assertEquals(before, describe(dir), "the archived journal reads exactly as the live one did");
        for (final JournalArchiver.Sealed s : sealed)
        {
            assertTrue(s.archiveBytes() < s.liveBytes() / 3, s + " is smaller than a third of its hour");
        }
        assertEquals(before.size(), JournalSummaryCount.records(dir));

        // copied elsewhere, archives alone
        for (final String name : names(dir, ArchiveFormat.SUFFIX))
        {
            Files.copy(dir.resolve(name), copy.resolve(name));
        }
        assertEquals(before, describe(copy), "a directory of archives alone reads the same");

        // again: harmless
        assertEquals(List.of(), JournalArchiver.of(dir).clock(() -> LATER).run());
        assertEquals(before, describe(dir));
    }

    @Test
    @Timeout(120)
    void mixedArchivedAndLiveHoursReadAsOneTimelineForwardBackwardAndBySeek() throws IOException
    {
        final List<String> before = writeJournal(dir, 5);
        final long t0ms = JournalFixtures.T0 / 1_000_000L;
        JournalArchiver.of(dir).clock(() -> LATER).before(t0ms + 3 * HOUR_MS).blockRecords(100).run();
        assertEquals(3, names(dir, ArchiveFormat.SUFFIX).size());
        assertEquals(3, names(dir, ".cq4").size());
        assertEquals(before, describe(dir));

        final List<String> backward = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(6, reader.cycleCount());
            assertEquals(before.size(), reader.recordCount());
            reader.toEndBackward();
            while (reader.read(f -> backward.add(describe(f)), (index, t, e) -> backward.add(Long.toHexString(index) + " " + t + " " + e)))
            {
                // collect
            }
        }
        final List<String> reversed = new ArrayList<>(before);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, backward, "backward reading crosses archived and live hours");

        // seek: every landing is the first record at or after the time
        final long[] times = before.stream().mapToLong(ArchiveTest::timeOf).toArray();
        final SplittableRandom r = new SplittableRandom(5);
        try (JournalReader reader = JournalReader.open(dir))
        {
            for (int q = 0; q < 200; q++)
            {
                final long target = q % 2 == 0 ? times[r.nextInt(times.length)]
                    : times[0] - 1000 + (long) (r.nextDouble() * (times[times.length - 1] - times[0] + 2000));
                final long blocksBefore = ArchiveFile.BLOCKS_READ.get();
                reader.seek(target);
                final long blocksBySeek = ArchiveFile.BLOCKS_READ.get() - blocksBefore;
                assertTrue(blocksBySeek <= 1, "a seek reads the index and one block, not the hour: " + blocksBySeek);
                int expected = -1;
                for (int i = 0; i < times.length; i++)
                {
                    if (times[i] >= target)
                    {
                        expected = i;
                        break;
                    }
                }
                final List<String> got = new ArrayList<>();
                final boolean present = reader.read(f -> got.add(describe(f)), (index, t, e) -> got.add(Long.toHexString(index) + " " + t + " " + e));
                if (expected < 0)
                {
                    assertFalse(present);
                }
                else
                {
                    assertEquals(before.get(expected), got.get(0), "seek to " + target);
                    // and reading on continues across hours as one journal
                    final List<String> next = new ArrayList<>();
                    for (int k = 0; k < 3 && reader.read(f -> next.add(describe(f)), (index, t, e) -> next.add(Long.toHexString(index) + " " + t + " " + e)); k++)
                    {
                        // collect
                    }
                    assertEquals(before.subList(expected + 1, Math.min(before.size(), expected + 1 + next.size())), next);
                }
            }
        }
    }

    private static long timeOf(final String description)
    {
        final String[] parts = description.split(" ");
        // frames: index market kind connection epoch ...; events: index epoch event
        return parts[1].chars().allMatch(Character::isDigit) ? Long.parseLong(parts[1]) : Long.parseLong(parts[4]);
    }

    @ParameterizedTest
    @EnumSource(JournalArchiver.Step.class)
    @Timeout(120)
    void aKillAtAnyStepLeavesEachHourLiveOrArchivedNeverLostNorTwice(final JournalArchiver.Step step) throws IOException
    {
        final List<String> before = writeJournal(dir, 3);
        // the first hour seals; the run dies at the step on the second
        JournalArchiver.of(dir).clock(() -> LATER).before(JournalFixtures.T0 / 1_000_000L + HOUR_MS).run();
        assertThrows(JournalArchiver.Killed.class, () -> JournalArchiver.of(dir).clock(() -> LATER).failAt(step).run());
        assertEquals(before, describe(dir), "after a kill at " + step);
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(before.size(), reader.recordCount(), "no hour counted twice after a kill at " + step);
        }
        JournalArchiver.of(dir).clock(() -> LATER).run();
        assertEquals(List.of(), names(dir, ".cq4"));
        assertEquals(List.of(), names(dir, ArchiveFormat.PARTIAL_SUFFIX));
        assertEquals(before, describe(dir), "a second run finishes the job after a kill at " + step);
    }

    @Test
    @Timeout(120)
    void anArchiveLeftBesideItsHourThatDoesNotMatchIsWrittenAgain() throws IOException
    {
        final List<String> before = writeJournal(dir, 2);
        // killed after the rename: the archive and the .cq4 are both there
        assertThrows(JournalArchiver.Killed.class, () -> JournalArchiver.of(dir).clock(() -> LATER)
            .failAt(JournalArchiver.Step.RENAMED).run());
        final Path archive = dir.resolve(names(dir, ArchiveFormat.SUFFIX).get(0));
        assertTrue(Files.exists(dir.resolve(archive.getFileName().toString().replace(ArchiveFormat.SUFFIX, ".cq4"))));
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw"))
        {
            f.seek(100);
            final int b = f.read();
            f.seek(100);
            f.write(b ^ 0x40);
        }
        // the next run finds it does not read back as the hour, and seals the hour again from the .cq4
        JournalArchiver.of(dir).clock(() -> LATER).run();
        assertEquals(List.of(), names(dir, ".cq4"));
        assertEquals(before, describe(dir));
        assertFalse(JournalVerifier.verify(dir).damaged());
    }

    @Test
    @Timeout(120)
    void aCorruptedArchiveByteIsFoundByItsChecksum() throws IOException
    {
        writeJournal(dir, 2);
        JournalArchiver.of(dir).clock(() -> LATER).run();
        final Path archive = dir.resolve(names(dir, ArchiveFormat.SUFFIX).get(0));
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw"))
        {
            final long at = 100 + (f.length() - 200) / 2;
            f.seek(at);
            final int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        final TicktapeException e = assertThrows(TicktapeException.class, () -> describe(dir));
        assertEquals(ErrorCode.DATA, e.code());
        assertTrue(e.getMessage().contains(archive.getFileName().toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    @Timeout(120)
    void retentionRemovesTheOldestArchivedHoursByAgeAndBySizeButNeverALiveOne() throws IOException
    {
        final List<String> before = writeJournal(dir, 5);
        final long t0ms = JournalFixtures.T0 / 1_000_000L;
        JournalArchiver.of(dir).clock(() -> LATER).before(t0ms + 4 * HOUR_MS).run();
        assertEquals(4, names(dir, ArchiveFormat.SUFFIX).size());
        // by age: hours that ended more than 2 h before T0 + 4 h 30 min: hours 0 and 1
        final List<JournalArchiver.Removed> byAge = JournalArchiver.retain(dir, t0ms + 4 * HOUR_MS + HOUR_MS / 2, 2 * HOUR_MS, 0);
        assertEquals(2, byAge.size());
        assertEquals(List.of("age", "age"), byAge.stream().map(JournalArchiver.Removed::reason).toList());
        assertEquals(t0ms, byAge.get(0).start().toEpochMilli());
        // by size: down to what the live hours alone take, so every archive goes and no live hour
        final long live = names(dir, ".cq4").stream().mapToLong(n -> dir.resolve(n).toFile().length()).sum();
        final List<JournalArchiver.Removed> bySize = JournalArchiver.retain(dir, t0ms, 0, live);
        assertEquals(2, bySize.size());
        assertEquals(2, names(dir, ".cq4").size(), "live hours are never removed");
        assertEquals(List.of(), JournalArchiver.retain(dir, LATER, 1, 1), "only live hours left: nothing to remove");
        final List<String> after = describe(dir);
        assertEquals(before.subList(before.size() - after.size(), before.size()), after, "what is left reads as before");
    }

    @Test
    @Timeout(120)
    void aWriterReopenedAfterArchivingNeverAppendsIntoAnArchivedHour() throws IOException
    {
        final List<String> before = writeJournal(dir, 2);
        JournalArchiver.of(dir).clock(() -> LATER).run();
        final byte[] payload = "{\"late\":1}".getBytes(StandardCharsets.UTF_8);
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            // a receive time inside the first (archived) hour
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, JournalFixtures.T0 + 5, 1, null, payload, 0, payload.length);
        }
        final List<String> after = describe(dir);
        assertEquals(before, after.subList(0, before.size()));
        assertEquals(before.size() + 1, after.size(), "the late frame is read after the archived hours, not hidden");
    }

    /** Counts records the way inspect and export do, to check archives are counted once. */
    private static final class JournalSummaryCount
    {
        static long records(final Path journal)
        {
            try (JournalReader reader = JournalReader.open(journal))
            {
                return reader.recordCount();
            }
        }
    }
}
