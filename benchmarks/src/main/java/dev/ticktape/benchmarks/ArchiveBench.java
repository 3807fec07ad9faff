package dev.ticktape.benchmarks;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalArchiver;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.JournalWriter;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The archive on the peers' 2 M-frame workload, every figure beside its baseline in the same run:
 * <ul>
 * <li>size: archive bytes per frame against {@code gzip -6} and {@code zstd -19} of the same
 * frames as {@code <recv_ns> <frame>} lines (the sizes come from run-archive.sh);</li>
 * <li>archiving: frames/s of {@link JournalArchiver} sealing the journal's hour on one thread,
 * writing, reading back and comparing every record, fsync included;</li>
 * <li>raw replay from the archive ({@code Replayer}, max speed, every payload copied out) against
 * the peers' gunzip + line split of {@code frames.jsonl.gz} (their P3 gz_read, their own line
 * reader), alternating which goes first;</li>
 * <li>decoded replay ({@code MarketDataDecoder}) from the archive against the same from the live journal;</li>
 * <li>seek: {@code cat --from T --limit 1}'s work (open, seek, read one frame) on the frames spread
 * over 24 archived hours, at random times.</li>
 * </ul>
 * Usage: {@code ArchiveBench FRAMES_BIN FRAMES_JSONL_GZ ZSTD19_BYTES WORK_DIR ROUNDS}; prints RESULT lines.
 */
public final class ArchiveBench
{
    private static final long HOUR_NS = 3_600_000_000_000L;

    private ArchiveBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final PeerFrames f = PeerFrames.load(Path.of(args[0]), JournalBenchmark.FRAMES);
        final File gz = new File(args[1]);
        final long zstd19 = Long.parseLong(args[2]);
        final Path work = Path.of(args[3]);
        final int rounds = Integer.parseInt(args[4]);
        final Method gzSplit = Class.forName("bench.GzLineSplit").getMethod("run", File.class);
        final Path journal = work.resolve("archive-live");
        final Path archived = work.resolve("archive-sealed");
        JournalBenchmark.delete(journal);
        JournalBenchmark.journalAppend(f, journal);
        final long frames = f.count;
        System.out.printf("# %,d frames; journal %,d B%n", frames, du(journal));
        result("size", "gzip6_bytes_per_frame", 0, gz.length() / (double) frames, "B");
        result("size", "zstd19_bytes_per_frame", 0, zstd19 / (double) frames, "B");

        // untimed warm-up: JIT of the archiver, the readers and the decoder
        seal(journal, archived);
        ReplayBenchmark.replayRaw(archived, new JournalBenchmark.Sink());
        ReplayBenchmark.replayDecoded(archived, new ReplayBenchmark.Decode());
        ReplayBenchmark.replayDecoded(journal, new ReplayBenchmark.Decode());
        gzSplit.invoke(null, gz);

