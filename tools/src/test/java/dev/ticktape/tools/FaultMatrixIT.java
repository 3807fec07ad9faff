package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.MarketDataListener;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The simulator's faults, one by one and together, against a recording of spot, spot SBE and
 * futures diff depth: for every book, the breaks a book replay of the journal finds equal the gaps
 * the journal records; every book is in sync again after the fault, and refuses exactly the
 * snapshots the recorder found stale (and fetched again). (A disk or inode table filling at the roll is {@code LoudStopTest}'s, a kill -9
 * and restart {@code RecorderProcessIT}'s: both need what a test inside one JVM cannot do alone.)
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

    /** What a book replay of the journal finds, per book, beside what the journal records. */
    private static final class Findings
    {
        final Map<String, Integer> bookBreaks = new TreeMap<>();
        final Map<String, Integer> journalGaps = new TreeMap<>();
        final Map<String, Boolean> synced = new TreeMap<>();
        int refusedSnapshots;
        int staleSnapshotsJournaled;
    }

    private static String key(final Market market, final String stream)
    {
        return market.wireName() + " " + stream;
    }

    private static Findings replay(final Path journal)
    {
        final Findings f = new Findings();
        final Map<String, Long> snapshotIds = new HashMap<>();
        final BookReplay[] books = new BookReplay[1];
        books[0] = new BookReplay(new MarketDataListener()
        {
        }, new BookListener()
        {
            @Override
            public void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
            {
                f.bookBreaks.merge(key(book.market(), book.stream()), 1, Integer::sum);
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
                f.journalGaps.merge(key(g.market(), g.stream()), 1, Integer::sum);
            }
        }, (frame, reason) ->
        {
            // cut frames do not decode: the book sees the break at the next event
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
            f.bookBreaks.putIfAbsent(book, 0);
            f.journalGaps.putIfAbsent(book, 0);
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
            () -> "every book in sync again after " + fault + ": " + (last[0] == null ? "" : last[0].synced + " breaks "
                + last[0].bookBreaks + " gaps " + last[0].journalGaps + " refused " + last[0].refusedSnapshots));
        recorder.stop("test done");

        final Findings f = replay(journal);
        assertEquals(f.journalGaps, f.bookBreaks, fault + ": breaks a book replay finds, per book, against the journal's gaps");
        if (fault != Fault.REST_ERRORS && fault != Fault.STALLS)
        {
            assertTrue(f.journalGaps.values().stream().mapToInt(Integer::intValue).sum() > 0, fault + " made gaps: " + f.journalGaps);
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
