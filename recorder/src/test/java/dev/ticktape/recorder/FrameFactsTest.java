package dev.ticktape.recorder;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read thread's scan of a frame: a text frame's combined name and a diff-depth event's ids, JSON or SBE. */
class FrameFactsTest
{
    private final FrameFacts facts = new FrameFacts();

    private void scan(final String frame)
    {
        final byte[] bytes = ("xx" + frame).getBytes(StandardCharsets.US_ASCII);
        facts.text(ByteBuffer.wrap(bytes, 2, bytes.length - 2).slice());
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
        assertEquals(0, facts.nameLength, "a name too long for the journal to point at is no combined name");

        scan("{\"stream\":\"btcusdt@depth\",\"data\":{\"U\":,\"u\":x}}");
        assertEquals(-1, facts.first, "malformed ids are absent");
        assertEquals(-1, facts.last);
    }

    @Test
    void aDirectBufferGivesTheSameFacts()
    {
        final byte[] frame = ("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"U\":157,\"u\":160,\"pu\":156}}")
            .getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer direct = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
        facts.text(direct);
        assertEquals("btcusdt@depth@100ms".length(), facts.nameLength);
        assertEquals(157, facts.first);
        assertEquals(160, facts.last);
        assertEquals(156, facts.previous);
        assertEquals(0, direct.position(), "the frame is left as it was");
    }

    @Test
    void sbeDiffDepthIdsComeFromTheMessage()
    {
        final ByteBuffer depth = ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        depth.putShort(0, (short) 26).putShort(2, (short) 10003).putLong(16, 1001).putLong(24, 1009);
        facts.sbe(depth, 13);
        assertEquals(1001, facts.first);
        assertEquals(1009, facts.last);
        assertEquals(-1, facts.previous);
        final ByteBuffer bigEndianView = depth.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
        facts.sbe(bigEndianView, 13);
        assertEquals(1001, facts.first, "whatever the buffer's byte order");
        final ByteBuffer trade = ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        trade.putShort(2, (short) 10000).putLong(16, 5);
        facts.sbe(trade, 13);
        assertEquals(-1, facts.first, "not a diff-depth event");
        facts.sbe(depth, 0);
        assertEquals(-1, facts.first, "a message cut before its symbol cannot be tied to a stream");
    }

    @Test
    void aDepthFrameCutShortKeepsItsIdsButIsNotWhole()
    {
        final String whole = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\","
            + "\"U\":157,\"u\":160,\"b\":[[\"1.00\",\"2\"]],\"a\":[]}}";
        facts.text(ByteBuffer.wrap(whole.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(160, facts.last);
        assertTrue(facts.complete);
        for (int cut = whole.indexOf("\"b\""); cut < whole.length(); cut++)
        {
            facts.text(ByteBuffer.wrap(whole.substring(0, cut).getBytes(StandardCharsets.US_ASCII)));
            assertEquals(157, facts.first, "cut at " + cut);
            assertFalse(facts.complete, "cut at " + cut);
        }
    }
}
