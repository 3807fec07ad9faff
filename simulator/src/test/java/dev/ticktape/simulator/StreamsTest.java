package dev.ticktape.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.core.Market;
import dev.ticktape.core.decode.DecodeFixtures;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.journal.JournalFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The simulator's streams, decoded by ticktape's own decoders: every stream it serves yields its
 * typed event, with no decode error and nothing unknown.
 */
@Timeout(60)
class StreamsTest extends SimulatorSupport
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private Set<String> decodeUntil(final Market market, final String path, final Set<String> wanted) throws Exception
    {
        final Client c = connect(market, path);
        final Set<String> seen = new TreeSet<>();
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
            @Override
            public void onEvent(final JournalFrame frame, final MarketEvent event)
            {
                seen.add(frame.streamName().replace("btcusdt", "S").replace("ethusdt", "S") + "=" + event.type().wireName());
            }

            @Override
            public void onUnknown(final JournalFrame frame)
            {
                fail("unknown frame on " + frame.streamName() + ": " + frame.payloadAsString());
            }
        }, (f, reason) -> fail(reason + ": " + f.payloadAsString()));
        while (!seen.containsAll(wanted))
        {
            final String message = c.next();
            final JsonNode m = JSON.readTree(message);
            decoder.onFrame(DecodeFixtures.textFrame(market, m.get("stream").asText(),
                m.get("data").toString().getBytes(StandardCharsets.UTF_8), true));
        }
        return seen;
    }

    @Test
    void spotStreamsDecodeToTheirTypes() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(200));
        final Set<String> wanted = Set.of("S@depth5=partialDepth", "S@depth20@100ms=partialDepth", "S@kline_1m=kline",
            "S@kline_1m@+08:00=kline", "S@miniTicker=24hrMiniTicker", "S@ticker=24hrTicker", "S@avgPrice=avgPrice",
            "!miniTicker@arr=24hrMiniTicker", "S@depth@100ms=depthUpdate", "S@trade=trade", "S@aggTrade=aggTrade",
            "S@bookTicker=bookTicker", "S@blockTrade=trade", "S@referencePrice=referencePrice");
        decodeUntil(Market.SPOT, "/stream?streams=btcusdt@depth5/ethusdt@depth20@100ms/btcusdt@kline_1m/btcusdt@kline_1m@%2B08:00"
            + "/btcusdt@miniTicker/btcusdt@ticker/btcusdt@avgPrice/!miniTicker@arr/btcusdt@depth@100ms/btcusdt@trade"
            + "/btcusdt@aggTrade/btcusdt@bookTicker/btcusdt@blockTrade/btcusdt@referencePrice", wanted);
        decodeUntil(Market.SPOT, "/stream?streams=btcusdt@ticker_1h/!ticker_4h@arr/!ticker@arr",
            Set.of("S@ticker_1h=24hrTicker", "!ticker_4h@arr=24hrTicker", "!ticker@arr=24hrTicker"));
    }

    @Test
    void futuresStreamsDecodeToTheirTypes() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(200));
        decodeUntil(Market.USDM, "/public/stream?streams=btcusdt@depth10@500ms/btcusdt@depth@100ms/btcusdt@bookTicker",
            Set.of("S@depth10@500ms=partialDepth", "S@depth@100ms=depthUpdate", "S@bookTicker=bookTicker"));
        decodeUntil(Market.USDM, "/market/stream?streams=btcusdt@kline_1m/btcusdt@markPrice@1s/!markPrice@arr/ethusdt@ticker"
            + "/btcusdt@miniTicker/btcusdt@aggTrade",
            Set.of("S@kline_1m=kline", "S@markPrice@1s=markPriceUpdate", "!markPrice@arr=markPriceUpdate",
                "S@ticker=24hrTicker", "S@miniTicker=24hrMiniTicker", "S@aggTrade=aggTrade"));
        decodeUntil(Market.USDM, "/market/stream?streams=btcusdt@forceOrder/!forceOrder@arr/!contractInfo/tradingSession"
                + "/btcusdt_perpetual@continuousKline_1m/!ticker@arr",
            Set.of("S@forceOrder=forceOrder", "!forceOrder@arr=forceOrder", "!contractInfo=contractInfo",
                "tradingSession=tradingSession", "S_perpetual@continuousKline_1m=kline", "!ticker@arr=24hrTicker"));
        decodeUntil(Market.USDM, "/market/stream?streams=btcusdt@compositeIndex/!assetIndex@arr/btcusd@assetIndex",
            Set.of("S@compositeIndex=compositeIndex", "!assetIndex@arr=assetIndexUpdate", "btcusd@assetIndex=assetIndexUpdate"));
        decodeUntil(Market.USDM, "/public/stream?streams=btcusdt@rpiDepth@500ms/!bookTicker",
            Set.of("S@rpiDepth@500ms=depthUpdate", "!bookTicker=bookTicker"));
    }

    @Test
    void spotConnectionsHearServerShutdownAtTheirLifetime() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(5)
            .maxLifetime(Duration.ofMillis(500)));
        final Client c = connect(Market.SPOT, "/stream?streams=btcusdt@avgPrice");
        assertTrue(c.closed.await(10, TimeUnit.SECONDS));
        assertTrue(c.messages.stream().anyMatch(m -> m.startsWith("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\"")),
            "serverShutdown before the close: " + c.messages);
    }
}
