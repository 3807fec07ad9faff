package dev.ticktape.exporter;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DecodeFixtures;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A journal of every stream sample of the reference kit and its SBE test vectors, journaled as
 * the recorder journals them, with session events, over two UTC days.
 */
final class SampleJournal
{
    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200_000_000_000L;
    static final long DAY = 86_400_000_000_000L;
    static final long MS = 1_000_000L;

    private SampleJournal()
    {
    }

    /** The samples and vectors, in journal order: half on the first day, half on the second. */
    static void write(final Path journal, final int copies) throws IOException
    {
        final List<String> lines = List.of(new String(DecodeFixtures.resource("/binance/samples/streams.txt"),
            StandardCharsets.UTF_8).split("\n"));
        try (JournalWriter w = JournalWriter.open(journal))
        {
            long t = T0 + 1000 * MS;
            w.appendEvent(new SessionEvent.ConnectionOpened(1, Market.SPOT, "ws://127.0.0.1/stream?streams=a"), t, t);
            w.appendEvent(new SessionEvent.ConnectionOpened(2, Market.USDM, "ws://127.0.0.1/stream?streams=b"), t, t);
            w.appendEvent(new SessionEvent.ConnectionOpened(3, Market.SPOT_SBE, "ws://127.0.0.1/stream?streams=c"), t, t);
            for (int copy = 0; copy < copies; copy++)
            {
                if (copy == copies / 2 || copies == 1)
                {
                    t = Math.max(t, T0 + DAY + 1000 * MS);
                    w.appendEvent(new SessionEvent.GapDetected(2, Market.USDM, "btcusdt@depth@100ms", 10, 20, "test gap"), t, t);
                }
                for (final String line : lines)
                {
                    if (line.isBlank() || line.startsWith("#"))
                    {
                        continue;
                    }
                    final String[] f = line.trim().split(" ");
                    final Market market = Market.fromName(f[1]);
                    final int connection = market == Market.SPOT ? 1 : 2;
                    final String form = f.length > 3 ? f[3] : "combined";
                    final byte[] sample = DecodeFixtures.resource("/binance/samples/" + f[0]);
                    t += MS;
                    switch (form)
                    {
                        case "rest" -> w.appendFrame(market, 0, FrameKind.REST, t, t, ascii(f[2]), sample, 0, sample.length);
                        case "raw" -> w.appendFrame(market, connection, FrameKind.TEXT, t, t, f[2].equals("-") ? null : ascii(f[2]),
                            sample, 0, sample.length);
                        default ->
                        {
                            final byte[] wrapped = ("{\"stream\":\"" + f[2] + "\",\"data\":"
                                + new String(sample, StandardCharsets.UTF_8).trim() + "}").getBytes(StandardCharsets.UTF_8);
                            w.appendFrame(market, connection, FrameKind.TEXT, t, t, null, wrapped, 0, wrapped.length);
                        }
                    }
                }
                for (final String vector : List.of("synthetic_trade_10000", "synthetic_bestbidask_10001",
                    "synthetic_depth20_10002", "synthetic_depthdiff_10003"))
                {
                    final byte[] sbe = DecodeFixtures.hex("/binance/sbe/" + vector + ".hex");
                    t += MS;
                    w.appendFrame(Market.SPOT_SBE, 3, FrameKind.BINARY, t, t, ascii("btcusdt@sbe"), sbe, 0, sbe.length);
                }
            }
            t += MS;
            w.appendEvent(new SessionEvent.ConnectionClosed(2, Market.USDM, 1006, "test close", true), t, t);
            w.appendEvent(new SessionEvent.RecordingStopped("test", 0), t, t);
        }
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
