package dev.ticktape.replayer;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class FrameSelectionTest
{
    @Test
    void oneCheckForEveryUserOfASelection()
    {
        assertEquals("no journal to replay", usage(() -> new FrameSelection().validate("replay")));
        assertEquals("no journal to export", usage(() -> new FrameSelection().validate("export")));
        final FrameSelection range = new FrameSelection().journal(Path.of("a")).from(10).to(10);
        assertEquals("--to is not after --from", usage(() -> range.validate("serve")));
        assertEquals("--to is not after --from", usage(range::validateRange));
        assertEquals("--to is not after --from", usage(() -> new ReplayOptions().select(range).validate()));
        final FrameSelection many = new FrameSelection().journals(Collections.nCopies(16, Path.of("j")));
        assertEquals("at most 15 journals can be merged, got 16", usage(() -> many.validate("replay")));
        new FrameSelection().journals(Collections.nCopies(15, Path.of("j"))).from(1).to(2).validate("replay");
    }

    @Test
    void symbolsAreKeptAsStreamNamesSpellThemAndCopiesAreIndependent()
    {
        final FrameSelection s = new FrameSelection().journal(Path.of("a")).journal(Path.of("b")).from(5).to(9)
            .stream("btcusdt@trade").symbol("ETHUSDT").market(Market.USDM);
        assertEquals(Set.of("ethusdt"), s.symbols());
        final FrameSelection copy = s.copy();
        s.journal(Path.of("c")).stream("x@trade").symbol("SOLUSDT").market(Market.SPOT).from(6);
        assertEquals(List.of(Path.of("a"), Path.of("b")), copy.journals());
        assertEquals(5, copy.from());
        assertEquals(9, copy.to());
        assertEquals(Set.of("btcusdt@trade"), copy.streams());
        assertEquals(Set.of("ethusdt"), copy.symbols());
        assertEquals(Set.of(Market.USDM), copy.markets());
        final ReplayOptions options = new ReplayOptions().select(copy);
        assertEquals(copy.journals(), options.journals());
        assertEquals(Set.of("ethusdt"), options.symbols());
        assertThrows(UnsupportedOperationException.class, () -> copy.streams().add("y@trade"), "views do not change the selection");
    }

    private static String usage(final Runnable check)
    {
        final TicktapeException e = assertThrows(TicktapeException.class, check::run);
        assertEquals(ErrorCode.USAGE, e.code());
        return e.getMessage();
    }
}
