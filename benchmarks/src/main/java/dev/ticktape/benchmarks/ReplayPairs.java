package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link ReplayBenchmark}'s four measurements in one JVM, pass by pass, for ratios that compare
 * passes seconds apart rather than benchmarks minutes apart (this machine's speed moves by tens
 * of percent within minutes). Each pair runs the peers' CQ tailer + Jackson readTree replay and
 * ticktape's decoded replay back to back, then the peers' raw tailer and ticktape's raw replay,
 * each over the same 2,000,000 frames, the order within each two alternating from pair to pair.
 * The first {@code warmup} pairs are not reported.
 * <p>
 * Usage: {@code ReplayPairs FRAMES_BIN WORK_DIR [pairs] [warmup]}. Prints one RESULT line per
 * figure and pair: the four rates and the three ratios.
 */
public final class ReplayPairs
{
    /** What the passes read, printed at the end so that none of it is work thrown away. */
    private static long check;

    private ReplayPairs()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path framesBin = Path.of(args[0]);
        final Path work = Path.of(args[1]);
        final int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        final int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        final PeerFrames f = PeerFrames.load(framesBin, JournalBenchmark.FRAMES);
        final Path raw = work.resolve("pairs-raw");
        final Path journal = work.resolve("pairs-journal");
        JournalBenchmark.delete(raw);
        JournalBenchmark.delete(journal);
        JournalBenchmark.rawAppend(f, raw);
        JournalBenchmark.journalAppend(f, journal);
        final ObjectMapper mapper = new ObjectMapper();
        final JournalBenchmark.Sink sink = new JournalBenchmark.Sink();
        final ReplayBenchmark.Decode decode = new ReplayBenchmark.Decode();
        try
        {
            for (int pair = 1 - warmup; pair <= pairs; pair++)
            {
                final boolean peersFirst = (pair & 1) == 1;
                final double[] jacksonDecoded = pair(peersFirst, () -> ReplayBenchmark.reopened(raw, sink, mapper),
                    () -> ReplayBenchmark.replayDecoded(journal, decode));
                final double[] tailerRaw = pair(peersFirst, () -> ReplayBenchmark.reopened(raw, sink, null),
                    () -> ReplayBenchmark.replayRaw(journal, sink));
                if (pair >= 1)
                {
                    print("rawChronicleReadJackson", pair, jacksonDecoded[0], "frames/s");
                    print("replayDecoded", pair, jacksonDecoded[1], "frames/s");
                    print("rawChronicleReadReopened", pair, tailerRaw[0], "frames/s");
                    print("replayRaw", pair, tailerRaw[1], "frames/s");
                    print("decoded_over_tailer_readTree", pair, jacksonDecoded[1] / jacksonDecoded[0], "ratio");
                    print("decoded_over_tailer", pair, jacksonDecoded[1] / tailerRaw[0], "ratio");
                    print("raw_over_tailer", pair, tailerRaw[1] / tailerRaw[0], "ratio");
                }
            }
        }
        finally
        {
            JournalBenchmark.delete(raw);
            JournalBenchmark.delete(journal);
        }
        if (decode.errors > 0)
        {
            throw new IllegalStateException(decode.errors + " frames did not decode");
        }
        System.out.println("check " + check);
    }

    /** One pass over the frames; returns a checksum of what it read. */
    @FunctionalInterface
    private interface Pass
    {
        long run() throws IOException;
    }

    /** The peers' pass and ticktape's back to back, in the order given: {peers' frames/s, ticktape's}. */
    private static double[] pair(final boolean peersFirst, final Pass peers, final Pass ticktape) throws IOException
    {
        final double[] rates = new double[2];
        for (int k = 0; k < 2; k++)
        {
            final int which = (k == 0) == peersFirst ? 0 : 1;
            final long start = System.nanoTime();
            check += (which == 0 ? peers : ticktape).run();
            rates[which] = rate(start);
        }
        return rates;
    }

    private static double rate(final long startNanos)
    {
        return JournalBenchmark.FRAMES / ((System.nanoTime() - startNanos) / 1e9);
    }

    private static void print(final String name, final int pair, final double value, final String unit)
    {
        System.out.printf("RESULT\tpairs\t%s\t%d\t%.6f\t%s%n", name, pair, value, unit);
    }
}
