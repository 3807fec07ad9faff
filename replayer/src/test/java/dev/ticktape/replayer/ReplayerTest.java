package dev.ticktape.replayer;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFixtures;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class ReplayerTest
{
    private static final long T0 = JournalFixtures.T0;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** A delivered frame, copied out. */
    record Got(Market market, int connection, String stream, String payload, long recv, long deliveredNanos)
    {
    }

    private static void frame(final JournalWriter w, final Market market, final int connection, final long recv, final String stream,
        final String data)
    {
        final byte[] p = ("{\"stream\":\"" + stream + "\",\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
        w.appendFrame(market, connection, FrameKind.TEXT, recv, recv, null, p, 0, p.length);
    }

    private static List<Got> replay(final ReplayOptions options, final List<SessionEvent> events, final ReplayStats[] stats)
    {
        final List<Got> got = new ArrayList<>();
        try (Replayer r = Replayer.open(options))
        {
            final ReplayStats s = r.run(f -> got.add(new Got(f.market(), f.connectionId(), f.streamName(), f.payloadAsString(),
                f.recvEpochNanos(), System.nanoTime())), (index, t, e) -> events.add(e));
            if (stats != null)
            {
                stats[0] = s;
            }
        }
        return got;
    }

    @Test
    void deliversExactlyTheRecordedFramesByteForByteAndInOrder()
    {
        final Path journal = dir.resolve("j");
        final JournalFixtures.Expected e = new JournalFixtures.Expected();
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < 5000; i++)
            {
                JournalFixtures.frame(7, i, e);
                w.appendFrame(e.market, e.connectionId, e.kind, e.recvEpochNanos, e.recvMonoNanos, e.urlStream, e.payload, 0, e.length);
            }
        }
        final List<byte[]> expected = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(f -> expected.add(f.payloadBytes()), (i, t, ev) -> { }))
            {
                // all
            }
        }
        final List<byte[]> delivered = new ArrayList<>();
        final ReplayStats stats;
        try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            stats = r.run(f -> delivered.add(f.payloadBytes()), (i, t, ev) -> { });
        }
        assertEquals(5000, stats.frames());
        assertEquals(expected.size(), delivered.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), delivered.get(i), "frame " + i);
        }
        assertFalse(stats.paced());
        assertEquals(0, stats.duplicates());
    }

    @Test
    void filtersByTimeStreamSymbolAndMarketAndDeliversSessionEvents()
    {
        final Path journal = dir.resolve("j");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            w.appendEvent(new SessionEvent.ConnectionOpened(1, Market.SPOT, "ws://x"), T0, T0);
            for (int i = 0; i < 100; i++)
            {
                frame(w, Market.SPOT, 1, T0 + i * MS, i % 2 == 0 ? "btcusdt@trade" : "ethusdt@trade", "{\"t\":" + i + "}");
                frame(w, Market.USDM, 2, T0 + i * MS, "btcusdt@aggTrade", "{\"a\":" + i + "}");
                if (i == 50)
                {
                    w.appendEvent(new SessionEvent.GapDetected(2, Market.USDM, "btcusdt@depth", 1, 5, "test"), T0 + i * MS, T0 + i * MS);
                }
            }
        }
        final List<SessionEvent> events = new ArrayList<>();
        final List<Got> range = replay(new ReplayOptions().journal(journal).maxSpeed().from(T0 + 10 * MS).to(T0 + 60 * MS), events, null);
        assertEquals(100, range.size(), "50 ms of both markets");
        assertEquals(T0 + 10 * MS, range.get(0).recv());
        assertTrue(range.stream().allMatch(g -> g.recv() >= T0 + 10 * MS && g.recv() < T0 + 60 * MS));
        assertEquals(1, events.size(), "the gap, inside the range");

        assertEquals(50, replay(new ReplayOptions().journal(journal).maxSpeed().stream("btcusdt@trade"), new ArrayList<>(), null).size());
        final List<Got> btc = replay(new ReplayOptions().journal(journal).maxSpeed().symbol("BTCUSDT"), new ArrayList<>(), null);
        assertEquals(150, btc.size());
        assertTrue(btc.stream().allMatch(g -> g.stream().startsWith("btcusdt@")));
        final List<Got> usdm = replay(new ReplayOptions().journal(journal).maxSpeed().market(Market.USDM), new ArrayList<>(), null);
        assertEquals(100, usdm.size());
        assertTrue(usdm.stream().allMatch(g -> g.market() == Market.USDM));
    }

    @Test
    void twoRecordersMergeInReceiveTimeOrderAndTheirCommonFramesArriveOnce()
    {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        try (JournalWriter wa = JournalWriter.open(a); JournalWriter wb = JournalWriter.open(b))
        {
            for (int i = 0; i < 200; i++)
            {
                frame(wa, Market.SPOT, 1, T0 + i * MS, "btcusdt@trade", "{\"t\":" + i + "}");
                if (i >= 50) // recorder b started later, and its route is 300 µs slower
                {
                    frame(wb, Market.SPOT, 1, T0 + i * MS + 300_000, "btcusdt@trade", "{\"t\":" + i + "}");
                }
                if (i % 10 == 0) // and it carries a stream recorder a does not
                {
                    frame(wb, Market.SPOT, 1, T0 + i * MS + 500_000, "ethusdt@trade", "{\"t\":" + i + "}");
                }
            }
        }
        final ReplayStats[] stats = new ReplayStats[1];
        final List<Got> got = replay(new ReplayOptions().journal(a).journal(b).maxSpeed(), new ArrayList<>(), stats);
        assertEquals(200 + 20, got.size());
        assertEquals(150, stats[0].duplicates());
        for (int i = 1; i < got.size(); i++)
        {
            assertTrue(got.get(i).recv() >= got.get(i - 1).recv(), "receive-time order at " + i);
        }
        assertEquals(200, got.stream().filter(g -> g.stream().equals("btcusdt@trade")).map(Got::payload).distinct().count());

        final List<Got> all = replay(new ReplayOptions().journal(a).journal(b).maxSpeed().deduplicate(false), new ArrayList<>(), null);
        assertEquals(200 + 150 + 20, all.size(), "without deduplication every copy arrives");
    }

    @Test
    void anOverlappingReplacementsCopiesAreDroppedButAConnectionsOwnRepeatsAreNot()
    {
        final Path journal = dir.resolve("j");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            w.appendEvent(new SessionEvent.Subscribed(1, Market.SPOT, List.of("btcusdt@depth20@100ms", "btcusdt@trade")), T0, T0);
            for (int i = 0; i < 10; i++)
            {
                frame(w, Market.SPOT, 1, T0 + i * MS, "btcusdt@depth20@100ms", "{\"lastUpdateId\":7}"); // an unchanged book, repeated
            }
            w.appendEvent(new SessionEvent.Subscribed(2, Market.SPOT, List.of("btcusdt@depth20@100ms", "btcusdt@trade")), T0 + 10 * MS,
                T0 + 10 * MS);
            for (int i = 10; i < 20; i++) // both connections deliver the same trades, the new one sometimes first
            {
                final boolean newFirst = i % 3 == 0;
                frame(w, Market.SPOT, newFirst ? 2 : 1, T0 + i * MS, "btcusdt@trade", "{\"t\":" + i + "}");
                frame(w, Market.SPOT, newFirst ? 1 : 2, T0 + i * MS + 100_000, "btcusdt@trade", "{\"t\":" + i + "}");
            }
            w.appendEvent(new SessionEvent.ConnectionClosed(1, Market.SPOT, 1000, "replaced by connection 2", false), T0 + 20 * MS,
                T0 + 20 * MS);
            for (int i = 20; i < 25; i++)
            {
                frame(w, Market.SPOT, 2, T0 + i * MS, "btcusdt@depth20@100ms", "{\"lastUpdateId\":9}");
            }
        }
        final ReplayStats[] stats = new ReplayStats[1];
        final List<Got> got = replay(new ReplayOptions().journal(journal).maxSpeed(), new ArrayList<>(), stats);
        assertEquals(10 + 10 + 5, got.size(), "repeats of one connection kept, the overlap's copies dropped");
        assertEquals(10, stats[0].duplicates());
        assertEquals(10, got.stream().filter(g -> g.stream().equals("btcusdt@trade")).map(Got::payload).distinct().count());
        assertEquals(3, stats[0].events().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void copiesJournaledBeforeTheReplacementsFirstEventOrAfterTheOldOnesCloseAreDroppedToo()
    {
        final Path journal = dir.resolve("j");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            w.appendEvent(new SessionEvent.Subscribed(1, Market.SPOT, List.of("btcusdt@trade")), T0, T0);
            for (int i = 0; i < 5; i++)
            {
                frame(w, Market.SPOT, 1, T0 + i * MS, "btcusdt@trade", "{\"t\":" + i + "}");
            }
            // The server sent trades 3 and 4 to the new connection before its first session event was journaled.
            w.appendEvent(new SessionEvent.ConnectionOpened(2, Market.SPOT, "ws://x"), T0 + 5 * MS, T0 + 5 * MS);
            w.appendEvent(new SessionEvent.Subscribed(2, Market.SPOT, List.of("btcusdt@trade")), T0 + 5 * MS, T0 + 5 * MS);
            frame(w, Market.SPOT, 2, T0 + 6 * MS, "btcusdt@trade", "{\"t\":3}");
            frame(w, Market.SPOT, 2, T0 + 6 * MS, "btcusdt@trade", "{\"t\":4}");
            frame(w, Market.SPOT, 1, T0 + 7 * MS, "btcusdt@trade", "{\"t\":5}");
            w.appendEvent(new SessionEvent.ConnectionClosed(1, Market.SPOT, 1000, "replaced by connection 2", false), T0 + 8 * MS,
                T0 + 8 * MS);
            // The new connection lagged: its copy of trade 5 comes after the old one closed.
            frame(w, Market.SPOT, 2, T0 + 9 * MS, "btcusdt@trade", "{\"t\":5}");
            frame(w, Market.SPOT, 2, T0 + 10 * MS, "btcusdt@trade", "{\"t\":6}");
        }
        final ReplayStats[] stats = new ReplayStats[1];
        final List<Got> got = replay(new ReplayOptions().journal(journal).maxSpeed(), new ArrayList<>(), stats);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"),
            got.stream().map(g -> g.payload().replaceAll(".*\"t\":(\\d+).*", "$1")).toList());
        assertEquals(3, stats[0].duplicates());
    }

    @Test
    void pacesWithKnownGapsAtTenTimesSpeedWithoutDrift()
    {
        final Path journal = dir.resolve("j");
        final List<Long> offsets = new ArrayList<>();
        try (JournalWriter w = JournalWriter.open(journal))
        {
            long t = 0;
            for (int i = 0; i < 400; i++)
            {
                t += i % 100 == 99 ? 500 * MS : 5 * MS; // 5 ms apart, with a 500 ms pause every 100 frames
                offsets.add(t);
                frame(w, Market.SPOT, 1, T0 + t, "btcusdt@trade", "{\"t\":" + i + "}");
            }
        }
        final ReplayStats[] stats = new ReplayStats[1];
        final List<Got> got = replay(new ReplayOptions().journal(journal).speed(10), new ArrayList<>(), stats);
        assertEquals(400, got.size());
        final long start = got.get(0).deliveredNanos();
        long worst = 0;
        for (int i = 0; i < got.size(); i++)
        {
            final long due = (offsets.get(i) - offsets.get(0)) / 10;
            final long at = got.get(i).deliveredNanos() - start;
            assertTrue(at >= due - 1_000_000, "frame " + i + " early: at " + at + " ns, due " + due);
            worst = Math.max(worst, at - due);
        }
        // Anchored to the start: the last frame is as punctual as the first, whatever happened between.
        final long last = got.get(got.size() - 1).deliveredNanos() - start - (offsets.get(got.size() - 1) - offsets.get(0)) / 10;
        assertTrue(last < 100_000_000, "no drift: the last frame is " + last + " ns late");
        assertTrue(stats[0].paced());
        assertTrue(stats[0].latenessMaxNanos() >= stats[0].latenessP99Nanos() && stats[0].latenessP99Nanos() >= stats[0].latenessP50Nanos());
        assertTrue(stats[0].wallNanos() >= (offsets.get(399) - offsets.get(0)) / 10, "the replay took the scheduled time");
        assertTrue(worst < 200_000_000, "worst lateness " + worst);
    }

    @Test
    void pauseHoldsStepLetsOneThroughResumeGoesOn() throws Exception
    {
        final Path journal = dir.resolve("j");
        try (JournalWriter w = JournalWriter.open(journal))
        {
            for (int i = 0; i < 100; i++)
            {
                frame(w, Market.SPOT, 1, T0 + i * MS, "btcusdt@trade", "{\"t\":" + i + "}");
            }
        }
        final AtomicInteger delivered = new AtomicInteger();
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch stepped = new CountDownLatch(2);
        final AtomicReference<ReplayStats> stats = new AtomicReference<>();
        try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            r.pause();
            final Thread t = new Thread(() -> stats.set(r.run(f ->
            {
                delivered.incrementAndGet();
                first.countDown();
                stepped.countDown();
            }, (i, time, e) -> { })));
            t.start();
            assertFalse(first.await(200, TimeUnit.MILLISECONDS), "nothing while paused");
            r.step();
            assertTrue(first.await(10, TimeUnit.SECONDS));
            assertFalse(stepped.await(200, TimeUnit.MILLISECONDS), "one step, one frame");
            assertEquals(1, delivered.get());
            r.step();
            assertTrue(stepped.await(10, TimeUnit.SECONDS));
            assertEquals(2, delivered.get());
            r.resume();
            t.join(10_000);
            assertFalse(t.isAlive());
        }
        assertEquals(100, delivered.get());
        assertEquals(100, stats.get().frames());
    }
}
