package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.ReplayStats;
import dev.ticktape.replayer.Replayer;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Replay at maximum speed against the peers' raw Chronicle tailer, on the same 2,000,000 frames:
 * <ul>
 * <li>{@code rawChronicleReadReopened}: the peers' L1 "reopened queue" read (open the queue, tail
 * it, copy each frame out);</li>
 * <li>{@code replayRaw}: {@link Replayer} opened on the journal, every frame through its filters,
 * duplicate check and pacer into a {@link FrameHandler} that copies the payload out;</li>
 * <li>{@code replayDecoded}: the same into {@code MarketDataDecoder}, every event to a listener
 * that reads a field;</li>
 * <li>{@code rawChronicleReadJackson}: the peers' P3 "CQ + Jackson readTree" replay (their
 * {@code Replay.cq} with parsing: the reopened-queue read, each frame parsed by
 * {@code ObjectMapper.readTree}), what a user would write instead of a typed decoder, and the
 * same-run yardstick for {@code replayDecoded}.</li>
 * </ul>
 * Each pass opens and replays the whole journal. Scores are time per frame.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {
    "-Xmx4g", "-Xms4g",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.announcer.disable=true",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
})
public class ReplayBenchmark
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A raw queue and a journal of the peers' frames, written once per trial. */
    @State(Scope.Benchmark)
    public static class Journals
    {
        Path raw;
        Path journal;

        @Setup(Level.Trial)
        public void write(final JournalBenchmark.Workload w) throws IOException
        {
            raw = w.base.resolve("replay-raw");
            journal = w.base.resolve("replay-journal");
            JournalBenchmark.delete(raw);
            JournalBenchmark.delete(journal);
            JournalBenchmark.rawAppend(w.f, raw);
            JournalBenchmark.journalAppend(w.f, journal);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException
        {
            JournalBenchmark.delete(raw);
            JournalBenchmark.delete(journal);
        }
    }

    /** Decodes every frame; the listener reads one field of every event. */
    @State(Scope.Thread)
    public static class Decode implements MarketDataListener
    {
        long events;
        long errors;
        long check;
        final MarketDataDecoder decoder = new MarketDataDecoder(this, (frame, reason) -> errors++);

        @Override
        public void onEvent(final JournalFrame frame, final MarketEvent event)
        {
            events++;
            check += event.eventTime();
        }
    }

    @Benchmark
    @OperationsPerInvocation(JournalBenchmark.FRAMES)
    public long rawChronicleReadReopened(final Journals j, final JournalBenchmark.Sink sink) throws IOException
    {
        return reopened(j.raw, sink, null);
    }

    @Benchmark
    @OperationsPerInvocation(JournalBenchmark.FRAMES)
    public long rawChronicleReadJackson(final Journals j, final JournalBenchmark.Sink sink) throws IOException
    {
        return reopened(j.raw, sink, MAPPER);
    }

    /** The peers' reopened-queue read: open the queue, tail it from the start, close it. */
    static long reopened(final Path raw, final JournalBenchmark.Sink sink, final ObjectMapper tree) throws IOException
    {
        try (ChronicleQueue queue = SingleChronicleQueueBuilder.single(raw.toFile()).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer())
        {
            return check(JournalBenchmark.tail(tailer, sink, tree));
        }
    }

    @Benchmark
    @OperationsPerInvocation(JournalBenchmark.FRAMES)
    public long replayRaw(final Journals j, final JournalBenchmark.Sink sink)
    {
        return replayRaw(j.journal, sink);
    }

    static long replayRaw(final Path journal, final JournalBenchmark.Sink sink)
    {
        try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            final ReplayStats s = r.run(sink, (index, time, event) -> { });
            return check(s.frames()) + sink.check;
        }
    }

    @Benchmark
    @OperationsPerInvocation(JournalBenchmark.FRAMES)
    public long replayDecoded(final Journals j, final Decode sink)
    {
        return replayDecoded(j.journal, sink);
    }

    static long replayDecoded(final Path journal, final Decode sink)
    {
        try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            final ReplayStats s = r.run(sink.decoder, sink.decoder);
            if (sink.errors > 0)
            {
                throw new IllegalStateException(sink.errors + " frames did not decode");
            }
            return check(s.frames()) + sink.check;
        }
    }

    private static long check(final long n)
    {
        if (n != JournalBenchmark.FRAMES)
        {
            throw new IllegalStateException("replayed " + n + " of " + JournalBenchmark.FRAMES + " frames");
        }
        return n;
    }
}
