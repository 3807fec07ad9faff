package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.DepthSnapshotEvent;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.core.book.BookReplay;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.Replayer;
import dev.ticktape.simulator.Faults;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The simulator's faults, one by one and together, against a recording of spot, spot SBE and
 * futures diff depth. For every book, a book replay of the journal is held to the journal's gaps:
 * every hole in a stream's decoded diff events has a gap journaled inside it, every journaled gap
 * lies in such a hole, and at every hole the book breaks, unless the snapshot it had just loaded
 * already holds the missing updates (then it is in sync after the event); it breaks nowhere else.
 * Every book is in sync again after the fault, and refuses exactly the snapshots the recorder found
 * stale (and fetched again). (A disk or inode table filling at the roll is {@code LoudStopTest}'s,
 * a kill -9 and restart {@code RecorderProcessIT}'s: both need what a test inside one JVM cannot
 * do alone.)
 */
@Timeout(180)
class FaultMatrixIT
{
    /** A book per diff-depth stream: spot and SBE of one symbol, and two futures speeds of one symbol, are books apart. */
    private static final List<String> BOOKS = List.of("spot btcusdt@depth@100ms", "spot-sbe btcusdt@depth", "usdm btcusdt@depth@100ms",
        "usdm btcusdt@depth@500ms", "usdm ethusdt@depth@100ms");

    enum Fault
    {
        DROPS, STALLS, REFUSALS, REST_ERRORS, STALE_SNAPSHOTS, CUT_FRAMES, WITHHELD_EVENTS, RESTART, TOGETHER
    }

    @TempDir
    Path dir;
    Simulator simulator;
    Recorder recorder;

    @AfterEach
    void stop()
    {
        if (recorder != null)
        {
            recorder.close();
        }
        if (simulator != null)
        {
            simulator.close();
        }
    }

