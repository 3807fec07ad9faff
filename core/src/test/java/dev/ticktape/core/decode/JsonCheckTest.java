package dev.ticktape.core.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class JsonCheckTest
{
    private final JsonCheck check = new JsonCheck();

    private String problem(final String text)
    {
        final byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.UTF_8);
        return check.objectProblem(b, 2, b.length - 4);
    }

    @Test
    void oneObjectWithBlanksAroundIsWellFormed()
    {
        assertNull(problem("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"p\":\"1.5\",\"t\":-12,\"x\":1.5e-3,\"m\":true,"
            + "\"n\":null,\"a\":[[\"1\",\"2\"],[]],\"o\":{}}}"));
        assertNull(problem(" \t{ \"a\" : [ 1 , 2 ] }\r\n"));
    }

    @Test
    void whatJsonRejectsIsRejectedWithAReason()
    {
        assertEquals("not an object", problem("[1,2]"));
        assertEquals("text after the object", problem("{\"a\":1}x"));
        assertEquals("unexpected end of JSON", problem("{\"a\":1"));
        assertEquals("unexpected end of JSON", problem(""));
        for (final String bad : new String[] { "{\"a\":1-2}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":.5}",
            "{\"a\":+1}", "{\"a\":\"x\ty\"}", "{\"a\":tru}", "{\"a\" 1}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{a:1}" })
        {
            assertNotNull(problem(bad), bad);
        }
    }
}
