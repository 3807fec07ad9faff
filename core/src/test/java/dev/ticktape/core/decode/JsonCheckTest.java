package dev.ticktape.core.decode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void escapesAreThoseJsonHas()
    {
        assertNull(problem("{\"a\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uABCD \\uabcd\"}"));
        for (final String bad : new String[] { "\\q", "\\u12", "\\u12g4", "\\u\u0015234", "\\x41", "\\U00e9", "\\" })
        {
            assertEquals("unexpected character in JSON", problem("{\"a\":\"" + bad + "x\"}"), bad);
        }
        assertEquals("unexpected end of JSON", problem("{\"a\":\"\\u00"));
    }

    @Test
    void nestingIsCheckedToThirtyTwoLevels()
    {
        assertNull(problem("{\"a\":" + "[".repeat(31) + "]".repeat(31) + "}"));
        assertEquals("JSON nested too deep", problem("{\"a\":" + "[".repeat(32) + "]".repeat(32) + "}"));
        assertNull(problem("{\"a\":" + "{\"b\":".repeat(30) + "{}" + "}".repeat(31)));
        assertEquals("unexpected character in JSON", problem("{\"a\":[1}"));
        assertEquals("unexpected character in JSON", problem("{\"a\":{\"b\":1]}"));
    }

    /**
     * Against an independent reader (Jackson, strict as it comes): the same answer, well-formed or
     * not, for frames of every shape cut and changed a few bytes at a time, escapes and control
     * characters among the changes.
     */
    @Test
    void agreesWithJacksonOnEveryMutation() throws java.io.IOException
    {
        final String[] frames = {
            "{\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1704067199996,\"s\":\"ETHUSDT\","
                + "\"U\":4017000000001,\"u\":4017000000028,\"pu\":4017000000000,\"b\":[[\"3499.97\",\"0.109\"],[\"3499.95\",\"4.252\"]],"
                + "\"a\":[[\"3500.03\",\"2.811\"]]}}",
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"p\":\"1.5\",\"t\":-12,\"x\":1.5e-3,\"y\":2E+7,\"m\":true,"
                + "\"M\":false,\"n\":null,\"a\":[[\"1\",\"2\"],[],{}],\"o\":{},\"z\":0,\"w\":-0.25}}",
            " {\t\"a\" : [ 1 , { \"b\" : [ true , null ] } , \"\u00e9\u20ac \\\" \\u00e9 \\n\" ] }\r\n",
            "{\"result\":null,\"id\":1,\"na\\tme\":\"\\\\\"}",
        };
        final String alphabet = "{}[],:\"01-9.eE+ \tatrufnlsx\\\\u0Bf\u0001\u00e9";
        final com.fasterxml.jackson.core.JsonFactory jackson = new com.fasterxml.jackson.core.JsonFactory();
        final java.util.SplittableRandom random = new java.util.SplittableRandom(20261207);
        int rejected = 0;
        for (int n = 0; n < 200_000; n++)
        {
            final StringBuilder text = new StringBuilder(frames[random.nextInt(frames.length)]);
            for (int k = 1 + random.nextInt(3); k > 0 && text.length() > 0; k--)
            {
                final int at = random.nextInt(text.length());
                switch (random.nextInt(4))
                {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setLength(at);
                }
            }
            final String mutated = text.toString();
            final byte[] b = mutated.getBytes(StandardCharsets.UTF_8);
            final boolean jacksonAccepts = oneObject(jackson, b);
            final String problem = check.objectProblem(b, 0, b.length);
            assertEquals(jacksonAccepts, problem == null, () -> mutated.replace("\u0001", "<01>") + ": " + problem);
            rejected += jacksonAccepts ? 0 : 1;
        }
        assertTrue(rejected > 100_000 && rejected < 190_000, "the mutations made both kinds: " + rejected + " rejected");
    }

    /**
     * Numbers are skipped eight digits at a time, and arrays of compact strings (a depth level's
     * price and quantity) a string at a time: numbers of every length up to 24 digits before every
     * kind of byte that may or may not follow one, string arrays of every shape around them, each
     * whole and cut at every byte, against Jackson.
     */
    @Test
    void numbersOfEveryLengthAndStringArraysEndWhereJsonSays() throws java.io.IOException
    {
        final com.fasterxml.jackson.core.JsonFactory jackson = new com.fasterxml.jackson.core.JsonFactory();
        final String[] after = { "}", ",\"b\":1}", ".5}", ".}", "e7}", "E+}", "x}", " }", "0}", "]}" };
        final String[] arrays = { "[\"1.5\",\"0.25\"]", "[\"a\" ,\"b\"]", "[\"a\",1]", "[\"a\",]", "[\"a\"\"b\"]", "[\"a\",[\"b\"]]",
            "[[\"1\",\"2\"],[\"3\",\"4\"]]", "[]", "[\"\"]", "[\"a\",\"b\"", "[\"a\\\"\",\"b\"]" };
        final java.util.List<String> texts = new java.util.ArrayList<>();
        for (int digits = 1; digits <= 24; digits++)
        {
            final String number = "1234567890123456789012345".substring(0, digits);
            for (final String a : after)
            {
                texts.add("{\"a\":" + number + a);
                texts.add("{\"a\":-" + number + a);
                texts.add("{\"a\":[" + number + "," + number + a.replace("}", "]}"));
            }
        }
        for (final String a : arrays)
        {
            texts.add("{\"b\":" + a + "}");
            texts.add("{\"b\":[" + a + "," + a + "]}");
        }
        int checked = 0;
        for (final String text : texts)
        {
            final byte[] whole = text.getBytes(StandardCharsets.UTF_8);
            for (int length = 1; length <= whole.length; length++)
            {
                final byte[] b = java.util.Arrays.copyOf(whole, length);
                final String problem = check.objectProblem(b, 0, b.length);
                final String cut = new String(b, StandardCharsets.UTF_8);
                assertEquals(oneObject(jackson, b), problem == null, () -> cut + ": " + problem);
                checked++;
            }
        }
        assertTrue(checked > 10_000, "cases: " + checked);
    }

    /** Whether Jackson reads the bytes as one object and nothing after it. */
    private static boolean oneObject(final com.fasterxml.jackson.core.JsonFactory jackson, final byte[] b) throws java.io.IOException
    {
        try (com.fasterxml.jackson.core.JsonParser parser = jackson.createParser(b))
        {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() != null)
            {
                if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING)
                {
                    parser.getText(); // decodes the escapes
                }
                if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.END_OBJECT && parser.getParsingContext().inRoot())
                {
                    return parser.nextToken() == null;
                }
            }
            return false;
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException e)
        {
            return false;
        }
    }
}
