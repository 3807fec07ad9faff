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
    void stringsOfEveryLengthAreSkippedToTheirClosingQuoteAndNoFurther()
    {
        // strings are skipped eight bytes at a time: a quote, an escape or a control character at
        // every position of a word, escapes across words, and UTF-8 bytes, against what JSON says
        final java.util.SplittableRandom random = new java.util.SplittableRandom(20261206);
        final String[] pieces = { "a", "Z", "7", " ", "é", "\\\"", "\\\\", "\\n", "\\u00e9", "@", "€" };
        for (int n = 0; n < 20_000; n++)
        {
            final StringBuilder body = new StringBuilder();
            final java.util.List<Integer> boundaries = new java.util.ArrayList<>(java.util.List.of(0));
            final int length = random.nextInt(40);
            while (body.length() < length)
            {
                body.append(pieces[random.nextInt(pieces.length)]);
                boundaries.add(body.length());
            }
            final String valid = "{\"a\":\"" + body + "\",\"b\":[\"" + body + "\",1]}";
            assertNull(problem(valid), valid);
            // a raw control character between any two pieces of the first string
            final int at = 6 + boundaries.get(random.nextInt(boundaries.size()));
            final char control = (char) random.nextInt(0x20);
            final String withControl = valid.substring(0, at) + control + valid.substring(at);
            assertEquals("unexpected character in JSON", problem(withControl), withControl);
            // cut inside the second string: it never closes
            final int cut = valid.lastIndexOf("\",1]}");
            assertEquals("unexpected end of JSON", problem(valid.substring(0, cut - random.nextInt(body.length() + 1))), valid);
        }
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
