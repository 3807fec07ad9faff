package dev.ticktape.recorder;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The read thread's scan of a text frame: the combined name and a diff-depth event's ids. */
class TextFactsTest
{
    private final TextFacts facts = new TextFacts();

    private void scan(final String frame)
    {
        final byte[] bytes = ("xx" + frame).getBytes(StandardCharsets.US_ASCII);
        facts.scan(ByteBuffer.wrap(bytes, 2, bytes.length - 2).slice());
    }

    @Test
    void findsTheIdsOfDiffDepthEventsOnly()
    {
        scan("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,\"pu\":156,"
            + "\"b\":[[\"1.0\",\"2\"]],\"a\":[]}}");
        assertEquals("btcusdt@depth@100ms".length(), facts.nameLength);
        assertEquals(157, facts.first);
        assertEquals(160, facts.last);
        assertEquals(156, facts.previous);

        scan("{\"stream\":\"btcusdt@depth\",\"data\":{\"u\":9,\"U\":8,\"e\":\"depthUpdate\"}}"); // any field order; spot has no pu
        assertEquals(8, facts.first);
        assertEquals(9, facts.last);
        assertEquals(-1, facts.previous);

        scan("{\"stream\":\"btcusdt@depth20@100ms\",\"data\":{\"lastUpdateId\":5,\"bids\":[],\"asks\":[]}}");
        assertEquals("btcusdt@depth20@100ms".length(), facts.nameLength);
        assertEquals(-1, facts.first, "partial depth has no chain");

        scan("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\"}}");
        assertEquals(-1, facts.last, "a book ticker's u is not a depth id");

        scan("{\"e\":\"trade\",\"U\":1}");
        assertEquals(0, facts.nameLength, "not a combined frame");
        assertEquals(-1, facts.first);

        scan("{\"stream\":\"" + "a".repeat(300) + "\",\"data\":{}}");
        assertEquals(0, facts.nameLength, "a name too long for the ring's length byte is left to the journal thread");

        scan("{\"stream\":\"btcusdt@depth\",\"data\":{\"U\":,\"u\":x}}");
        assertEquals(-1, facts.first, "malformed ids are absent");
        assertEquals(-1, facts.last);
    }
}
