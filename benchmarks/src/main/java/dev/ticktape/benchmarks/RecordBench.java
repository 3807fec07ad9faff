package dev.ticktape.benchmarks;

import dev.ticktape.core.Market;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end recording over loopback, the ticktape side of the peers' P1 measurement: the real
 * {@link Recorder} (sharding, raw-bytes draft, ring, journal thread, depth-chain checks) connects
 * to the peers' feed server ({@code ../shared/bench-peers/node/server.js}), which sends its
 * frames as text frames as fast as the socket drains. As in the peers' clients, the clock runs
 * from frame {@code skip} (JIT warm-up excluded) until frame {@code expect} is in the journal.
 * CPU time of this whole process over the same window gives CPU µs per frame.
 * <p>
 * Usage: {@code RecordBench --url ws://127.0.0.1:PORT --expect N --skip W --journal DIR [--run R] [--pretouch-mb M]}.
 * Prints one tab-separated {@code RESULT} line per figure.
 */
public final class RecordBench
{
    private RecordBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        String url = null;
        long expect = 0;
        long skip = 0;
        Path journal = null;
        String run = "0";
        int pretouchMb = 0;
        for (int i = 0; i < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--url" -> url = args[i + 1];
                case "--expect" -> expect = Long.parseLong(args[i + 1]);
                case "--skip" -> skip = Long.parseLong(args[i + 1]);
                case "--journal" -> journal = Path.of(args[i + 1]);
                case "--run" -> run = args[i + 1];
                case "--pretouch-mb" -> pretouchMb = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null || journal == null || expect <= skip)
        {
            throw new IllegalArgumentException("usage: --url URL --expect N --skip W --journal DIR [--run R]");
        }
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // The feed is USDⓈ-M combined streams; one /public stream makes one connection (the server serves one client).
        final RecorderConfig config = new RecorderConfig().journal(journal).snapshots(false).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@depth@100ms"), URI.create(url), null));
        if (pretouchMb > 0)
        {
            pretouch(journal.toAbsolutePath().getParent(), pretouchMb);
        }
        final Recorder recorder = Recorder.start(config, null);
        final long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (recorder.frames() < skip)
        {
            check(recorder, deadline, "the warm-up frames");
            LockSupport.parkNanos(1_000_000); // 1 ms: the clock resolution is far finer than the run
        }
        final java.util.Map<String, long[]> threadsAt0 = Boolean.getBoolean("ticktape.bench.threads") ? threadCpu() : null;
        final long t0 = System.nanoTime();
        final long cpu0 = os.getProcessCpuTime();
        final long f0 = recorder.frames();
        while (recorder.frames() < expect)
        {
            check(recorder, deadline, "all frames");
            LockSupport.parkNanos(1_000_000); // 1 ms: the clock resolution is far finer than the run
        }
        final long t1 = System.nanoTime();
        final long cpu1 = os.getProcessCpuTime();
        final long frames = recorder.frames() - f0;
        if (threadsAt0 != null)
        {
            final java.util.Map<String, long[]> threadsAt1 = threadCpu();
            threadsAt1.forEach((name, cpu) ->
            {
                final long[] before = threadsAt0.getOrDefault(name, new long[2]);
                final long used = cpu[0] - before[0];
                if (used > 10_000_000L)
                {
                    System.out.printf("# thread %s: %.3f us/frame CPU in the window (%.3f user)%n", name, used / 1e3 / frames,
                        (cpu[1] - before[1]) / 1e3 / frames);
                }
            });
        }
        recorder.stop("benchmark done");
        final double seconds = (t1 - t0) / 1e9;
        System.out.printf("RESULT\trecord\tticktape_frames_per_s\t%s\t%.0f\tframes/s%n", run, frames / seconds);
        System.out.printf("RESULT\trecord\tticktape_cpu_us_per_frame\t%s\t%.3f\tus/frame%n", run, (cpu1 - cpu0) / 1e3 / frames);
        System.out.printf("RESULT\trecord\tticktape_frames_total\t%s\t%d\tframes%n", run, recorder.frames());
    }

    /**
     * The peers' pretouch (their P1 procedure: {@code dd} 768 MiB into the page cache and delete it, so
     * that the client writes into warm pages), done here after the JVM has started rather than before:
     * this VM hands freed pages back to the host within seconds, and a JVM's start-up takes about
     * that long, where Node's takes a tenth of it.
     */
    private static void pretouch(final Path dir, final int megabytes) throws java.io.IOException
    {
        final Path file = java.nio.file.Files.createTempFile(dir, "pretouch", ".tmp");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocateDirect(1 << 20);
            for (int i = 0; i < megabytes; i++)
            {
                zeros.clear();
                while (zeros.hasRemaining())
                {
                    ch.write(zeros);
                }
            }
        }
        finally
        {
            java.nio.file.Files.delete(file);
        }
    }

    /** CPU time per live thread, by name (diagnostics: -Dticktape.bench.threads=true). */
    private static java.util.Map<String, long[]> threadCpu()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final java.util.Map<String, long[]> cpu = new java.util.HashMap<>();
        for (final long id : threads.getAllThreadIds())
        {
            final java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
            if (info != null)
            {
                cpu.put(info.getThreadName(), new long[] { threads.getThreadCpuTime(id), threads.getThreadUserTime(id) });
            }
        }
        return cpu;
    }

    private static void check(final Recorder recorder, final long deadline, final String what)
    {
        if (recorder.failure() != null)
        {
            throw new IllegalStateException("recorder failed: " + recorder.failure().getMessage());
        }
        if (System.nanoTime() > deadline)
        {
            throw new IllegalStateException("timed out waiting for " + what + " (" + recorder.frames() + " journaled)");
        }
    }
}