        for (int round = 1; round <= rounds; round++)
        {
            final long sealNanos = seal(journal, archived);
            final long archiveBytes = archiveBytes(archived);
            result("archive", "archive_bytes_per_frame", round, archiveBytes / (double) frames, "B");
            result("archive", "archive_over_gzip6", round, archiveBytes / (double) gz.length(), "ratio");
            result("archive", "archive_over_zstd19", round, archiveBytes / (double) zstd19, "ratio");
            result("archive", "archiving_frames_per_s", round, frames / (sealNanos / 1e9), "frames/s");

            double raw = 0;
            double peers = 0;
            for (int k = 0; k < 2; k++)
            {
                if ((k + round) % 2 == 0)
                {
                    final long t0 = System.nanoTime();
                    final long n = ReplayBenchmark.replayRaw(archived, new JournalBenchmark.Sink());
                    raw = frames / ((System.nanoTime() - t0) / 1e9);
                    check(n != 0);
                }
                else
                {
                    final long[] r = (long[]) gzSplit.invoke(null, gz);
                    check(r[0] == frames);
                    peers = r[0] / (r[1] / 1e9);
                }
            }
            result("replay", "archive_raw_frames_per_s", round, raw, "frames/s");
            result("replay", "peers_gunzip_split_frames_per_s", round, peers, "frames/s");
            result("replay", "archive_raw_over_gunzip_split", round, raw / peers, "ratio");

            double fromArchive = 0;
            double fromJournal = 0;
            for (int k = 0; k < 2; k++)
            {
                final boolean archiveFirst = (k + round) % 2 == 0;
                final long t0 = System.nanoTime();
                ReplayBenchmark.replayDecoded(archiveFirst ? archived : journal, new ReplayBenchmark.Decode());
                final double rate = frames / ((System.nanoTime() - t0) / 1e9);
                if (archiveFirst)
                {
                    fromArchive = rate;
                }
                else
                {
                    fromJournal = rate;
                }
            }
            result("replay", "archive_decoded_frames_per_s", round, fromArchive, "frames/s");
            result("replay", "journal_decoded_frames_per_s", round, fromJournal, "frames/s");
            result("replay", "archive_decoded_over_journal_decoded", round, fromArchive / fromJournal, "ratio");
        }

        // seek: the same frames spread over 24 hours, every hour archived
        final Path day = work.resolve("archive-day");
        JournalBenchmark.delete(day);
        final long t0 = f.times[0];
        final long span = f.times[f.count - 1] - t0;
        try (JournalWriter writer = JournalWriter.open(day))
        {
            for (int i = 0; i < f.count; i++)
            {
                final long t = t0 + (long) ((f.times[i] - t0) * (24.0 * HOUR_NS / (span + 1)));
                writer.appendFrame(Market.USDM, 1, FrameKind.TEXT, t, t - t0, null, f.data, f.offsets[i], f.lengths[i]);
            }
        }
        JournalArchiver.of(day).clock(() -> Long.MAX_VALUE / 2).run();
        final java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        final long[] nanos = new long[50];
        for (int q = 0; q < nanos.length; q++)
        {
            final long target = t0 + (long) (random.nextDouble() * 24 * HOUR_NS);
            final long s = System.nanoTime();
            try (JournalReader reader = JournalReader.open(day))
            {
                reader.seek(target);
                final long[] got = { -1 };
                reader.read(frame -> got[0] = frame.recvEpochNanos(), (index, time, event) -> { });
                check(got[0] >= target);
            }
            nanos[q] = System.nanoTime() - s;
        }
        java.util.Arrays.sort(nanos);
        try (JournalReader reader = JournalReader.open(day))
        {
            System.out.printf("# seek journal: %d hours, %d archived%n", reader.hours().size(),
                reader.hours().stream().filter(h -> h.archived()).count());
        }
        result("seek", "open_seek_read_one_median_ms", 0, nanos[nanos.length / 2] / 1e6, "ms");
        result("seek", "open_seek_read_one_max_ms", 0, nanos[nanos.length - 1] / 1e6, "ms");
    }

    /** Copies the journal and seals every hour of the copy; returns the nanoseconds the seal took. */
    private static long seal(final Path journal, final Path archived) throws IOException
    {
        JournalBenchmark.delete(archived);
        Files.createDirectories(archived);
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path p : files.toList())
            {
                Files.copy(p, archived.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        final long t0 = System.nanoTime();
        final List<JournalArchiver.Sealed> sealed = JournalArchiver.of(archived).clock(() -> Long.MAX_VALUE / 2).run();
        final long took = System.nanoTime() - t0;
        check(!sealed.isEmpty());
        return took;
    }

    private static long archiveBytes(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".tta")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long du(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void check(final boolean ok)
    {
        if (!ok)
        {
            throw new IllegalStateException("benchmark check failed");
        }
    }

    private static void result(final String section, final String name, final int round, final double value, final String unit)
    {
        System.out.printf("RESULT\t%s\t%s\t%d\t%.4f\t%s%n", section, name, round, value, unit);
    }
}
