package dev.ticktape.benchmarks;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.ReplayStats;
import dev.ticktape.replayer.Replayer;

import java.nio.file.Path;

/**
 * Pacing accuracy: the peers' frames (receive times with exponential gaps of 500 µs on average)
 * replayed at original speed and at ×10 for about {@code seconds} of wall time each, with the
 * replayer's own lateness histogram (delivery time minus due time, schedule anchored to the start).
 * Usage: {@code PacingBench FRAMES_BIN WORK_DIR [seconds] [rounds]}. Prints one RESULT line per figure.
 */
public final class PacingBench
{
    private PacingBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path framesBin = Path.of(args[0]);
        final Path work = Path.of(args[1]);
        final double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        final PeerFrames f = PeerFrames.load(framesBin, 400_000);
        final Path journal = work.resolve("pacing-journal");
        JournalBenchmark.delete(journal);
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < f.count; i++)
            {
                w.appendFrame(Market.USDM, 1, FrameKind.TEXT, f.times[i], f.times[i], null, f.data, f.offsets[i], f.lengths[i]);
            }
        }
        final long first = f.times[0];
        for (int round = 1; round <= rounds; round++)
        {
            for (final double speed : new double[] { 1, 10 })
            {
                final long span = (long) (seconds * 1e9 * speed);
                try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).speed(speed).to(first + span)))
                {
                    final ReplayStats s = r.run(frame -> { }, (i, t, e) -> { });
                    final String tag = speed == 1 ? "x1" : "x10";
                    System.out.printf("RESULT\tpacing\t%s_frames\t%d\t%d\tframes%n", tag, round, s.frames());
                    System.out.printf("RESULT\tpacing\t%s_lateness_p50\t%d\t%d\tns%n", tag, round, s.latenessP50Nanos());
                    System.out.printf("RESULT\tpacing\t%s_lateness_p99\t%d\t%d\tns%n", tag, round, s.latenessP99Nanos());
                    System.out.printf("RESULT\tpacing\t%s_lateness_max\t%d\t%d\tns%n", tag, round, s.latenessMaxNanos());
                    System.out.printf("RESULT\tpacing\t%s_wall_over_schedule\t%d\t%.6f\tratio%n", tag, round,
                        s.wallNanos() / (double) ((long) ((lastTime(f, first + span) - first) / speed)));
                }
            }
        }
        JournalBenchmark.delete(journal);
    }

    private static long lastTime(final PeerFrames f, final long end)
    {
        long last = f.times[0];
        for (int i = 0; i < f.count && f.times[i] < end; i++)
        {
            last = f.times[i];
        }
        return last;
    }
}
