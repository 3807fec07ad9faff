package dev.ticktape.simulator;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BookSideTest
{
    @Test
    void keepsTheLevelsOfASortedMapUnderRandomChanges()
    {
        for (final boolean bids : new boolean[] { true, false })
        {
            final BookSide side = new BookSide(bids);
            final Comparator<Long> order = bids ? Comparator.reverseOrder() : Comparator.naturalOrder();
            final TreeMap<Long, Long> expected = new TreeMap<>(order);
            final SplittableRandom random = new SplittableRandom(bids ? 1 : 2);
            for (int i = 0; i < 20_000; i++)
            {
                final long price = 1_000 + random.nextInt(300);
                final long quantity = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1_000);
                side.put(price, quantity);
                if (quantity == 0)
                {
                    expected.remove(price);
                }
                else
                {
                    expected.put(price, quantity);
                }
            }
            assertEquals(expected.size(), side.size());
            int i = 0;
            for (final Map.Entry<Long, Long> level : expected.entrySet())
            {
                assertEquals(level.getKey(), side.price(i), "price at " + i);
                assertEquals(level.getValue(), side.quantity(i), "quantity at " + i);
                i++;
            }
            assertEquals(expected.firstKey(), side.best());
        }
    }

    @Test
    void anEmptySideHasNoBestPrice()
    {
        final BookSide side = new BookSide(false);
        side.put(5, 0);
        assertEquals(0, side.size());
        assertThrows(IllegalStateException.class, side::best);
    }
}
