package dev.ticktape.core.decode;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A declaration that names a field wrongly fails when it is built, not when a frame is decoded
 * wrongly; and every declaration in {@link MessageFields} is one that builds.
 */
class FieldMapTest
{
    @Test
    void aFieldThatIsNotThereOrNotOfTheKindFailsTheDeclaration()
    {
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> new FieldMap<>(TradeEvent.class).longs(JsonKeys.K_T, "tradeTim"));
        assertEquals("TradeEvent has no field tradeTim", missing.getMessage());
        final IllegalStateException kind = assertThrows(IllegalStateException.class,
            () -> new FieldMap<>(TradeEvent.class).decimal(JsonKeys.K_T, "tradeTime"));
        assertEquals("TradeEvent.tradeTime is not a Decimal", kind.getMessage());
        assertThrows(IllegalStateException.class,
            () -> new FieldMap<>(TradeEvent.class).longs(JsonKeys.K_T, "tradeTime").longs(JsonKeys.K_T, "tradeId"));
    }

    @Test
    void fieldsOfASuperclassAreFound()
    {
        // eventTime and symbol are MarketEvent's
        final FieldMap<TradeEvent> map = FieldMap.event(TradeEvent.class).requires("price");
        final TradeEvent e = new TradeEvent();
        e.reset();
        assertTrue(!map.complete(e));
        e.price.set(1, 0);
        assertTrue(map.complete(e));
    }

    @Test
    void everyDeclarationInMessageFieldsBuilds() throws IllegalAccessException
    {
        int maps = 0;
        for (final Field f : MessageFields.class.getDeclaredFields())
        {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == FieldMap.class)
            {
                f.setAccessible(true);
                assertTrue(f.get(null) != null, f.getName());
                maps++;
            }
        }
        assertTrue(maps >= 20, "maps found: " + maps);
    }
}
