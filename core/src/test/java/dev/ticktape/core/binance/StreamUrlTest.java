package dev.ticktape.core.binance;

import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StreamUrlTest
{
    @Test
    void rawAndCombinedUrlsOfEveryMarket()
    {
        final StreamUrl raw = StreamUrl.parse(Market.SPOT, "/ws/btcusdt@trade/ethusdt@kline_1m@+08:00");
        assertEquals("", raw.route());
        assertFalse(raw.combined());
        assertEquals(List.of("btcusdt@trade", "ethusdt@kline_1m@+08:00"), raw.streams());

        final StreamUrl combined = StreamUrl.parse(Market.SPOT_SBE, "/stream?streams=btcusdt@trade%2Fbtcusdt@depth&x=1");
        assertTrue(combined.combined());
        assertEquals(List.of("btcusdt@trade", "btcusdt@depth"), combined.streams());

        assertEquals(List.of(), StreamUrl.parse(Market.SPOT, "/ws").streams());
        assertEquals(List.of(), StreamUrl.parse(Market.SPOT, "/stream").streams(), "subscribe later");
        assertEquals(List.of(), StreamUrl.parse(Market.SPOT, "/stream?streams=").streams());
    }

    @Test
    void futuresUrlsHaveRoutesAndAnUnroutedOneIsPublic()
    {
        assertEquals("market", StreamUrl.parse(Market.USDM, "/market/ws/btcusdt@aggTrade").route());
        assertEquals("public", StreamUrl.parse(Market.USDM, "/public/stream?streams=btcusdt@depth").route());
        assertEquals("private", StreamUrl.parse(Market.USDM, "/private/ws/key").route());
        assertEquals("public", StreamUrl.parse(Market.USDM, "/ws/btcusdt@bookTicker").route());
        assertEquals(List.of("btcusdt@aggTrade"), StreamUrl.parse(Market.USDM, "/market/ws/btcusdt@aggTrade").streams());
        assertEquals("", StreamUrl.parse(Market.SPOT, "/ws").route());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StreamUrl.parse(Market.SPOT, "/market/ws/btcusdt@trade"), "spot has no routes");
        assertEquals("unknown path /market/ws/btcusdt@trade", e.getMessage());
    }

    @Test
    void unknownPathsAndTooManyStreamsAreRefused()
    {
        assertFalse(StreamUrl.known(Market.SPOT, "/wss"));
        assertFalse(StreamUrl.known(Market.SPOT, "/api/v3/depth"));
        assertFalse(StreamUrl.known(Market.SPOT, null));
        assertTrue(StreamUrl.known(Market.USDM, "/public/ws/"));
        final String many = "/stream?streams=" + String.join("/", java.util.Collections.nCopies(StreamUrl.MAX_STREAMS + 1, "btcusdt@trade"));
        assertTrue(StreamUrl.known(Market.SPOT, many), "a known path, whatever its streams");
        assertEquals("more than 1024 streams", assertThrows(IllegalArgumentException.class, () -> StreamUrl.parse(Market.SPOT, many))
            .getMessage());
    }

    @Test
    void microsecondsOnSpotJsonAlone()
    {
        assertTrue(StreamUrl.parse(Market.SPOT, "/ws/btcusdt@trade?timeUnit=MICROSECOND").microseconds(Market.SPOT));
        assertTrue(StreamUrl.parse(Market.SPOT, "/stream?streams=a@trade&timeUnit=microsecond").microseconds(Market.SPOT));
        assertFalse(StreamUrl.parse(Market.SPOT, "/ws/btcusdt@trade?timeUnit=MILLISECOND").microseconds(Market.SPOT));
        assertFalse(StreamUrl.parse(Market.USDM, "/ws/btcusdt@trade?timeUnit=MICROSECOND").microseconds(Market.USDM));
        assertEquals("BTCUSDT", StreamUrl.parameter("symbol=BTCUSDT&limit=5", "symbol"));
        assertEquals("a+b c", StreamUrl.parameter("q=a+b%20c", "q"), "a plus stays a plus");
        assertNull(StreamUrl.parameter("limit=5", "symbol"));
    }

    @Test
    void streamNamesAreSpelledAndRoutedOnce()
    {
        assertEquals("btcusdt@kline_1M", StreamNames.normalise(" BTCUSDT@kline_1M "));
        assertEquals("!bookTicker", StreamNames.normalise("!bookTicker"));
        assertEquals("tradingSession", StreamNames.normalise("tradingSession"));
        assertEquals("public", StreamNames.route(Market.USDM, "btcusdt@depth@100ms"));
        assertEquals("public", StreamNames.route(Market.USDM, "!bookTicker"));
        assertEquals("market", StreamNames.route(Market.USDM, "btcusdt@markPrice@1s"));
        assertEquals("", StreamNames.route(Market.SPOT, "btcusdt@depth"));
        assertTrue(StreamNames.diffDepth("btcusdt@rpiDepth@500ms"));
        assertFalse(StreamNames.diffDepth("btcusdt@depth20@100ms"));
        for (final String name : new String[] { "btcusdt@depth", "btcusdt@depth@100ms", "ethusdt@depth@500ms", "x1@rpiDepth@500ms",
            "btcusdt@depth20", "btcusdt@trade", "@depth", "btcusdt", "btcusdt@depth@250ms" })
        {
            final byte[] bytes = ("{\"stream\":\"" + name + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(StreamNames.diffDepth(name), StreamNames.diffDepth(bytes, 11, name.length()), name + ": bytes as the name");
        }
        assertEquals("BTCUSDT", StreamNames.symbol("btcusdt@depth"));
        assertTrue(StreamNames.valid(Market.SPOT_SBE, "btcusdt@bestBidAsk"));
        assertFalse(StreamNames.valid(Market.SPOT, "btcusdt@markPrice"));
    }

    @Test
    void restPathsAndHostsPerMarket()
    {
        assertEquals("/api/v3/depth", Endpoints.depthPath(Market.SPOT, "btcusdt@depth@100ms"));
        assertEquals("/api/v3/depth", Endpoints.depthPath(Market.SPOT_SBE, "btcusdt@depth"));
        assertEquals("/fapi/v1/depth", Endpoints.depthPath(Market.USDM, "btcusdt@depth@500ms"));
        assertEquals("/fapi/v1/rpiDepth", Endpoints.depthPath(Market.USDM, "btcusdt@rpiDepth@500ms"));
        assertEquals("/fapi/v1/listenKey", Endpoints.listenKeyPath(Market.USDM));
        assertEquals("/api/v3/userDataStream", Endpoints.listenKeyPath(Market.SPOT));
        for (final Market m : Market.values())
        {
            assertEquals("wss", Endpoints.WEB_SOCKET.get(m).getScheme(), m.wireName());
            assertEquals("https", Endpoints.REST.get(m).getScheme(), m.wireName());
        }
    }
}
