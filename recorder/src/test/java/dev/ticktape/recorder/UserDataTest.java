package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** User-data streams: a listen key created with the API key, kept alive, replaced when it expires. */
class UserDataTest extends RecorderSupport
{
    private long count(final Journal j, final Market market, final String eventType)
    {
        return j.frames(FrameKind.TEXT).stream()
            .filter(f -> f.market() == market && f.text().contains("\"e\":\"" + eventType + "\"")).count();
    }

    @Test
    void userDataIsRecordedAndItsListenKeyKeptAlive() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).listenKeyValidity(Duration.ofSeconds(2)));
        recorder = Recorder.start(new RecorderConfig().journal(dir).apiKey(KEY).statusInterval(Duration.ZERO)
            .listenKeyKeepAlive(Duration.ofMillis(500))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of("btcusdt@trade"), simulator.baseUri(Market.SPOT),
                simulator.restBaseUri(), true))
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), true)),
            null);
        // Three times the key's validity: without the keep-alive PUTs it would have expired.
        await(() -> count(Journal.read(dir), Market.USDM, "ACCOUNT_UPDATE") >= 6, "six seconds of futures account updates");
        recorder.stop("done");
        final Journal j = Journal.read(dir);
        assertTrue(count(j, Market.SPOT, "balanceUpdate") >= 5, "spot balance updates");
        assertTrue(count(j, Market.SPOT, "outboundAccountPosition") >= 5, "spot account positions");
        assertTrue(count(j, Market.SPOT, "trade") > 100, "market data alongside");
        assertEquals(0, count(j, Market.SPOT, "listenKeyExpired") + count(j, Market.USDM, "listenKeyExpired"), "kept alive");
        assertEquals(0, recorder.reconnects());
        for (final Journal.Frame f : j.frames(FrameKind.TEXT))
        {
            if (f.text().contains("\"e\":\"balanceUpdate\"") || f.text().contains("\"e\":\"ACCOUNT_UPDATE\""))
            {
                assertEquals("userData", f.stream(), "user-data frames are journaled under the stream userData");
            }
        }
        final List<String> urls = j.events(SessionEvent.ConnectionOpened.class).stream().map(SessionEvent.ConnectionOpened::url).toList();
        assertTrue(urls.contains(simulator.baseUri(Market.SPOT) + "/ws/<listenKey>"), urls.toString());
        assertTrue(urls.contains(simulator.baseUri(Market.USDM) + "/private/ws/<listenKey>"), urls.toString());

        // The listen keys themselves (POST returns the valid key again) are in no byte of the journal.
        for (final String path : List.of("/api/v3/userDataStream", "/fapi/v1/listenKey"))
        {
            final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.restBaseUri() + path))
                .header("X-MBX-APIKEY", KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            final String listenKey = JSON.readTree(r.body()).get("listenKey").asText();
            assertEquals(60, listenKey.length());
            try (Stream<Path> files = Files.walk(dir))
            {
                for (final Path file : files.filter(Files::isRegularFile).toList())
                {
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(listenKey),
                        "the listen key is in " + file);
                }
            }
        }
    }

    @Test
    void anExpiredListenKeyIsReplacedByANewOne() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).listenKeyValidity(Duration.ofMillis(1500)));
        recorder = Recorder.start(new RecorderConfig().journal(dir).apiKey(KEY).statusInterval(Duration.ZERO)
            .listenKeyKeepAlive(Duration.ofHours(1))
            .add(new RecorderConfig.MarketStreams(Market.SPOT, List.of(), simulator.baseUri(Market.SPOT), simulator.restBaseUri(), true)),
            null);
        await(() ->
        {
            final Journal j = Journal.read(dir);
            final List<Journal.Frame> expired = j.frames(FrameKind.TEXT).stream().filter(f -> f.text().contains("listenKeyExpired")).toList();
            return !expired.isEmpty() && j.frames(FrameKind.TEXT).stream()
                .anyMatch(f -> f.text().contains("balanceUpdate") && f.connection() != expired.get(0).connection());
        }, "an expiry and account events on a new connection");
        recorder.stop("done");
        final Journal j = Journal.read(dir);
        assertTrue(recorder.reconnects() >= 1);
        assertTrue(j.events(SessionEvent.ConnectionClosed.class).stream().anyMatch(c -> c.remote()), "the server closed the stream");
        assertTrue(j.events(SessionEvent.ConnectionOpened.class).size() >= 2);
    }

    @Test
    void userDataNeedsAnApiKeyAndJson()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")));
        final RecorderConfig noKey = new RecorderConfig().journal(dir)
            .add(new RecorderConfig.MarketStreams(Market.USDM, List.of(), simulator.baseUri(Market.USDM), simulator.restBaseUri(), true));
        final dev.ticktape.core.TicktapeException e = assertThrows(dev.ticktape.core.TicktapeException.class, () -> Recorder.start(noKey, null));
        assertTrue(e.getMessage().contains("user-data stream needs an API key"), e.getMessage());
        assertThrows(dev.ticktape.core.TicktapeException.class, () -> new RecorderConfig.MarketStreams(Market.SPOT_SBE, List.of(),
            simulator.baseUri(Market.SPOT_SBE), simulator.restBaseUri(), true));
    }
}
