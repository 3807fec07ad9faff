package dev.ticktape.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class MarketScaleTest extends SimulatorSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode get(final String path) throws Exception
    {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(simulator.restBaseUri() + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void exchangeInformationListsTheWholeMarketWithItsQuoteAssetsAndContractTypes() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().marketScale(300, 100).seed(3));
        final JsonNode spot = get("/api/v3/exchangeInfo").get("symbols");
        assertEquals(300, spot.size());
        final List<String> quotes = new ArrayList<>();
        spot.forEach(s -> quotes.add(s.get("quoteAsset").asText()));
        assertTrue(quotes.containsAll(List.of("USDT", "BTC", "USDC", "FDUSD")), quotes.toString());
        final JsonNode futures = get("/fapi/v1/exchangeInfo").get("symbols");
        assertEquals(100, futures.size());
        final List<String> types = new ArrayList<>();
        futures.forEach(s -> types.add(s.get("contractType").asText()));
        assertTrue(types.containsAll(List.of("PERPETUAL", "CURRENT_QUARTER", "NEXT_QUARTER")), types.toString());
        final JsonNode quarterly = futures.get(1);
        assertTrue(quarterly.get("symbol").asText().matches("BTCUSDT_\\d{6}"), quarterly.toString());
        assertEquals("BTCUSDT", quarterly.get("pair").asText());
        // a quarterly's streams are served under its own name
        final String stream = quarterly.get("symbol").asText().toLowerCase(java.util.Locale.ROOT) + "@bookTicker";
        final Client c = connect(Market.USDM, "/public/ws/" + stream);
        assertTrue(c.next().contains("\"s\":\"" + quarterly.get("symbol").asText() + "\""));
    }

    @Test
    void theBusiestSymbolsPushFarMoreThanTheTail() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().marketScale(2_000, 10).stepsPerSecond(1_000));
        final List<String> spot = MarketUniverse.spot(2_000, 1);
        final Client busy = connect(Market.SPOT, "/ws/" + spot.get(0).toLowerCase(java.util.Locale.ROOT) + "@trade");
        final Client quiet = connect(Market.SPOT, "/ws/" + spot.get(1_999).toLowerCase(java.util.Locale.ROOT) + "@trade");
        // 300 trades of the busiest symbol take about a second (an event a step, a trade in three)
        for (int i = 0; i < 300; i++)
        {
            busy.next();
        }
        assertTrue(quiet.messages.size() < 10, "the quiet symbol traded " + quiet.messages.size() + " times meanwhile");
    }

    @Test
    void futuresListingsAndDelistingsAreAnnouncedOnContractInfo() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().marketScale(10, 10));
        final Client c = connect(Market.USDM, "/market/ws/!contractInfo");
        // the subscription is in place once the periodic bracket update arrives (every 10 s of event time): do not wait for it
        awaitSubscribed(c);
        simulator.list(Market.USDM, "NEWCOINUSDT");
        final JsonNode listed = nextContractInfo(c, "NEWCOINUSDT");
        assertEquals("TRADING", listed.get("cs").asText());
        assertEquals("PERPETUAL", listed.get("ct").asText());
        assertNotNull(listed.get("bks"));
        simulator.delist(Market.USDM, "NEWCOINUSDT");
        final JsonNode delisted = nextContractInfo(c, "NEWCOINUSDT");
        assertEquals("SETTLING", delisted.get("cs").asText());
        assertTrue(delisted.get("dt").asLong() < MarketUniverse.PERPETUAL_DELIVERY, "the delivery time moved to the delisting");
    }

    /** Lists and delists a probe symbol until its announcement arrives: then the client's subscription is known to be in place. */
    private void awaitSubscribed(final Client c) throws Exception
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            simulator.list(Market.USDM, "PROBEUSDT");
            simulator.delist(Market.USDM, "PROBEUSDT");
            final String m = c.messages.poll(100, TimeUnit.MILLISECONDS);
            if (m != null)
            {
                c.messages.clear();
                return;
            }
        }
        throw new AssertionError("no contractInfo arrived");
    }

    private static JsonNode nextContractInfo(final Client c, final String symbol) throws Exception
    {
        while (true)
        {
            final JsonNode event = JSON.readTree(c.next());
            if (event.get("s").asText().equals(symbol))
            {
                return event;
            }
        }
    }
}
