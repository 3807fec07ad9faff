package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DecodeErrorHandler;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalSummary;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The newcomer's tour, in process: the embedded simulator, a recording of spot JSON, spot SBE and
 * USDⓈ-M streams, a replay at ×10 through the decoders, a Parquet export, and where to look next.
 * Every stage prints progress, and the result carries each stage's count so that they can be
 * checked against one another.
 */
final class Demo
{
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT");

    /**
     * What each stage counted.
     *
     * @param simulatorFrames WebSocket frames the simulator sent.
     * @param journal         the journal's summary.
     * @param replay          what the replay delivered.
     * @param replayEvents    typed events the replay decoded.
     * @param export          what the export wrote.
     * @param workdir         where it all is.
     */
    record Result(long simulatorFrames, JournalSummary journal, ReplayStats replay, long replayEvents, ExportSummary export,
        Path workdir)
    {
        /** @return frames the journal holds that came over WebSockets (text and SBE binary), not REST. */
        long journalWebSocketFrames()
        {
            return journal.kinds().getOrDefault(FrameKind.TEXT, 0L) + journal.kinds().getOrDefault(FrameKind.BINARY, 0L);
        }
    }

    private Demo()
    {
    }

    static Result run(final Duration duration, final Path workdir, final PrintWriter out) throws Exception
    {
        final Path journal = workdir.resolve("journal");
        final Path parquet = workdir.resolve("parquet");
        out.printf("ticktape demo: %d s of simulated Binance market data into %s%n", duration.toSeconds(), workdir);

        final long simulatorFrames;
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(SYMBOLS)))
        {
            out.printf("%n1. simulator  spot %s, spot SBE %s, USD-M futures %s (127.0.0.1 only)%n",
                simulator.baseUri(Market.SPOT), simulator.baseUri(Market.SPOT_SBE), simulator.baseUri(Market.USDM));
            final RecorderConfig config = new RecorderConfig().journal(journal).statusInterval(Duration.ZERO)
                .apiKey("demo-key") // the simulator wants an X-MBX-APIKEY header on SBE, as Binance does; any key will do
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade", "btcusdt@bookTicker",
                    "btcusdt@depth@100ms", "ethusdt@trade", "ethusdt@bookTicker", "ethusdt@depth@100ms", "bnbusdt@kline_1m",
                    "bnbusdt@miniTicker"), simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
                .add(new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of("btcusdt@trade", "btcusdt@bestBidAsk",
                    "btcusdt@depth"), simulator.baseUri(Market.SPOT_SBE), simulator.restBaseUri()))
                .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@aggTrade", "btcusdt@markPrice@1s",
                    "btcusdt@depth@100ms", "ethusdt@bookTicker"), simulator.baseUri(Market.USDM), simulator.restBaseUri()));
            out.printf("%n2. record     %s%n", journal);
            try (Recorder recorder = Recorder.start(config, null))
            {
                final long end = System.nanoTime() + duration.toNanos();
                long nextLine = System.nanoTime();
                while (System.nanoTime() < end && recorder.failure() == null)
                {
                    if (System.nanoTime() >= nextLine)
                    {
                        out.printf("   %3d s  %,9d frames journaled%n",
                            TimeUnit.NANOSECONDS.toSeconds(duration.toNanos() - (end - System.nanoTime())), recorder.frames());
                        out.flush();
                        nextLine += TimeUnit.SECONDS.toNanos(1);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                // Quiet the simulator (sockets stay open) and let the recorder take in what is on its way
                simulator.faults().stall(Duration.ofHours(1));
                final long drained = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (recorder.frames() < simulator.framesSent() && System.nanoTime() < drained)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
                simulatorFrames = simulator.framesSent();
                recorder.stop("demo done");
                recorder.awaitStopped(Duration.ofSeconds(10));
                if (recorder.failure() != null)
                {
                    throw recorder.failure();
                }
            }
        }
        final JournalSummary summary = JournalSummary.of(journal);
        out.printf("   %,d frames (%,d from the simulator's WebSockets, %,d REST responses: snapshots, exchange information), %,d bytes on disk%n",
            summary.frames(), summary.kinds().getOrDefault(FrameKind.TEXT, 0L) + summary.kinds().getOrDefault(FrameKind.BINARY, 0L),
            summary.kinds().getOrDefault(FrameKind.REST, 0L), summary.diskBytes());

        out.printf("%n3. replay x10 through the decoders%n");
        final long[] events = new long[1];
        final long[] nextLine = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500)};
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
            @Override
            public void onEvent(final JournalFrame frame, final MarketEvent event)
            {
                events[0]++;
            }
        }, DecodeErrorHandler.IGNORE);
        final ReplayStats replay;
        try (Replayer replayer = Replayer.open(new ReplayOptions().journal(journal).speed(10)))
        {
            replay = replayer.run(frame ->
            {
                decoder.onFrame(frame);
                if (System.nanoTime() >= nextLine[0])
                {
                    out.printf("   %,9d frames  %,9d events  at %s%n", decoder.frames(), events[0], Times.iso(frame.recvEpochNanos()));
                    out.flush();
                    nextLine[0] += TimeUnit.MILLISECONDS.toNanos(500);
                }
            }, decoder);
        }
        out.printf("   %,d frames and %,d events in %.1f s; lateness p50 %s, p99 %s%n", replay.frames(), events[0],
            replay.wallNanos() / 1e9, micros(replay.latenessP50Nanos()), micros(replay.latenessP99Nanos()));

        out.printf("%n4. export     %s%n", parquet);
        final ExportSummary export = Exporter.export(new ExportOptions().journal(journal).out(parquet).bookLevels(10)
            .progress((records, total, rows) -> { }));
        out.printf(Locale.ROOT, "   %,d rows in %d files, %,d bytes, %.1f s%n", export.totalRows(), export.files().size(),
            export.totalBytes(), export.wallNanos() / 1e9);
        for (final var e : export.rows().entrySet())
        {
            out.printf("     %-22s %,9d rows%n", e.getKey(), e.getValue());
        }

        out.printf("%nWhere things are:%n");
        out.printf("  journal  %s   ./ticktape inspect --journal %s%n", journal, journal);
        out.printf("  parquet  %s/type=<table>/date=<day>/   (docs/parquet-schema.md)%n", parquet);
        out.printf("%nThree queries to try (duckdb, or python -c 'import duckdb; print(duckdb.sql(\"...\"))'):%n");
        out.printf("  SELECT symbol, market, count(*) AS trades, min(price), max(price) FROM '%s/type=trade/*/*.parquet' GROUP BY ALL;%n",
            parquet);
        out.printf("  SELECT symbol, avg(ask_price - bid_price) AS spread FROM '%s/type=bookTicker/*/*.parquet' GROUP BY ALL;%n",
            parquet);
        out.printf("  SELECT recv_time, symbol, level, bid_price, ask_price FROM '%s/type=book_snapshot_10/*/*.parquet' "
            + "WHERE level = 0 ORDER BY recv_time DESC LIMIT 5;%n", parquet);
        out.printf("%nNext: ./ticktape replay --journal %s --speed max --decode | head,  ./ticktape serve --journal %s%n",
            journal, journal);
        out.flush();
        return new Result(simulatorFrames, summary, replay, events[0], export, workdir);
    }

    private static String micros(final long nanos)
    {
        return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
}
