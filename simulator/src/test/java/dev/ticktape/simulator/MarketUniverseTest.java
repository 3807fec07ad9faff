package dev.ticktape.simulator;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketUniverseTest
{
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

    @Test
    void spotHasTheMajorsFirstThenDistinctSymbolsInSeveralQuoteAssets()
    {
        final List<String> spot = MarketUniverse.spot(2_000, 7);
        assertEquals(2_000, spot.size());
        assertEquals(2_000, new HashSet<>(spot).size(), "no symbol twice");
        assertEquals("BTCUSDT", spot.get(0));
        assertEquals(MarketUniverse.spot(2_000, 7), spot, "the same seed gives the same symbols");
        final java.util.Map<String, Long> quotes = spot.stream()
            .collect(java.util.stream.Collectors.groupingBy(MarketUniverse::quoteAsset, java.util.stream.Collectors.counting()));
        assertTrue(quotes.keySet().containsAll(List.of("USDT", "BTC", "USDC", "FDUSD", "ETH", "TRY")), quotes.toString());
        for (final String s : spot)
        {
            assertTrue(s.matches("[A-Z0-9]{5,20}"), s);
            assertEquals(s, MarketUniverse.baseAsset(s) + MarketUniverse.quoteAsset(s));
        }
    }

    @Test
    void futuresHavePerpetualsAndTheMajorsQuarterlies()
    {
        final List<String> futures = MarketUniverse.futures(500, 7, TODAY);
        assertEquals(500, futures.size());
        assertEquals(500, new HashSet<>(futures).size());
        // the last Fridays of December 2026 and March 2027
        assertTrue(futures.containsAll(List.of("BTCUSDT", "BTCUSDT_261225", "BTCUSDT_270326", "ETHUSDT_261225")), futures.subList(0, 8).toString());
        assertEquals("CURRENT_QUARTER", MarketUniverse.contractType("BTCUSDT_261225", TODAY));
        assertEquals("NEXT_QUARTER", MarketUniverse.contractType("BTCUSDT_270326", TODAY));
        assertEquals("PERPETUAL", MarketUniverse.contractType("BTCUSDT", TODAY));
        assertEquals("BTCUSDT", MarketUniverse.pairOf("BTCUSDT_261225"));
        assertEquals(java.time.Instant.parse("2026-12-25T08:00:00Z").toEpochMilli(), MarketUniverse.deliveryMillis("BTCUSDT_261225"));
        assertEquals(MarketUniverse.PERPETUAL_DELIVERY, MarketUniverse.deliveryMillis("BTCUSDT"));
        assertTrue(futures.stream().anyMatch(s -> s.endsWith("USDC")));
    }

    @Test
    void activityFallsFromEveryStepToATail()
    {
        assertEquals(1.0, MarketUniverse.activity(0));
        assertEquals(0.5, MarketUniverse.activity(4));
        assertTrue(MarketUniverse.activity(1_999) < 0.003);
        double total = 0;
        for (int rank = 0; rank < 2_000; rank++)
        {
            total += MarketUniverse.activity(rank);
        }
        // a few dozen events a step across 2,000 symbols: a handful busy, most quiet
        assertTrue(total > 15 && total < 40, "events per step " + total);
    }
}
