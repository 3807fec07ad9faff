package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.journal.FrameKind;
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
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** {@code symbols: all}: the symbols come from the exchange information the recorder fetches and journals at its start. */
@Timeout(90)
class AllSymbolsTest extends RecorderSupport
{
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDC", "ETHBTC");

    @Test
    void everySymbolThatPassesTheFiltersIsRecordedFromTheJournaledExchangeInformation() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(SYMBOLS).ticksPerSecond(100));
        final Path yaml = dir.resolve("all.yaml");
        Files.writeString(yaml, String.join("\n",
            "journal: " + dir.resolve("j"),
            "markets:",
            "  spot:",
            "    endpoint: " + simulator.baseUri(Market.SPOT),
            "    restEndpoint: " + simulator.restBaseUri(),
            "    symbols: all",
            "    quoteAssets: [usdt, USDC]",
            "    streamTypes: [trade, bookTicker]",
            "  usdm:",
            "    endpoint: " + simulator.baseUri(Market.USDM),
            "    restEndpoint: " + simulator.restBaseUri(),
            "    symbols: all",
            "    contractTypes: [PERPETUAL]",
            "    streamTypes: [aggTrade]",
            ""), StandardCharsets.UTF_8);
        final RecorderConfig config = RecorderConfig.fromYaml(yaml).statusInterval(Duration.ZERO);
        final List<String> status = new java.util.concurrent.CopyOnWriteArrayList<>();
        recorder = Recorder.start(config, status::add);
        final Set<String> expected = Set.of("btcusdt@trade", "btcusdt@bookTicker", "ethusdt@trade", "ethusdt@bookTicker",
            "solusdc@trade", "solusdc@bookTicker", "btcusdt@aggTrade", "ethusdt@aggTrade", "solusdc@aggTrade", "ethbtc@aggTrade");
        await(() -> streams(FrameKind.TEXT).containsAll(expected), "a frame of every selected stream");
        recorder.stop("done");
        final Journal j = Journal.read(dir.resolve("j"));
        // ETHBTC is quoted in BTC: left out on spot by the quote-asset filter, kept on usdm (no filter there)
        final Set<String> spot = new TreeSet<>();
        j.frames(FrameKind.TEXT).stream().filter(f -> f.market() == Market.SPOT).forEach(f -> spot.add(f.stream()));
        assertEquals(new TreeSet<>(List.of("btcusdt@trade", "btcusdt@bookTicker", "ethusdt@trade", "ethusdt@bookTicker",
            "solusdc@trade", "solusdc@bookTicker")), spot);
        final List<Journal.Frame> info = j.frames(FrameKind.REST).stream().filter(f -> f.stream().equals(StreamNames.EXCHANGE_INFO)).toList();
        assertEquals(Set.of(Market.SPOT, Market.USDM), Set.copyOf(info.stream().map(Journal.Frame::market).toList()),
            "each market's exchange information is journaled once, before its streams");
        assertEquals(2, info.size());
        final List<SessionEvent.Subscribed> subscribed = j.events(SessionEvent.Subscribed.class);
        assertFalse(subscribed.isEmpty());
        assertTrue(status.stream().anyMatch(s -> s.contains("spot: symbols: all resolved to 3 symbols, 6 streams")), status.toString());
    }

    @Test
    void filtersThatMatchNothingAreAUsageErrorAndNothingIsSubscribed()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(SYMBOLS).ticksPerSecond(50));
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("aggTrade"), List.of(), List.of("CURRENT_QUARTER"), List.of())));
        final TicktapeException e = assertThrows(TicktapeException.class, () -> recorder = Recorder.start(config, null));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("matched no symbol"), e.getMessage());
    }

    @Test
    void symbolsAllWithoutStreamTypesOrWithAnUnknownTypeIsRefused()
    {
        assertEquals(ErrorCode.USAGE, assertThrows(TicktapeException.class,
            () -> new RecorderConfig.AllSymbols(List.of(), List.of(), List.of(), List.of())).code());
        assertEquals(ErrorCode.USAGE, assertThrows(TicktapeException.class,
            () -> new RecorderConfig.MarketStreams(Market.SPOT, List.of(), null, null, false,
                new RecorderConfig.AllSymbols(List.of("nosuchstream"), List.of(), List.of(), List.of()))).code());
    }

    private Set<String> streams(final FrameKind kind)
    {
        final Set<String> out = new TreeSet<>();
        try
        {
            Journal.read(dir.resolve("j")).frames(kind).forEach(f -> out.add(f.stream()));
        }
        catch (final Exception e)
        {
            // not yet readable
        }
        return out;
    }
}
