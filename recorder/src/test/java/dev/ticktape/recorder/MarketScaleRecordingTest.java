package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole market for a minute: 2,000 symbols on spot and 2,000 on futures, with trades, book
 * tickers and diff depth of every one (12,000 streams, 16 connections within Binance's limits), at
 * a realistic spread of activity. Every frame the simulator sent is in the journal, no gap is
 * found on the clean feed, no connection was refused, closed or replaced, and the connections
 * never waited for the journal thread.
 */
@Timeout(240)
class MarketScaleRecordingTest extends RecorderSupport
{
    @Test
    void aMinuteOfTheWholeMarketIsRecordedFrameForFrame() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().marketScale(2_000, 2_000).stepsPerSecond(300));
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO).snapshots(false)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of(), simulator.baseUri(Market.SPOT), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("trade", "bookTicker", "depth@100ms"), List.of(), List.of(), List.of())))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("aggTrade", "bookTicker", "depth@100ms"), List.of(), List.of(), List.of())));
        recorder = Recorder.start(config, null);
        // a minute of the model's clock (300 steps a second)
        await(() -> simulator.ticks() >= 300L * 60, "a minute of the market");
        assertEquals(6_000, recorder.metrics().liveStreams.applyAsInt(Market.SPOT), "every spot stream live");
        assertEquals(6_001, recorder.metrics().liveStreams.applyAsInt(Market.USDM), "every futures stream live, and !contractInfo");
        // the feed stops (the connections stay open), and what was sent reaches the journal
        simulator.faults().stall(Duration.ofHours(1));
        final long sent = simulator.framesSent();
        try (JournalReader tail = JournalReader.open(dir.resolve("j")))
        {
            final long[] journaled = new long[1];
            await(() ->
            {
                while (tail.read(f -> journaled[0] += f.kind() == FrameKind.TEXT && !f.streamName().isEmpty() ? 1 : 0, (i, t, e) -> { }))
                {
                    // all there is so far
                }
                return journaled[0] >= sent;
            }, "every frame sent journaled");
        }
        final long ringFull = recorder.metrics().ringFullCount();
        recorder.stop("done");

        final List<SessionEvent> events = new ArrayList<>();
        final long[] counts = new long[1];
        try (JournalReader reader = JournalReader.open(dir.resolve("j")))
        {
            while (reader.read(f -> counts[0] += f.kind() == FrameKind.TEXT && !f.streamName().isEmpty() ? 1 : 0,
                (index, t, e) -> events.add(e)))
            {
                // read all
            }
        }
        assertEquals(sent, counts[0], "every frame the simulator sent, each once");
        assertTrue(sent > 300_000, "a busy minute: " + sent + " frames");
        final List<SessionEvent> beforeStop = events.subList(0, events.indexOf(events.stream()
            .filter(SessionEvent.RecordingStopped.class::isInstance).findFirst().orElseThrow()));
        // spot: 6,000 streams on 6 connections; futures: bookTicker and depth on /public (4,000: 4), aggTrade on /market
        // with !contractInfo (2,001: 2)
        assertEquals(12, beforeStop.stream().filter(SessionEvent.ConnectionOpened.class::isInstance).count(),
            "one connection per 1,024 streams and route, none replaced");
        assertEquals(List.of(), beforeStop.stream().filter(e -> e instanceof SessionEvent.GapDetected
            || e instanceof SessionEvent.ConnectionClosed c && !c.reason().equals("recorder stopping")
            || e instanceof SessionEvent.Overlap).toList(), "no gap, no connection lost");
        assertEquals(0, ringFull, "the connections never waited for the journal thread");
    }
}
