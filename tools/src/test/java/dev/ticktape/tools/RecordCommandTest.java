package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code ticktape record} against the simulator, in process. */
@Timeout(60)
class RecordCommandTest
{
    @TempDir
    Path dir;
    Simulator simulator;

    @BeforeEach
    void startSimulator()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(100));
    }

    @AfterEach
    void stopSimulator()
    {
        simulator.close();
    }

    @Test
    void recordsForItsDurationAndExitsZero() throws Exception
    {
        final Path journal = dir.resolve("j");
        final Path key = Files.writeString(dir.resolve("key"), "cli-secret-key-77\n");
        final TicktapeCliTest.Run r = TicktapeCliTest.run("record", "--journal", journal.toString(), "--duration", "2s",
            "--status-interval", "500ms", "--api-key-file", key.toString(),
            "--market", "spot", "--streams", "btcusdt@depth@100ms,ethusdt@trade", "--endpoint", simulator.baseUri(Market.SPOT).toString(),
            "--rest-endpoint", simulator.restBaseUri().toString(),
            "--market", "spot-sbe", "--streams", "btcusdt@trade", "--endpoint", simulator.baseUri(Market.SPOT_SBE).toString(),
            "--rest-endpoint", simulator.restBaseUri().toString(),
            "--market", "usdm", "--user-data", "--endpoint", simulator.baseUri(Market.USDM).toString(),
            "--rest-endpoint", simulator.restBaseUri().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("recorded "), r.out());
        assertTrue(r.err().contains("ticktape: "), "status lines: " + r.err());
        assertFalse(r.out().contains("cli-secret-key-77") || r.err().contains("cli-secret-key-77"));
        final TicktapeCliTest.Run events = TicktapeCliTest.run("cat", "--journal", journal.toString(), "--events");
        assertEquals(0, events.code(), events.err());
        assertTrue(events.out().contains("recordingStarted") && events.out().contains("recordingStopped")
            && events.out().contains("snapshotTaken"), events.out());
        final TicktapeCliTest.Run frames = TicktapeCliTest.run("cat", "--journal", journal.toString());
        assertEquals(0, frames.code(), frames.err());
        assertTrue(frames.out().lines().anyMatch(l -> l.contains("\"stream\":\"userData\"") && l.contains("ACCOUNT_UPDATE")),
            "the futures user-data stream was recorded");
    }

    @Test
    void aYamlConfigurationListsMarketsAndSymbols() throws Exception
    {
        final Path config = Files.writeString(dir.resolve("ticktape.yaml"), String.join("\n",
            "journal: " + dir.resolve("y"),
            "snapshots: false",
            "markets:",
            "  usdm:",
            "    endpoint: " + simulator.baseUri(Market.USDM),
            "    restEndpoint: " + simulator.restBaseUri(),
            "    symbols: [btcusdt, ethusdt]",
            "    streamTypes: [depth@100ms, aggTrade]",
            ""));
        final TicktapeCliTest.Run r = TicktapeCliTest.run("record", "--config", config.toString(), "--duration", "1s",
            "--status-interval", "0s");
        assertEquals(0, r.code(), r.err());
        final TicktapeCliTest.Run inspect = TicktapeCliTest.run("inspect", "--journal", dir.resolve("y").toString());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("usdm"), inspect.out());
        final TicktapeCliTest.Run events = TicktapeCliTest.run("cat", "--journal", dir.resolve("y").toString(), "--events");
        assertTrue(events.out().contains("recordingStarted") && !events.out().contains("snapshotTaken"), "snapshots: false");
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception
    {
        final TicktapeCliTest.Run unknown = TicktapeCliTest.run("record", "--journal", dir.resolve("a").toString(),
            "--market", "spot", "--streams", "btcusdt@nonsense");
        assertEquals(2, unknown.code());
        assertEquals("ticktape: unknown spot stream 'btcusdt@nonsense'", unknown.err().strip());
        final Path bad = Files.writeString(dir.resolve("bad.yaml"), "markets: [oops\n");
        final TicktapeCliTest.Run malformed = TicktapeCliTest.run("record", "--config", bad.toString());
        assertEquals(2, malformed.code());
        assertTrue(malformed.err().startsWith("ticktape: malformed configuration"), malformed.err());
        assertEquals(1, malformed.err().strip().lines().count(), malformed.err());
        final TicktapeCliTest.Run nothing = TicktapeCliTest.run("record", "--journal", dir.resolve("b").toString());
        assertEquals(2, nothing.code());
        final TicktapeCliTest.Run typesAlone = TicktapeCliTest.run("record", "--journal", dir.resolve("e").toString(),
            "--market", "usdm", "--streams", "btcusdt@trade", "--stream-types", "aggTrade");
        assertEquals(2, typesAlone.code());
        assertEquals("ticktape: --stream-types goes with --all-symbols", typesAlone.err().strip());
        final TicktapeCliTest.Run allWithoutTypes = TicktapeCliTest.run("record", "--journal", dir.resolve("f").toString(),
            "--market", "usdm", "--all-symbols");
        assertEquals(2, allWithoutTypes.code());
        assertEquals("ticktape: symbols: all needs the stream types to record (streamTypes, --stream-types)",
            allWithoutTypes.err().strip());
        final TicktapeCliTest.Run unreachable = TicktapeCliTest.run("record", "--journal", dir.resolve("c").toString(),
            "--market", "spot", "--streams", "btcusdt@trade", "--endpoint", "ws://127.0.0.1:1", "--status-interval", "0s");
        assertEquals(4, unreachable.code(), unreachable.err());
        assertTrue(unreachable.err().startsWith("ticktape: cannot connect to ws://127.0.0.1:1"), unreachable.err());
        final TicktapeCliTest.Run port = TicktapeCliTest.run("record", "--journal", dir.resolve("d").toString(),
            "--market", "spot", "--streams", "btcusdt@trade", "--metrics-port", "99999");
        assertEquals(2, port.code(), port.err());
        assertEquals("ticktape: metrics port 99999 is not a port number (0 to 65535)", port.err().strip());
        final Path typo = Files.writeString(dir.resolve("typo.yaml"), "journal: x\nmarkets:\n  spot:\n    symbol: [btcusdt]\n"
            + "    streamTypes: [trade]\n");
        final TicktapeCliTest.Run inMarket = TicktapeCliTest.run("record", "--config", typo.toString());
        assertEquals(2, inMarket.code(), inMarket.err());
        assertTrue(inMarket.err().contains("unknown key 'symbol' in market 'spot'"), inMarket.err());
    }
}
