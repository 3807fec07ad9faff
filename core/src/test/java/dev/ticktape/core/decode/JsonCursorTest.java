package dev.ticktape.core.decode;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Field names as {@link JsonCursor} packs them for the decoders' lookups. */
class JsonCursorTest
{
    @Test
    void aNameWrittenWithAnEscapeIsNotTakenForTheNameItsOtherBytesSpell()
    {
        // "\"e" is the name "e (quote, e); "a\"b" is a"b: packed from their unescaped bytes they would read as e and ab
        final byte[] json = "{\"\\\"e\":1,\"a\\\"b\":2,\"e\":3}".getBytes(StandardCharsets.US_ASCII);
        final JsonCursor cursor = new JsonCursor().reset(new UnsafeBuffer(json), 0, json.length);
        cursor.enterObject();
        assertTrue(cursor.nextField());
        assertEquals(0, cursor.key());
        cursor.skipValue();
        assertTrue(cursor.nextField());
        assertEquals(0, cursor.key());
        cursor.skipValue();
        assertTrue(cursor.nextField());
        assertEquals(JsonCursor.key("e"), cursor.key(), "a plain short name is packed as before");
        cursor.skipValue();
        assertFalse(cursor.nextField());
    }
}
