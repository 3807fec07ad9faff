package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots are fetched busiest book first. Sixty spot symbols of a market-scale simulator, the
 * quietest subscribed on the first connection and the busiest on the last (so that asking in the
 * order the books were seen would fetch the quiet ones first); the first snapshot call fails, and
 * while it waits out its backoff every book asks for one. The books fetched next are the busy ones.
 */
@Timeout(120)
class BusiestFirstTest extends RecorderSupport
{
    @Test
    void theBusiestBooksAreSnapshottedFirst() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().marketScale(60, 1).stepsPerSecond(20));
        final List<String> symbols = new ArrayList<>(SimulatorConfig.marketSymbols(Market.SPOT, 60, 1));
        java.util.Collections.reverse(symbols); // quietest first
        final List<String> streams = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT) + "@depth@100ms").toList();
        simulator.faults().restErrors(1, 500);
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO)
            .streamsPerConnection(20).snapshotLimit(100)
            .add(new RecorderConfig.MarketStreams(Market.SPOT, streams, simulator.baseUri(Market.SPOT), simulator.restBaseUri(), false, null));
        recorder = Recorder.start(config, null);
        await(() -> snapshots().size() >= 60, "a snapshot of every book");
        recorder.stop("done");
        final List<String> order = snapshots();
        final List<String> busiestFirst = SimulatorConfig.marketSymbols(Market.SPOT, 60, 1);
        // ranks of activity (0 the busiest) of the books in the order they were fetched, after the one that failed
        final List<Integer> ranks = order.subList(1, order.size()).stream().map(busiestFirst::indexOf).toList();
        final double first = ranks.subList(0, 10).stream().mapToInt(Integer::intValue).average().orElseThrow();
        final double last = ranks.subList(ranks.size() - 10, ranks.size()).stream().mapToInt(Integer::intValue).average().orElseThrow();
        assertTrue(first < 10 && last > 40, "mean rank of the first ten fetched " + first + ", of the last ten " + last + ": " + ranks);
    }

    /** The symbols of the successful snapshots, in the order they were journaled. */
    private List<String> snapshots()
    {
        try
        {
            return Journal.read(dir.resolve("j")).events(SessionEvent.SnapshotTaken.class).stream()
                .filter(e -> e.httpStatus() == 200).map(SessionEvent.SnapshotTaken::symbol).toList();
        }
        catch (final Exception e)
        {
            return List.of();
        }
    }
}
