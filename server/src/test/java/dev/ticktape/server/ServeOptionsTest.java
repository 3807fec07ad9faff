package dev.ticktape.server;

import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ServeOptionsTest
{
    @Test
    void eachConnectionsReplayParksRatherThanSpins()
    {
        // one replay per connection: a spin window each would take a core per client
        assertEquals(0, new ServeOptions().replay(Market.SPOT).spinWindowNanos());
    }

    @Test
    void aConnectionsReplayIsItsOwnCopyForItsMarket()
    {
        final ServeOptions options = new ServeOptions().journal(Path.of("j")).speed(10);
        final var spot = options.replay(Market.SPOT);
        final var usdm = options.replay(Market.USDM);
        assertEquals(java.util.Set.of(Market.SPOT), spot.markets());
        assertEquals(java.util.Set.of(Market.USDM), usdm.markets());
        assertEquals(10, spot.speed());
        assertEquals(java.util.List.of(Path.of("j")), usdm.journals());
    }
}
