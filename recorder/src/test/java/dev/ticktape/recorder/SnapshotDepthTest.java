package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A market's own snapshot depth: shallower snapshots sync more books per minute of request weight. */
@Timeout(90)
class SnapshotDepthTest extends RecorderSupport
{
    @Test
    void eachMarketFetchesItsSnapshotsAtItsOwnDepth() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final Path yaml = dir.resolve("depth.yaml");
        Files.writeString(yaml, String.join("\n",
            "journal: " + dir.resolve("j"),
            "snapshotLimit: 500",
            "markets:",
            "  spot:",
            "    endpoint: " + simulator.baseUri(Market.SPOT),
            "    restEndpoint: " + simulator.restBaseUri(),
            "    streams: [btcusdt@depth@100ms]",
            "  usdm:",
            "    endpoint: " + simulator.baseUri(Market.USDM),
            "    restEndpoint: " + simulator.restBaseUri(),
            "    snapshotLimit: 7",
            "    streams: [btcusdt@depth@100ms]",
            ""), StandardCharsets.UTF_8);
        recorder = Recorder.start(RecorderConfig.fromYaml(yaml).statusInterval(Duration.ZERO), null);
        await(() -> snapshots().size() >= 2, "a snapshot of each market");
        recorder.stop("done");
        final List<SessionEvent.SnapshotTaken> taken = snapshots();
        final SessionEvent.SnapshotTaken spot = taken.stream().filter(e -> e.market() == Market.SPOT).findFirst().orElseThrow();
        final SessionEvent.SnapshotTaken usdm = taken.stream().filter(e -> e.market() == Market.USDM).findFirst().orElseThrow();
        assertTrue(spot.url().endsWith("limit=500"), spot.url());
        assertTrue(usdm.url().endsWith("limit=10"), "futures takes 5, 10, 20, ...: 7 rounds up to 10: " + usdm.url());
    }

    private List<SessionEvent.SnapshotTaken> snapshots()
    {
        try
        {
            return Journal.read(dir.resolve("j")).events(SessionEvent.SnapshotTaken.class).stream().filter(e -> e.httpStatus() == 200)
                .toList();
        }
        catch (final Exception e)
        {
            return List.of();
        }
    }
}
