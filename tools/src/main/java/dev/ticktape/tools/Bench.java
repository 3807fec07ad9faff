package dev.ticktape.tools;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.decode.DecodeErrorHandler;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.JournalSummary;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.exporter.ExportOptions;
import dev.ticktape.exporter.ExportSummary;
import dev.ticktape.exporter.Exporter;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.ReplayStats;
import dev.ticktape.replayer.Replayer;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ticktape bench}: ticktape's end-to-end figures on this machine, self-contained (the
 * embedded simulator as the feed, over loopback), at a size that finishes in a few minutes:
 * recording, raw and decoded replay at max speed, export to Parquet, and pacing accuracy at ×1
 * and ×10, each paced run lasting as long as asked over the recording repeated. Each throughput
 * is the median of several passes after a warm-up pass; the peers' comparisons (Node {@code ws},
 * raw Chronicle, DuckDB) are in {@code benchmarks/}, which runs them side by side with these.
 */
final class Bench
{
    private static final double[] PACE_SPEEDS = {1, 10};

    /** One figure: name, median, min, max, unit. */
    record Figure(String name, double median, double min, double max, String unit)
    {
    }

    private Bench()
    {
    }

    static List<Figure> run(final Path workdir, final Duration recordFor, final int passes, final Duration paceFor,
        final PrintWriter progress) throws Exception
    {
        final List<Figure> figures = new ArrayList<>();
        final Path journal = workdir.resolve("journal");

        progress.printf("recording %d s from the simulator ...%n", recordFor.toSeconds());
        progress.flush();
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(Demo.SYMBOLS).ticksPerSecond(0)))
        {
            final RecorderConfig config = config(journal, simulator.baseUri(Market.SPOT), simulator.baseUri(Market.USDM));
            try (Recorder recorder = Recorder.start(config, null))
            {
                LockSupport.parkNanos(recordFor.toNanos());
                recorder.stop("bench: journal recorded");
                recorder.awaitStopped(Duration.ofSeconds(10));
                if (recorder.failure() != null)
                {
                    throw recorder.failure();
                }
            }
        }
        final long journaled = JournalSummary.of(journal).frames();

        // The simulator builds every frame from its market model and is slower than the recorder; the
        // recording figure is taken against ticktape serve replaying that journal at max speed instead
        progress.printf("recording %,d frames from ticktape serve at max speed over loopback ...%n", journaled);
        progress.flush();
        final Path rerecorded = workdir.resolve("journal-rerecorded");
        final long recorded;
        final long recordNanos;
        try (dev.ticktape.server.ReplayServer server = dev.ticktape.server.ReplayServer.start(
            new dev.ticktape.server.ServeOptions().journal(journal).speed(ReplayOptions.MAX_SPEED)))
        {
            try (Recorder recorder = Recorder.start(config(rerecorded, server.baseUri(Market.SPOT), server.baseUri(Market.USDM)),
                null))
            {
                final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (recorder.frames() == 0 && System.nanoTime() < deadline)
                {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
                final long start = System.nanoTime();
                long last = recorder.frames();
                long lastChange = start;
                while (recorder.frames() < journaled && System.nanoTime() < deadline)
                {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                    final long now = recorder.frames();
                    if (now != last)
                    {
                        last = now;
                        lastChange = System.nanoTime();
                    }
                    else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(2))
                    {
                        break; // the server has run out of frames for some stream
                    }
                }
                recorded = recorder.frames();
                recordNanos = (recorded >= journaled ? System.nanoTime() : lastChange) - start;
                recorder.stop("bench done");
                recorder.awaitStopped(Duration.ofSeconds(10));
            }
        }
        final double recordRate = recorded / (recordNanos / 1e9);
        figures.add(new Figure("record over loopback (from ticktape serve at max speed)", recordRate, recordRate, recordRate,
            "frames/s"));

        progress.printf("raw replay, %d passes ...%n", passes);
        progress.flush();
        figures.add(rate("replay raw, max speed", passes, () ->
        {
            final long[] check = new long[1];
            try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
            {
                final ReplayStats s = r.run(f -> check[0] += f.payloadLength(), (i, t, e) -> { });
                return new long[] {s.frames(), s.wallNanos()};
            }
        }, "frames/s"));

        progress.printf("decoded replay, %d passes ...%n", passes);
        progress.flush();
        figures.add(rate("replay decoded (MarketDataDecoder), max speed", passes, () ->
        {
            final long[] events = new long[1];
            final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
            {
                @Override
                public void onEvent(final JournalFrame frame, final MarketEvent event)
                {
                    events[0]++;
                }
            }, DecodeErrorHandler.IGNORE);
            try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
            {
                final ReplayStats s = r.run(decoder, decoder);
                return new long[] {s.frames(), s.wallNanos()};
            }
        }, "frames/s"));

        progress.printf("export to Parquet, %d passes ...%n", passes);
        progress.flush();
        final double[] bytesPerRow = new double[1];
        final int[] pass = new int[1];
        figures.add(rate("export to Parquet (event tables, zstd)", passes, () ->
        {
            final Path out = workdir.resolve("parquet-" + pass[0]++);
            final ExportSummary s = Exporter.export(new ExportOptions().journal(journal).out(out)
                .type("trade").type("aggTrade").type("bookTicker").type("depthUpdate"));
            bytesPerRow[0] = s.totalBytes() / (double) Math.max(1, s.totalRows());
            return new long[] {s.totalRows(), s.wallNanos()};
        }, "rows/s"));
        figures.add(new Figure("export: bytes per row", bytesPerRow[0], bytesPerRow[0], bytesPerRow[0], "B"));

        // Both pacing runs last paceFor: at x10 that takes ten times paceFor of receive time, more
        // than was recorded, so they replay the recording over and over (repeated()).
        final Path paced = workdir.resolve("journal-paced");
        final long copies = repeated(journal, paced, (long) (paceFor.toNanos() * PACE_SPEEDS[PACE_SPEEDS.length - 1]));
        progress.printf("pacing journal: the recording %d times over%n", copies);
        for (final double speed : PACE_SPEEDS)
        {
            progress.printf("pacing at x%.0f for %d s ...%n", speed, paceFor.toSeconds());
            progress.flush();
            final ReplayStats s;
            try (Replayer r = Replayer.open(new ReplayOptions().journal(paced).speed(speed)))
            {
                final long stopAt = System.nanoTime() + paceFor.toNanos();
                s = r.run(f ->
                {
                    if (System.nanoTime() > stopAt)
                    {
                        r.stop();
                    }
                }, (i, t, e) -> { });
            }
            final String tag = String.format("pacing x%.0f: lateness ", speed);
            figures.add(new Figure(tag + "p50", s.latenessP50Nanos() / 1e3, s.latenessP50Nanos() / 1e3, s.latenessP50Nanos() / 1e3, "µs"));
            figures.add(new Figure(tag + "p99", s.latenessP99Nanos() / 1e3, s.latenessP99Nanos() / 1e3, s.latenessP99Nanos() / 1e3, "µs"));
            figures.add(new Figure(tag + "max", s.latenessMaxNanos() / 1e3, s.latenessMaxNanos() / 1e3, s.latenessMaxNanos() / 1e3, "µs"));
        }
        return figures;
    }

    /**
     * Writes {@code out}: the frames of {@code journal} again and again, each copy's receive times
     * moved on by the recording's span (and a millisecond), until they cover {@code spanNanos}.
     * Session events are left out; pacing only needs frames.
     *
     * @return how many copies.
     */
    static long repeated(final Path journal, final Path out, final long spanNanos)
    {
        final JournalSummary summary = JournalSummary.of(journal);
        if (summary.frames() == 0)
        {
            throw new TicktapeException(ErrorCode.DATA, "nothing was recorded to pace: " + journal);
        }
        final long period = summary.lastRecvNanos() - summary.firstRecvNanos() + TimeUnit.MILLISECONDS.toNanos(1);
        long copies = 0;
        try (JournalWriter writer = JournalWriter.open(out))
        {
            for (long shift = 0; shift < spanNanos; shift += period)
            {
                final long by = shift;
                try (JournalReader reader = JournalReader.open(journal))
                {
                    while (reader.read(frame -> writer.appendFrame(frame.market(), frame.connectionId(), frame.kind(),
                        frame.recvEpochNanos() + by, frame.recvMonoNanos() + by, frame.buffer(), frame.streamOffset(),
                        frame.streamLength(), frame.buffer(), frame.payloadOffset(), frame.payloadLength()), (i, t, e) -> { }))
                    {
                        // every record of this copy
                    }
                }
                copies++;
            }
        }
        return copies;
    }

    private static RecorderConfig config(final Path journal, final java.net.URI spot, final java.net.URI usdm)
    {
        return new RecorderConfig().journal(journal).statusInterval(Duration.ZERO).snapshots(false)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@bookTicker",
                "btcusdt@depth@100ms", "ethusdt@trade", "ethusdt@bookTicker", "bnbusdt@bookTicker"), spot, null))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@aggTrade", "btcusdt@bookTicker",
                "ethusdt@bookTicker"), usdm, null));
    }

    /** Something measured once per pass: {count, nanos}. */
    @FunctionalInterface
    private interface Pass
    {
        long[] run() throws Exception;
    }

    private static Figure rate(final String name, final int passes, final Pass pass, final String unit) throws Exception
    {
        pass.run(); // warm-up: JIT, page cache
        final double[] rates = new double[passes];
        for (int i = 0; i < passes; i++)
        {
            final long[] r = pass.run();
            rates[i] = r[0] / (r[1] / 1e9);
        }
        java.util.Arrays.sort(rates);
        return new Figure(name, rates[passes / 2], rates[0], rates[passes - 1], unit);
    }

    static Map<String, Object> json(final Figure f)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("median", f.median());
        m.put("min", f.min());
        m.put("max", f.max());
        m.put("unit", f.unit());
        return m;
    }
}
