package dev.ticktape.core.journal;

import dev.ticktape.core.Market;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic frames for journal tests: frame {@code i} of a seed is always the same, so a test
 * can regenerate what it wrote instead of keeping it in memory.
 */
public final class JournalFixtures
{
    /** Receive time of frame 0 of every fixture sequence: 2024-01-01T00:00:00Z. */
    public static final long T0 = 1_704_067_200_000_000_000L;

    private static final Market[] MARKETS = Market.values();
    private static final byte[][] STREAMS = {
        bytes("btcusdt@trade"), bytes("ethusdt@depth@100ms"), bytes("solusdt@bookTicker"),
        bytes("btcusdt@kline_1m@+08:00"), bytes("!miniTicker@arr"),
    };

    private JournalFixtures()
    {
    }

    /** One expected frame. */
    public static final class Expected
    {
        public Market market;
        public FrameKind kind;
        public int connectionId;
        public long recvEpochNanos;
        public long recvMonoNanos;
        public byte[] urlStream;
        public String expectedStream;
        public byte[] payload = new byte[1024];
        public int length;
    }

    /**
     * Fills {@code out} with frame {@code i} of the sequence for {@code seed}: text (combined or
     * plain) or binary, of 0..~700 bytes, with increasing receive times.
     */
    public static void frame(final long seed, final long i, final Expected out)
    {
        final SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        out.market = MARKETS[r.nextInt(MARKETS.length)];
        out.connectionId = r.nextInt(64);
        out.recvEpochNanos = T0 + i * 1_000L + r.nextInt(1000);
        out.recvMonoNanos = 5_000_000_000L + i * 997L;
        final int shape = r.nextInt(4);
        out.urlStream = null;
        out.expectedStream = "";
        if (shape == 0)
        {
            out.kind = FrameKind.BINARY;
            out.length = r.nextInt(300);
            ensure(out, out.length);
            for (int k = 0; k < out.length; k++)
            {
                out.payload[k] = (byte) r.nextInt(256);
            }
            if (r.nextBoolean())
            {
                out.urlStream = STREAMS[r.nextInt(STREAMS.length)];
                out.expectedStream = new String(out.urlStream, StandardCharsets.US_ASCII);
            }
        }
        else if (shape == 1 || shape == 2)
        {
            out.kind = FrameKind.TEXT;
            final byte[] stream = STREAMS[r.nextInt(STREAMS.length)];
            final StringBuilder sb = new StringBuilder(256);
            sb.append("{\"stream\":\"").append(new String(stream, StandardCharsets.US_ASCII)).append("\",\"data\":{\"E\":")
                .append(out.recvEpochNanos / 1_000_000).append(",\"p\":\"").append(r.nextInt(100_000)).append('.')
                .append(r.nextInt(100)).append("\",\"x\":\"");
            final int n = r.nextInt(600);
            for (int k = 0; k < n; k++)
            {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            sb.append("\"}}");
            setText(out, sb.toString());
            out.expectedStream = new String(stream, StandardCharsets.US_ASCII);
            if (shape == 2)
            {
                out.urlStream = STREAMS[0]; // ignored: the combined frame names its own stream
            }
        }
        else
        {
            out.kind = FrameKind.TEXT;
            setText(out, "{\"e\":\"trade\",\"E\":" + (out.recvEpochNanos / 1_000_000) + ",\"s\":\"BTCUSDT\",\"t\":" + i + "}");
            if (r.nextBoolean())
            {
                out.urlStream = STREAMS[r.nextInt(STREAMS.length)];
                out.expectedStream = new String(out.urlStream, StandardCharsets.US_ASCII);
            }
        }
    }

    /** Appends frame {@code i} of {@code seed}, reusing {@code scratch}. */
    public static void append(final JournalWriter writer, final long seed, final long i, final Expected scratch)
    {
        frame(seed, i, scratch);
        writer.appendFrame(scratch.market, scratch.connectionId, scratch.kind, scratch.recvEpochNanos,
            scratch.recvMonoNanos, scratch.urlStream, scratch.payload, 0, scratch.length);
    }

    /** @return a description of the first difference between the frame and the expectation, or null. */
    public static String difference(final JournalFrame frame, final Expected e)
    {
        if (frame.market() != e.market)
        {
            return "market " + frame.market() + " != " + e.market;
        }
        if (frame.kind() != e.kind)
        {
            return "kind " + frame.kind() + " != " + e.kind;
        }
        if (frame.connectionId() != e.connectionId)
        {
            return "connection " + frame.connectionId() + " != " + e.connectionId;
        }
        if (frame.recvEpochNanos() != e.recvEpochNanos || frame.recvMonoNanos() != e.recvMonoNanos)
        {
            return "times " + frame.recvEpochNanos() + "/" + frame.recvMonoNanos() + " != " + e.recvEpochNanos + "/"
                + e.recvMonoNanos;
        }
        if (!frame.streamName().equals(e.expectedStream))
        {
            return "stream '" + frame.streamName() + "' != '" + e.expectedStream + "'";
        }
        if (frame.payloadLength() != e.length)
        {
            return "payload length " + frame.payloadLength() + " != " + e.length;
        }
        for (int k = 0; k < e.length; k++)
        {
            if (frame.buffer().getByte(frame.payloadOffset() + k) != e.payload[k])
            {
                return "payload byte " + k + " differs";
            }
        }
        return null;
    }

    /** The command that runs {@code main} in a new JVM with this one's class path and Chronicle's flags. */
    public static java.util.List<String> javaCommand(final Class<?> main, final String... args)
    {
        final java.util.List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(java.util.List.of(args));
        return command;
    }

    /**
     * Reads a journal written with {@link #append} from frame 0 of {@code seed} on: every frame must
     * be the sequence's next, field for field and byte for byte, with indices increasing, and no
     * event may be there.
     *
     * @return the frames read.
     */
    public static long readBack(final java.nio.file.Path journal, final long seed)
    {
        final Expected e = new Expected();
        final long[] count = { 0 };
        final long[] lastIndex = { -1 };
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(frame ->
            {
                frame(seed, count[0], e);
                final String diff = difference(frame, e);
                if (diff != null)
                {
                    org.junit.jupiter.api.Assertions.fail("frame " + count[0] + ": " + diff);
                }
                org.junit.jupiter.api.Assertions.assertTrue(frame.index() > lastIndex[0], "indices increase");
                lastIndex[0] = frame.index();
                count[0]++;
            }, (index, t, event) -> org.junit.jupiter.api.Assertions.fail("no events were written")))
            {
                // all checks are in the handler
            }
        }
        return count[0];
    }

    /** Reads every record of a journal from its current position: frames and events. */
    public static List<Object> readAll(final JournalReader reader)
    {
        final List<Object> out = new ArrayList<>();
        while (reader.read(f -> out.add(f.payloadBytes()), (index, t, e) -> out.add(e)))
        {
            // collect
        }
        return out;
    }

    private static void setText(final Expected out, final String s)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(out, b.length);
        System.arraycopy(b, 0, out.payload, 0, b.length);
        out.length = b.length;
    }

    private static void ensure(final Expected out, final int length)
    {
        if (out.payload.length < length)
        {
            out.payload = new byte[length * 2];
        }
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
