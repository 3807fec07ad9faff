package dev.ticktape.benchmarks;

import dev.ticktape.core.Market;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The simulator at market scale (issue 22: "able to push at least 200 k frames/s from one core"):
 * {@code marketScale(SPOT, FUTURES)} stepping as fast as it can (a step a millisecond of event
 * time, Binance's update speeds), loaded by a real {@link Recorder} taking trade or aggTrade,
 * bookTicker and depth@100ms of every symbol over loopback. For each window: frames the
 * simulator sent a second, its model thread's share of a core, and frames per CPU-second of that
 * thread (what one core of it pushes). Not JMH: the subject is a server under load. Prints
 * {@code RESULT} lines as the other mains do.
 * <p>
 * Arguments: spot symbols, futures symbols, a work directory, windows, seconds a window.
 */
public final class SimulatorBench
{
    private SimulatorBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int spot = Integer.parseInt(args[0]);
        final int futures = Integer.parseInt(args[1]);
        final Path work = Files.createDirectories(Path.of(args[2]));
        final int windows = Integer.parseInt(args[3]);
        final long windowMillis = Long.parseLong(args[4]) * 1000;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Simulator simulator = Simulator.start(new SimulatorConfig().marketScale(spot, futures).stepsPerSecond(0)))
        {
            final RecorderConfig config = new RecorderConfig().journal(Files.createTempDirectory(work, "journal"))
                .statusInterval(Duration.ZERO).snapshots(false)
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of(), simulator.baseUri(Market.SPOT), simulator.restBaseUri(),
                    false, new RecorderConfig.AllSymbols(List.of("trade", "bookTicker", "depth@100ms"), List.of(), List.of(), List.of())))
                .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(),
                    false, new RecorderConfig.AllSymbols(List.of("aggTrade", "bookTicker", "depth@100ms"), List.of(), List.of(), List.of())));
            final Recorder recorder = Recorder.start(config, null);
            try
            {
                final Thread model = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ticktape-simulator")).findFirst().orElseThrow();
                Thread.sleep(windowMillis); // warm-up: the connections subscribe and the JIT compiles
                for (int w = 0; w < windows; w++)
                {
                    final long frames0 = simulator.framesSent();
                    final long cpu0 = threads.getThreadCpuTime(model.getId());
                    final long t0 = System.nanoTime();
                    Thread.sleep(windowMillis); // a measuring window, not synchronisation
                    final long frames = simulator.framesSent() - frames0;
                    final long cpu = threads.getThreadCpuTime(model.getId()) - cpu0;
                    final double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("RESULT simulator window=%d frames_per_s=%.0f model_thread_core=%.2f frames_per_model_cpu_s=%.0f%n",
                        w, frames / seconds, cpu / 1e9 / seconds, frames / (cpu / 1e9));
                }
            }
            finally
            {
                recorder.stop("benchmark done");
            }
        }
    }
}
