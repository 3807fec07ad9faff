package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.book.BookListener;
import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.BookTickerEvent;
import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.recorder.Recorder;
import dev.ticktape.recorder.RecorderConfig;
import dev.ticktape.core.book.BookReplay;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.Replayer;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/** Book replay over a recording with gaps: books rebuilt from snapshots and diffs, gaps reported, never papered over. */
@Timeout(120)
class BookReplayTest
{
    @TempDir
    Path dir;

    @Test
    void booksFollowTheBookTickerAndAJournalGapIsReportedThenResynced()
    {
        final Path journal = dir.resolve("journal");
        try (Simulator simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(300)))
        {
            simulator.faults().gapEvery(40);
            final Recorder recorder = Recorder.start(new RecorderConfig().journal(journal).statusInterval(Duration.ZERO)
                .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@depth@100ms", "btcusdt@bookTicker"),
                    simulator.baseUri(Market.SPOT), simulator.restBaseUri())), null);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (recorder.frames() < 2000)
            {
                assertTrue(System.nanoTime() < deadline);
                LockSupport.parkNanos(20_000_000);
            }
            recorder.stop("test");
        }

        final List<String> gaps = new ArrayList<>();
        final AtomicLong updatesAfterGap = new AtomicLong();
        final List<SessionEvent.GapDetected> journalGaps = new ArrayList<>();
        final long[] matched = new long[2]; // {agree, disagree}
        final BookReplay[] replay = new BookReplay[1];
        final Decimal bid = new Decimal();
        final Decimal bidQty = new Decimal();
        replay[0] = new BookReplay(new MarketDataListener()
        {
            @Override
            public void onBookTicker(final JournalFrame frame, final BookTickerEvent event)
            {
                final OrderBook book = replay[0].books().find(Market.SPOT, "BTCUSDT");
                if (book != null && book.isSynced() && book.lastUpdateId() == event.updateId() && book.bestBid(bid, bidQty))
                {
                    matched[bid.toBigDecimal().compareTo(event.bidPrice().toBigDecimal()) == 0 ? 0 : 1]++;
                }
            }
        }, new BookListener()
        {
            @Override
            public void onBookUpdated(final OrderBook book)
            {
                if (!gaps.isEmpty())
                {
                    updatesAfterGap.incrementAndGet();
                }
            }

            @Override
            public void onBookGap(final OrderBook book, final long expectedId, final long actualId, final String reason)
            {
                gaps.add(reason + " " + expectedId + " " + actualId);
            }
        }, (index, time, event) ->
        {
            if (event instanceof SessionEvent.GapDetected g)
            {
                journalGaps.add(g);
            }
        }, (frame, reason) -> fail("undecodable frame: " + reason));

        try (Replayer replayer = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            replayer.run(replay[0], replay[0]);
        }
        assertFalse(journalGaps.isEmpty(), "the recorder journaled the gaps");
        assertFalse(gaps.isEmpty(), "the book saw them too: " + gaps);
        assertTrue(updatesAfterGap.get() > 0, "and was rebuilt from the next snapshot");
        assertTrue(matched[0] > 20, "book and book ticker agree when at the same update id: " + matched[0]);
        assertEquals(0, matched[1], "never a wrong book");
    }
}
