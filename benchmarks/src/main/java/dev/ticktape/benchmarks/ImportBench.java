package dev.ticktape.benchmarks;

import dev.ticktape.core.Market;
import dev.ticktape.recorder.Importer;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ticktape import} against the peers' P3 "gunzip + line split" on the same file, in the same
 * run (issue 22): lines/s of {@link Importer} journaling the peers' {@code frames.jsonl.gz} (every
 * line checked and appended to a fresh journal) and of the peers' own reader splitting the same
 * file into lines, alternating which goes first, with the process's CPU time a line for each (all
 * threads: the import's inflating thread and pretoucher count). Not JMH: the subject is a whole
 * import. Prints {@code RESULT} lines as the other mains do.
 * <p>
 * Arguments: the gzip file, a work directory, the rounds.
 */
public final class ImportBench
{
    private ImportBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final File gz = new File(args[0]);
        final Path work = Path.of(args[1]);
        final int rounds = Integer.parseInt(args[2]);
        final Method gzSplit = Class.forName("bench.GzLineSplit").getMethod("run", File.class);
        final Path journal = work.resolve("import-journal");
        // untimed warm-up of both
        importOnce(gz, journal);
        final long lines = ((long[]) gzSplit.invoke(null, gz))[0];
        for (int round = 1; round <= rounds; round++)
        {
            double imported = 0;
            double peers = 0;
            double importCpu = 0;
            double peersCpu = 0;
            for (int k = 0; k < 2; k++)
            {
                final long cpu0 = processCpuNanos();
                if ((k + round) % 2 == 0)
                {
                    final long t0 = System.nanoTime();
                    final long n = importOnce(gz, journal);
                    imported = n / ((System.nanoTime() - t0) / 1e9);
                    importCpu = (processCpuNanos() - cpu0) / (double) n;
                    check(n == lines);
                }
                else
                {
                    final long[] r = (long[]) gzSplit.invoke(null, gz);
                    peersCpu = (processCpuNanos() - cpu0) / (double) r[0];
                    check(r[0] == lines);
                    peers = r[0] / (r[1] / 1e9);
                }
            }
            result("import", "import_lines_per_s", round, imported, "lines/s");
            result("import", "peers_gunzip_split_lines_per_s", round, peers, "lines/s");
            result("import", "import_over_gunzip_split", round, imported / peers, "ratio");
            // CPU of the whole process (every thread, the JIT's and GC's too) a line: what the other tenant does not move
            result("import", "import_cpu_ns_per_line", round, importCpu, "ns");
            result("import", "peers_cpu_ns_per_line", round, peersCpu, "ns");
        }
        JournalBenchmark.delete(journal);
    }

    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /** Imports the file into a fresh journal; returns the frames journaled (every line skipped fails the run). */
    private static long importOnce(final File gz, final Path journal) throws Exception
    {
        JournalBenchmark.delete(journal);
        final List<String> problems = new ArrayList<>();
        final Importer.Result r = Importer.run(journal, Market.USDM, List.of(gz.toPath()), problems::add);
        check(problems.isEmpty() && r.skipped() == 0);
        return r.frames();
    }

    private static void result(final String group, final String name, final int round, final double value, final String unit)
    {
        System.out.printf("RESULT\t%s\t%s\t%d\t%.3f\t%s%n", group, name, round, value, unit);
    }

    private static void check(final boolean ok)
    {
        if (!ok)
        {
            throw new IllegalStateException("benchmark check failed");
        }
    }
}