    private RecorderConfig config(final Path journal)
    {
        return new RecorderConfig().journal(journal).statusInterval(Duration.ZERO).apiKey("test-key")
            .silenceTimeout(Duration.ofSeconds(2))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "btcusdt@trade"),
                simulator.baseUri(Market.SPOT), simulator.restBaseUri()))
            .add(new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of("btcusdt@depth", "ethusdt@trade"),
                simulator.baseUri(Market.SPOT_SBE), simulator.restBaseUri()))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of("btcusdt@depth@100ms", "btcusdt@depth@500ms", "ethusdt@depth@100ms",
                "btcusdt@aggTrade"),
                simulator.baseUri(Market.USDM), simulator.restBaseUri()));
    }

    /** Waits for a condition there is no callback for; one that replays the journal is asked at most every 500 ms. */
    private static void await(final BooleanSupplier condition, final String what)
    {
        await(condition, () -> what);
    }

    private static void await(final BooleanSupplier condition, final java.util.function.Supplier<String> what)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what.get());
            LockSupport.parkNanos(500_000_000);
        }
    }

    /**
     * What a book replay of the journal finds for one diff stream, beside what the journal records:
     * the holes in its decoded events (in journal order, an event that does not follow the one
     * before it, duplicates aside), the gaps journaled for it, and where its book broke.
     */
    private static final class StreamFindings
    {
        /** Each hole's last update id before it and first id after it. */
        final List<long[]> holes = new ArrayList<>();
        /** Each journaled gap's last id and next id. */
        final List<long[]> gaps = new ArrayList<>();
        long lastId = -1;
        /** The book reported a break since this stream's last event. */
        boolean broke;
        /** Holes at which the book broke. */
        int breaks;
        /**
         * Holes at which the book did not break and is in sync after the event: the snapshot it had
         * just loaded already holds the missing updates (a snapshot fetched after the hole, journaled
         * before the event that shows it). The hole is still journaled: its diff events are missing.
         */
        int covered;
        /** Holes at which the book neither broke nor is in sync: must be none. */
        int unnoticed;
        /** Breaks the book reported at an event that follows the one before it, or at a snapshot: must be none. */
        int breaksElsewhere;

        boolean gapInside(final long[] hole)
        {
            return gaps.stream().anyMatch(g -> g[0] >= hole[0] && g[1] <= hole[1]);
        }

        boolean holeAround(final long[] gap)
        {
            return holes.stream().anyMatch(h -> gap[0] >= h[0] && gap[1] <= h[1]);
        }

        @Override
        public String toString()
        {
            return "holes " + holes.size() + " gaps " + gaps.size() + " breaks " + breaks + " covered " + covered + " unnoticed "
                + unnoticed + " breaks elsewhere " + breaksElsewhere;
        }
    }

    /** What a book replay of the journal finds, per book, beside what the journal records. */
    private static final class Findings
    {
        final Map<String, StreamFindings> streams = new TreeMap<>();
        final Map<String, Boolean> synced = new TreeMap<>();
        int refusedSnapshots;

        StreamFindings stream(final String key)
        {
            return streams.computeIfAbsent(key, k -> new StreamFindings());
        }

        int total(final java.util.function.ToIntFunction<StreamFindings> count)
        {
            return streams.values().stream().mapToInt(count).sum();
        }
    }

    private static String key(final Market market, final String stream)
    {
        return market.wireName() + " " + stream;
    }

    private static Findings replay(final Path journal)
    {
        final Findings f = new Findings();
        final BookReplay[] books = new BookReplay[1];
        books[0] = new BookReplay(new MarketDataListener()
        {
            @Override
            public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent event)
            {
                if (event.rpi() || !event.symbol().isPresent())
                {
                    return; // not a book's event
                }
                final String key = key(event.market(), frame.streamName());
                final StreamFindings s = f.stream(key);
                final boolean broke = s.broke;
                s.broke = false;
                final long first = event.firstUpdateId();
                final long last = event.lastUpdateId();
                final long previous = event.previousLastUpdateId();
                final boolean hole = s.lastId >= 0 && last > s.lastId
                    && (event.market() == Market.USDM && previous >= 0 ? previous != s.lastId : first > s.lastId + 1);
                if (hole)
                {
                    s.holes.add(new long[] {s.lastId, first});
                    if (broke)
                    {
                        s.breaks++;
                    }
                    else if (books[0].books().findStream(event.market(), frame.streamName()).isSynced())
                    {
                        s.covered++;
                    }
                    else
                    {
                        s.unnoticed++;
                    }
                }
                else if (broke)
                {
                    s.breaksElsewhere++;
                }
                s.lastId = Math.max(s.lastId, last);
            }

            @Override
            public void onDepthSnapshot(final JournalFrame frame, final DepthSnapshotEvent event)
            {
                for (final StreamFindings s : f.streams.values())
                {
                    if (s.broke)
                    {
                        s.breaksElsewhere++;
                        s.broke = false;
                    }
                }
            }
        }, new BookListener()
        {
            @Override
            public void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
            {
                f.stream(key(book.market(), book.stream())).broke = true;
            }

            @Override
            public void onSnapshotRefused(final OrderBook book, final long snapshotId, final long firstEventId, final String reason)
            {
                f.refusedSnapshots++;
            }
        }, (index, time, event) ->
        {
            if (event instanceof SessionEvent.GapDetected g)
            {
                f.stream(key(g.market(), g.stream())).gaps.add(new long[] {g.lastId(), g.nextId()});
            }
        }, (frame, reason) ->
        {
            // cut frames do not decode: the next event shows the hole
        });
        try (Replayer replayer = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            replayer.run(books[0], books[0]);
        }
        for (final String book : BOOKS)
        {
            final String[] parts = book.split(" ");
            final OrderBook b = books[0].books().findStream(Market.fromName(parts[0]), parts[1]);
            f.synced.put(book, b != null && b.isSynced());
            f.stream(book);
        }
        return f;
    }

    private long journalGaps()
    {
        return recorder.gaps();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyBreakABookFindsIsAJournaledGapAndEveryBookResyncs(final Fault fault)
    {
        final Path journal = dir.resolve("journal");
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(100));
        recorder = Recorder.start(config(journal), null);
        await(() -> recorder.frames() > 500 && replay(journal).synced.values().stream().allMatch(s -> s), "every book in sync");

        final Faults faults = simulator.faults();
        long staleEarlierRuns = 0;
        switch (fault)
        {
            case DROPS ->
            {
                faults.dropAfterFrames(400);
                await(() -> recorder.reconnects() >= 3, "three drops");
            }
            case STALLS ->
            {
                faults.stall(Duration.ofSeconds(4));
                await(() -> recorder.reconnects() >= 1, "a silent connection replaced");
            }
            case REFUSALS ->
            {
                faults.refuseConnections(Duration.ofSeconds(2), 429).dropAllNow();
                await(() -> recorder.reconnects() >= 3, "reconnects through the refusals");
            }
            case REST_ERRORS ->
            {
                faults.restErrors(3, 503).gapEvery(60);
                await(() -> journalGaps() >= 2, "gaps whose snapshots meet server errors");
            }
            case STALE_SNAPSHOTS ->
            {
                faults.staleSnapshots(3).gapEvery(60);
                await(() -> journalGaps() >= 3, "gaps whose snapshots come stale");
            }
            case CUT_FRAMES ->
            {
                faults.malformedEvery(37);
                await(() -> journalGaps() >= 3, "cut depth events journaled as gaps");
            }
            case WITHHELD_EVENTS ->
            {
                faults.gapEvery(50);
                await(() -> journalGaps() >= 3, "withheld events journaled as gaps");
            }
            case RESTART ->
            {
                recorder.stop("restart");
                staleEarlierRuns = recorder.staleSnapshots();
                final long ticks = simulator.ticks();
                await(() -> simulator.ticks() > ticks + 50, "the market to move on while stopped");
                recorder = Recorder.start(config(journal), null);
            }
            case TOGETHER ->
            {
                faults.dropAfterFrames(700).gapEvery(70).malformedEvery(53).staleSnapshots(2).restErrors(2, 500);
                await(() -> recorder.reconnects() >= 2 && journalGaps() >= 4, "drops and gaps together");
            }
        }
        faults.clear();
        final long after = recorder.frames();
        final Findings[] last = new Findings[1];
        await(() -> recorder.frames() > after + 300 && (last[0] = replay(journal)).synced.values().stream().allMatch(s -> s),
            () -> "every book in sync again after " + fault + ": " + (last[0] == null ? "" : last[0].synced + " " + last[0].streams
                + " refused " + last[0].refusedSnapshots));
        recorder.stop("test done");

        final Findings f = replay(journal);
        for (final Map.Entry<String, StreamFindings> e : f.streams.entrySet())
        {
            final StreamFindings s = e.getValue();
            final String where = fault + ", " + e.getKey() + " (" + s + "): ";
            s.holes.forEach(h -> assertTrue(s.gapInside(h), () -> where + "no gap journaled for the hole after " + h[0] + " before " + h[1]));
            s.gaps.forEach(g -> assertTrue(s.holeAround(g), () -> where + "a gap journaled from " + g[0] + " to " + g[1]
                + " where the events follow on"));
            assertEquals(0, s.unnoticed, where + "holes the book neither broke at nor was in sync after");
            assertEquals(0, s.breaksElsewhere, where + "breaks the book found where the events follow on");
        }
        if (fault != Fault.REST_ERRORS && fault != Fault.STALLS)
        {
            assertTrue(f.total(s -> s.gaps.size()) > 0 && f.total(s -> s.breaks) > 0, fault + " made gaps that books broke at: " + f.streams);
        }
        assertTrue(f.synced.values().stream().allMatch(s -> s), "every book in sync at the end: " + f.synced);
        // a snapshot is stale when served stale, or when another gap came while it was fetched: recorder and book agree
        assertEquals(staleEarlierRuns + recorder.staleSnapshots(), f.refusedSnapshots,
            fault + ": the snapshots a book refuses are those the recorder found stale and fetched again");
        if (fault == Fault.STALE_SNAPSHOTS)
        {
            assertTrue(f.refusedSnapshots >= 3, "the snapshots served stale were refused: " + f.refusedSnapshots);
        }
    }
}
