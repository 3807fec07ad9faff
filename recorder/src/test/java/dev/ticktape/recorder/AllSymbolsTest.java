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
    void listingsAreSubscribedWithTheirSnapshotsAndDelistingsUnsubscribed() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(100));
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO)
            .streamsPerConnection(4).symbolsRefresh(Duration.ofMillis(200))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of(), simulator.baseUri(Market.SPOT), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("trade", "depth@100ms"), List.of("USDT"), List.of(), List.of())));
        final List<String> status = new java.util.concurrent.CopyOnWriteArrayList<>();
        recorder = Recorder.start(config, status::add);
        await(() -> streams(FrameKind.TEXT).containsAll(Set.of("btcusdt@trade", "ethusdt@trade")), "frames of both symbols");
        simulator.list(Market.SPOT, "SOLUSDT");
        simulator.list(Market.SPOT, "XRPUSDT");
        simulator.delist(Market.SPOT, "ETHUSDT");
        // the shard of four streams has room for SOLUSDT's two once ETHUSDT's are gone; XRPUSDT's need a new connection
        await(() -> streams(FrameKind.TEXT).containsAll(Set.of("solusdt@trade", "solusdt@depth@100ms", "xrpusdt@trade",
            "xrpusdt@depth@100ms")) && snapshotsOf(Set.of("SOLUSDT", "XRPUSDT")), "frames and snapshots of both listings");
        recorder.stop("done");
        final Journal j = Journal.read(dir.resolve("j"));
        final List<SessionEvent.Unsubscribed> gone = j.events(SessionEvent.Unsubscribed.class);
        assertEquals(1, gone.size(), gone.toString());
        assertEquals(Set.of("ethusdt@trade", "ethusdt@depth@100ms"), Set.copyOf(gone.get(0).streams()));
        assertEquals("delisted", gone.get(0).reason());
        assertTrue(j.events(SessionEvent.Subscribed.class).stream().anyMatch(e -> e.connectionId() == gone.get(0).connectionId()
            && Set.copyOf(e.streams()).equals(Set.of("solusdt@trade", "solusdt@depth@100ms"))), "SOLUSDT joins the same connection");
        assertEquals(2, j.events(SessionEvent.ConnectionOpened.class).size(), "one new connection, for XRPUSDT");
        assertEquals(2, j.frames(FrameKind.REST).stream().filter(f -> f.stream().equals(StreamNames.EXCHANGE_INFO)).count(),
            "the exchange information at the start and once more when the symbols changed");
        assertTrue(j.events(SessionEvent.GapDetected.class).isEmpty(), j.events(SessionEvent.GapDetected.class).toString());
        assertTrue(status.stream().anyMatch(s -> s.contains("listed [SOLUSDT, XRPUSDT], delisted [ETHUSDT]")), status.toString());
    }

    @Test
    void futuresListingsAreFollowedByContractInfoWithoutWaitingForTheTimedRefresh() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).stepsPerSecond(200));
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO)
            .symbolsRefresh(Duration.ofHours(1)).snapshots(false)
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("aggTrade", "bookTicker"), List.of(), List.of(), List.of())));
        recorder = Recorder.start(config, null);
        await(() -> streams(FrameKind.TEXT).containsAll(Set.of("btcusdt@aggTrade", "ethusdt@bookTicker")), "frames of both symbols");
        simulator.list(Market.USDM, "SOLUSDT");
        await(() -> streams(FrameKind.TEXT).containsAll(Set.of("solusdt@aggTrade", "solusdt@bookTicker")), "frames of the listing");
        simulator.delist(Market.USDM, "ETHUSDT");
        // bookTicker is served on /public and aggTrade on /market: a connection each, each unsubscribes its own
        await(() -> unsubscribed() == 2, "the delisting unsubscribed on both routes");
        recorder.stop("done");
        final Journal j = Journal.read(dir.resolve("j"));
        assertTrue(j.frames(FrameKind.TEXT).stream().anyMatch(f -> f.stream().equals("!contractInfo")),
            "the contract events are recorded with the streams");
        assertEquals(Set.of("ethusdt@aggTrade", "ethusdt@bookTicker"), Set.copyOf(j.events(SessionEvent.Unsubscribed.class).stream()
            .flatMap(e -> e.streams().stream()).toList()));
    }

    private int unsubscribed()
    {
        try
        {
            return Journal.read(dir.resolve("j")).events(SessionEvent.Unsubscribed.class).size();
        }
        catch (final Exception e)
        {
            return -1;
        }
    }

    private boolean snapshotsOf(final Set<String> symbols)
    {
        try
        {
            return Journal.read(dir.resolve("j")).events(SessionEvent.SnapshotTaken.class).stream()
                .filter(e -> e.httpStatus() == 200).map(SessionEvent.SnapshotTaken::symbol).toList().containsAll(symbols);
        }
        catch (final Exception e)
        {
            return false;
        }
    }

    @Test
    void theWeightBinanceReportsUsedCountsInTheBudget()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(SYMBOLS).ticksPerSecond(50));
        // other clients on this IP are said to use 2,300 of futures' 2,400 a minute
        simulator.faults().othersWeight(2_300);
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO)
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("aggTrade"), List.of(), List.of(), List.of())));
        recorder = Recorder.start(config, null);
        // the start's exchange information (weight 1) came back with the IP's 2,301 used
        assertEquals(2_301, recorder.metrics().restUsedWeight.applyAsLong(Market.USDM));
        assertEquals(-1, recorder.metrics().restUsedWeight.applyAsLong(Market.SPOT));
        assertTrue(recorder.fetcher().budgetUsed(Market.USDM) >= 2_301,
            "the budget (half of 2,400) is spent: the next call waits for the next minute");
    }

    @Test
    void aWeightReportedForAMinuteAlreadyOverCountsForNothing()
    {
        // Binance counts weight per clock minute and dates each response; a recorder whose clock is two
        // minutes ahead is in a later minute than every report, so the 2,301 used does not fill its budget
        simulator = Simulator.start(new SimulatorConfig().symbols(SYMBOLS).ticksPerSecond(50));
        simulator.faults().othersWeight(2_300);
        final org.agrona.concurrent.EpochNanoClock system = new org.agrona.concurrent.OffsetEpochNanoClock();
        final RecorderConfig config = new RecorderConfig().journal(dir.resolve("j")).statusInterval(Duration.ZERO)
            .clock(() -> system.nanoTime() + Duration.ofMinutes(2).toNanos())
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), false,
                new RecorderConfig.AllSymbols(List.of("aggTrade"), List.of(), List.of(), List.of())));
        recorder = Recorder.start(config, null);
        assertEquals(2_301, recorder.metrics().restUsedWeight.applyAsLong(Market.USDM), "reported all the same");
        assertEquals(1, recorder.fetcher().budgetUsed(Market.USDM), "the budget holds its own call's weight only");
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
