package dev.ticktape.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEventHandler;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Journal append and read throughput against raw Chronicle Queue on the same frames, in the same run.
 * <p>
 * The raw baseline is the peers' L1 measurement ({@code CqBench}): one excerpt per frame holding an
 * 8-byte receive time and the JSON bytes; reading copies each frame out. The journal writes its full
 * 28-byte header (market, kind, connection, both receive times, stream location) and reads through
 * {@link JournalReader} into a {@link FrameHandler} that copies the payload out, the same work.
 * <p>
 * Each measured iteration is one pass over {@value #FRAMES} frames: appends go into a fresh queue
 * (the files of the previous pass were just deleted, so pages are warm, as in the peers' "warm"
 * figure); reads go over a queue written and opened once per trial, from its start each pass (the
 * peers' "same instance" figure). Scores are time per frame; frames/s = 1/score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
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
public class JournalBenchmark
{
    /** Frames per pass; the peers' data set holds 2,000,000. */
    static final int FRAMES = 2_000_000;

    /** The peers' frames in memory, and the scratch directory for queues. */
    @State(Scope.Benchmark)
    public static class Workload
    {
        /** Where the peers' {@code frames.bin} is. */
        @Param("/tmp/ticktape-bench/data/frames.bin")
        public String frames;

        /** Scratch directory for the queues (same disk as the peers' runs). */
        @Param("/tmp/ticktape-bench/queues")
        public String queues;

        PeerFrames f;
        Path base;

        @Setup(Level.Trial)
        public void load() throws IOException
        {
            f = PeerFrames.load(Path.of(frames), FRAMES);
            if (f.count != FRAMES)
            {
                throw new IOException("expected " + FRAMES + " frames in " + frames + ", found " + f.count);
            }
            base = Path.of(queues);
            Files.createDirectories(base);
        }
    }

    /** A fresh, empty directory for every measured append pass. */
    @State(Scope.Benchmark)
    public static class AppendTarget
    {
        Path dir;

        @Setup(Level.Iteration)
        public void clean(final Workload w) throws IOException
        {
            dir = w.base.resolve("append");
            delete(dir);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException
        {
            delete(dir);
        }
    }

    /** A raw queue written once per trial and kept open; each pass reads it from the start. */
    @State(Scope.Benchmark)
    public static class RawReadTarget
    {
        Path dir;
        ChronicleQueue queue;
        ExcerptTailer tailer;

        @Setup(Level.Trial)
        public void write(final Workload w) throws IOException
        {
            dir = w.base.resolve("raw-read");
            delete(dir);
            rawAppend(w.f, dir);
            queue = SingleChronicleQueueBuilder.single(dir.toFile()).build();
            tailer = queue.createTailer();
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException
        {
            tailer.close();
            queue.close();
            delete(dir);
        }
    }

    /** A journal written once per trial and kept open; each pass reads it from the start. */
    @State(Scope.Benchmark)
    public static class JournalReadTarget
    {
        Path dir;
        JournalReader reader;

        @Setup(Level.Trial)
        public void write(final Workload w) throws IOException
        {
            dir = w.base.resolve("journal-read");
            delete(dir);
            journalAppend(w.f, dir);
            reader = JournalReader.open(dir);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException
        {
            reader.close();
            delete(dir);
        }
    }

    /** The frames' bytes are copied here, as the peers' reader does. */
    @State(Scope.Thread)
    public static class Sink implements FrameHandler
    {
        final byte[] copy = new byte[1 << 20];
        long frames;
        long check;

        @Override
        public void onFrame(final JournalFrame frame)
        {
            final int len = frame.payloadLength();
            frame.buffer().getBytes(frame.payloadOffset(), copy, 0, len);
            check += frame.recvEpochNanos() + copy[len - 1] + len;
            frames++;
        }
    }

    /** The peers' L1 append: 8-byte receive time plus the raw JSON bytes per excerpt. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void rawChronicleAppend(final Workload w, final AppendTarget t)
    {
        rawAppend(w.f, t.dir);
    }

    /** The journal's append: full header, stream name located in the combined wrapper, raw payload. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void journalAppend(final Workload w, final AppendTarget t)
    {
        journalAppend(w.f, t.dir);
    }

    /** The peers' L1 read: tailer, copy each frame out. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long rawChronicleRead(final RawReadTarget t, final Sink sink) throws IOException
    {
        return verify(tail(t.tailer.toStart(), sink, null), sink);
    }

    /**
     * The peers' read loop (their L1 read, and with {@code tree} their P3 replay, as their
     * {@code Replay.cq} has it): every frame from the tailer's position, its receive time read and
     * its bytes copied out into {@code sink}; with {@code tree}, each frame also parsed by Jackson's
     * {@code readTree}.
     *
     * @return the frames read.
     */
    static long tail(final ExcerptTailer tailer, final Sink sink, final ObjectMapper tree) throws IOException
    {
        long n = 0;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                final Bytes<?> b = dc.wire().bytes();
                final long ts = b.readLong();
                final int len = (int) b.readRemaining();
                b.read(sink.copy, 0, len);
                if (tree == null)
                {
                    sink.check += ts + sink.copy[len - 1] + len;
                }
                else
                {
                    final JsonNode node = tree.readTree(sink.copy, 0, len);
                    sink.check += ts + node.size() + node.get("data").size();
                }
                n++;
            }
        }
        return n;
    }

    /** The journal's read: every header field decoded, payload copied out by the handler. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long journalRead(final JournalReadTarget t, final Sink sink)
    {
        sink.frames = 0;
        t.reader.toStart();
        while (t.reader.read(sink, SessionEventHandler.IGNORE))
        {
            // the sink copies
        }
        return verify(sink.frames, sink);
    }

    static void rawAppend(final PeerFrames f, final Path dir)
    {
        final byte[] d = f.data;
        try (ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).build();
             ExcerptAppender appender = q.createAppender())
        {
            for (int i = 0; i < FRAMES; i++)
            {
                try (DocumentContext dc = appender.writingDocument())
                {
                    final Bytes<?> b = dc.wire().bytes();
                    b.writeLong(f.times[i]);
                    b.write(d, f.offsets[i], f.lengths[i]);
                }
            }
        }
    }

    static void journalAppend(final PeerFrames f, final Path dir)
    {
        final byte[] d = f.data;
        final long monoBase = f.times[0];
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (int i = 0; i < FRAMES; i++)
            {
                writer.appendFrame(Market.USDM, 1, FrameKind.TEXT, f.times[i], f.times[i] - monoBase, null,
                    d, f.offsets[i], f.lengths[i]);
            }
        }
    }

    private static long verify(final long n, final Sink sink)
    {
        if (n != FRAMES)
        {
            throw new IllegalStateException("read " + n + " of " + FRAMES + " frames");
        }
        return sink.check;
    }

    static void delete(final Path dir) throws IOException
    {
        if (dir == null || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
