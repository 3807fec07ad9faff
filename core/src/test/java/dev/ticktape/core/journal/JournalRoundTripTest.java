package dev.ticktape.core.journal;

import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class JournalRoundTripTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void millionMixedFramesKeepEveryByteTimestampAndField()
    {
        final int n = 1_000_000;
        final long seed = 42;
        final JournalFixtures.Expected e = new JournalFixtures.Expected();
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (int i = 0; i < n; i++)
            {
                JournalFixtures.append(writer, seed, i, e);
            }
            assertEquals(n, writer.framesWritten());
        }

        assertEquals(n, JournalFixtures.readBack(dir, seed));
    }

    @Test
    @Timeout(60)
    void randomPayloadsIncludingEmptyHugeAndMultiByteUtf8()
    {
        final SplittableRandom r = new SplittableRandom(7);
        final List<byte[]> payloads = new ArrayList<>();
        payloads.add(new byte[0]);
        final byte[] mib = new byte[1 << 20];
        r.nextBytes(mib);
        payloads.add(mib);
        payloads.add("{\"stream\":\"btcusdt@trade\",\"data\":{\"s\":\"币安人生USDT\",\"x\":\"€𝄞ü\"}}"
            .getBytes(StandardCharsets.UTF_8));
        payloads.add("{\"e\":\"24hrTicker\",\"s\":\"ÄÖÜ\",\"emoji\":\"🚀🚀\"}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 200; i++)
        {
            final byte[] p = new byte[r.nextInt(i % 10 == 0 ? 200_000 : 2_000)];
            r.nextBytes(p);
            payloads.add(p);
        }
        payloads.add(mib.clone());

        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (int i = 0; i < payloads.size(); i++)
            {
                final byte[] p = payloads.get(i);
                final FrameKind kind = i % 2 == 0 ? FrameKind.TEXT : FrameKind.BINARY;
                if (i % 3 == 0)
                {
                    final ByteBuffer direct = ByteBuffer.allocateDirect(p.length + 10);
                    direct.position(5);
                    direct.put(p);
                    direct.position(5).limit(5 + p.length);
                    writer.appendFrame(Market.USDM, i, kind, JournalFixtures.T0 + i, i, null, direct);
                    assertEquals(5, direct.position(), "the buffer's position is left untouched");
                }
                else
                {
                    final byte[] padded = new byte[p.length + 3];
                    System.arraycopy(p, 0, padded, 3, p.length);
                    writer.appendFrame(Market.SPOT, i, kind, JournalFixtures.T0 + i, i, null, padded, 3, p.length);
                }
            }
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<Object> read = JournalFixtures.readAll(reader);
            assertEquals(payloads.size(), read.size());
            for (int i = 0; i < payloads.size(); i++)
            {
                assertArrayEquals(payloads.get(i), (byte[]) read.get(i), "payload " + i);
            }
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final String[] text = new String[1];
            reader.read(f -> assertEquals(0, f.payloadLength()), (i, t, ev) -> fail());
            reader.read(f -> assertEquals(1 << 20, f.payloadLength()), (i, t, ev) -> fail());
            reader.read(f -> text[0] = f.payloadAsString(), (i, t, ev) -> fail());
            assertTrue(text[0].contains("币安人生USDT") && text[0].contains("€𝄞ü"), text[0]);
        }
    }

    @Test
    @Timeout(30)
    void streamNameComesFromTheCombinedWrapperOrTheUrl()
    {
        final byte[] combined = "{\"stream\":\"ethusdt@aggTrade\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        final byte[] escaped = "{\"stream\":\"a\\\"b\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        final byte[] bare = "{\"e\":\"trade\"}".getBytes(StandardCharsets.UTF_8);
        final byte[] url = "btcusdt@trade".getBytes(StandardCharsets.US_ASCII);
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, 1, 1, url, combined, 0, combined.length);
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, 2, 2, url, bare, 0, bare.length);
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, 3, 3, null, bare, 0, bare.length);
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, 4, 4, null, escaped, 0, escaped.length);
            writer.appendFrame(Market.SPOT_SBE, 1, FrameKind.BINARY, 5, 5, null, combined, 0, combined.length);
        }
        final List<String> streams = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.read(f ->
            {
                streams.add(f.streamName());
                payloads.add(f.payloadAsString());
            }, SessionEventHandler.IGNORE))
            {
                // collect
            }
        }
        assertEquals(List.of("ethusdt@aggTrade", "btcusdt@trade", "", "", ""), streams);
        assertEquals(new String(combined, StandardCharsets.UTF_8), payloads.get(0));
        assertEquals(new String(bare, StandardCharsets.UTF_8), payloads.get(1));
        assertEquals(new String(combined, StandardCharsets.UTF_8), payloads.get(4), "binary frames are never parsed");
    }

    @Test
    @Timeout(30)
    void sessionEventsRoundTripWithTheirFields()
    {
        final List<SessionEvent> events = List.of(
            new SessionEvent.RecordingStarted("0.1.0", JournalFormat.VERSION, "host-1", 1234, "markets: [spot]", 1, 0),
            new SessionEvent.ConnectionOpened(7, Market.USDM, "wss://fstream.binance.com/market/stream?streams=a/b"),
            new SessionEvent.Subscribed(7, Market.USDM, List.of("btcusdt@depth@100ms", "btcusdt@aggTrade")),
            new SessionEvent.SnapshotTaken(Market.USDM, "BTCUSDT", 1027024, "https://fapi.binance.com/fapi/v1/depth", 200),
            new SessionEvent.GapDetected(7, Market.USDM, "btcusdt@depth@100ms", 100, 160, "pu != previous u"),
            new SessionEvent.ConnectionClosed(7, Market.USDM, 1006, "read timed out", false),
            new SessionEvent.RecordingStopped("duration reached", 1));
        final byte[] body = "{\"lastUpdateId\":1027024,\"bids\":[],\"asks\":[]}".getBytes(StandardCharsets.UTF_8);
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            for (int i = 0; i < events.size(); i++)
            {
                writer.appendEvent(events.get(i), JournalFixtures.T0 + i, i);
                if (events.get(i) instanceof SessionEvent.SnapshotTaken)
                {
                    writer.appendFrame(Market.USDM, JournalFormat.NO_CONNECTION, FrameKind.REST, JournalFixtures.T0 + i, i,
                        "btcusdt@depthSnapshot".getBytes(StandardCharsets.US_ASCII), body, 0, body.length);
                }
            }
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<Object> read = JournalFixtures.readAll(reader);
            assertEquals(events.size() + 1, read.size());
            int k = 0;
            for (final Object o : read)
            {
                if (o instanceof byte[] b)
                {
                    assertArrayEquals(body, b);
                }
                else
                {
                    assertEquals(events.get(k++), o);
                }
            }
        }
    }
}
