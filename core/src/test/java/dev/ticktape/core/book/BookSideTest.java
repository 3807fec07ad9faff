package dev.ticktape.core.book;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                side.set(price, quantity);
                if (quantity == 0)
                {
                    expected.remove(price);
                }
                else
                {
                    expected.put(price, quantity);
                }
            }
            assertEquals(expected.size(), side.count());
            int i = 0;
            for (final Map.Entry<Long, Long> level : expected.entrySet())
            {
                assertEquals(level.getKey(), side.price(i), "price at " + i);
                assertEquals(level.getValue(), side.quantity(i), "quantity at " + i);
                i++;
            }
            assertEquals(expected.firstKey(), side.price(0));
        }
    }

    @Test
    void removingAnAbsentLevelChangesNothing()
    {
        final BookSide side = new BookSide(false);
        side.set(5, 0);
        assertEquals(0, side.count());
        side.set(5, 3);
        side.set(6, 0);
        assertEquals(1, side.count());
        assertEquals(3, side.quantity(0));
    }
}
