package dev.ticktape.recorder;

import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidFrameException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The draft's own frame parser: every split of the wire gives the same messages, byte for byte. */
class RawDraftTest
{
    private final List<String> messages = new ArrayList<>();
    private final List<Opcode> controls = new ArrayList<>();
    private final RawDraft draft = new RawDraft(new FrameSink()
    {
        @Override
        public void onFrame(final boolean text, final ByteBuffer payload)
        {
            final byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            messages.add((text ? "T:" : "B:") + new String(bytes, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onRefused(final int status, final long retryAfterSeconds)
        {
        }
    }, 1 << 20);

    private static byte[] frame(final int b0, final byte[] payload)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        if (payload.length < 126)
        {
            out.write(payload.length);
        }
        else if (payload.length < 65536)
        {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        else
        {
            out.write(127);
            final ByteBuffer length = ByteBuffer.allocate(8).putLong(payload.length);
            out.writeBytes(length.array());
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private void feed(final byte[] wire, final int... cuts) throws InvalidDataException
    {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++)
        {
            final int to = i < cuts.length ? cuts[i] : wire.length;
            // each read lands in a fresh region of a larger array, as a socket read would
            final byte[] read = new byte[to - from + 7];
            System.arraycopy(wire, from, read, 3, to - from);
            final ByteBuffer buffer = ByteBuffer.wrap(read, 3, to - from);
            for (final Framedata f : draft.translateFrame(buffer))
            {
                controls.add(f.getOpcode());
            }
            assertEquals(0, buffer.remaining(), "every byte consumed");
            from = to;
        }
    }

    private static byte[] wire()
    {
        final byte[] big = new byte[70_000];
        Arrays.fill(big, (byte)'x');
        big[0] = '{';
        big[big.length - 1] = '}';
        final byte[] medium = new byte[300];
        Arrays.fill(medium, (byte)'m');
        return concat(
            frame(0x81, ascii("{\"stream\":\"a\"}")),
            frame(0x89, ascii("ping!")),
            frame(0x81, medium),
            frame(0x01, ascii("{\"frag")),                       // a fragmented text message...
            frame(0x8A, ascii("")),                              // ...with a pong inside it
            frame(0x00, ascii("mented\":")),
            frame(0x80, ascii("1}")),
            frame(0x82, new byte[] {0, 1, (byte)0xff, (byte)0xc3}), // binary, not valid UTF-8
            frame(0x81, new byte[] {(byte)0xc3, (byte)0x28}),       // text, not valid UTF-8: kept as is
            frame(0x81, big),
            frame(0x81, ascii("")),
            frame(0x88, concat(new byte[] {0x03, (byte)0xe8}, ascii("done"))));
    }

    private void assertWire()
    {
        assertEquals(7, messages.size(), () -> messages.stream().map(String::length).toList().toString());
        assertEquals("T:{\"stream\":\"a\"}", messages.get(0));
        assertEquals(302, messages.get(1).length());
        assertEquals("T:{\"fragmented\":1}", messages.get(2));
        assertEquals("B:" + new String(new byte[] {0, 1, (byte)0xff, (byte)0xc3}, StandardCharsets.ISO_8859_1), messages.get(3));
        assertEquals("T:" + new String(new byte[] {(byte)0xc3, (byte)0x28}, StandardCharsets.ISO_8859_1), messages.get(4));
        assertEquals(70_002, messages.get(5).length());
        assertTrue(messages.get(5).startsWith("T:{xx") && messages.get(5).endsWith("x}"), "the 70,000-byte frame");
        assertEquals("T:", messages.get(6));
        assertEquals(List.of(Opcode.PING, Opcode.PONG, Opcode.CLOSING), controls);
    }

    @Test
    void wholeWireInOneRead() throws InvalidDataException
    {
        feed(wire());
        assertWire();
    }

    @Test
    void everySingleSplitPoint() throws InvalidDataException
    {
        final byte[] wire = wire();
        for (int cut = 1; cut < 400; cut++)
        {
            messages.clear();
            controls.clear();
            draft.reset();
            feed(wire, cut);
            assertWire();
        }
    }

    @Test
    void randomReadSizesAndByteByByteHeaders() throws InvalidDataException
    {
        final byte[] wire = wire();
        final Random random = new Random(7);
        for (int round = 0; round < 50; round++)
        {
            messages.clear();
            controls.clear();
            draft.reset();
            final List<Integer> cuts = new ArrayList<>();
            int at = 0;
            while (true)
            {
                at += 1 + random.nextInt(round % 2 == 0 ? 5 : 3000);
                if (at >= wire.length)
                {
                    break;
                }
                cuts.add(at);
            }
            feed(wire, cuts.stream().mapToInt(Integer::intValue).toArray());
            assertWire();
        }
    }

    @Test
    void closeFrameKeepsCodeAndReason() throws InvalidDataException
    {
        final List<Framedata> control = draft.translateFrame(
            ByteBuffer.wrap(frame(0x88, concat(new byte[] {0x03, (byte)0xf1}, ascii("restart")))));
        final CloseFrame close = (CloseFrame)control.get(0);
        assertEquals(1009, close.getCloseCode());
        assertEquals("restart", close.getMessage());
    }

    @Test
    void protocolViolationsAreRefused()
    {
        assertThrows(InvalidFrameException.class, () -> draft.translateFrame(ByteBuffer.wrap(new byte[] {(byte)0x81, (byte)0x81, 1, 2, 3, 4, 'a'})),
            "masked server frame");
        draft.reset();
        assertThrows(InvalidFrameException.class, () -> draft.translateFrame(ByteBuffer.wrap(frame(0xC1, ascii("x")))), "RSV1");
        draft.reset();
        assertThrows(InvalidFrameException.class, () -> draft.translateFrame(ByteBuffer.wrap(frame(0x83, ascii("x")))), "opcode 3");
        draft.reset();
        assertThrows(InvalidDataException.class, () -> draft.translateFrame(ByteBuffer.wrap(frame(0x80, ascii("x")))), "orphan continuation");
        draft.reset();
        assertThrows(InvalidDataException.class,
            () -> draft.translateFrame(ByteBuffer.wrap(concat(frame(0x01, ascii("a")), frame(0x81, ascii("b"))))), "interleaved message");
        draft.reset();
        assertThrows(InvalidFrameException.class, () -> draft.translateFrame(ByteBuffer.wrap(frame(0x09, ascii("p")))), "fragmented ping");
        draft.reset();
        final byte[] header = {(byte)0x81, 127, 0, 0, 0, 0, 0, 0x20, 0, 0}; // 2 MiB announced, 1 MiB allowed
        assertThrows(LimitExceededException.class, () -> draft.translateFrame(ByteBuffer.wrap(header)));
        assertTrue(messages.isEmpty());
    }

    @Test
    void payloadIsHandedOverFromTheReadBufferWithoutCopy() throws InvalidDataException
    {
        final byte[] read = frame(0x81, ascii("{\"a\":1}"));
        final ByteBuffer[] seen = new ByteBuffer[1];
        final RawDraft direct = new RawDraft(new FrameSink()
        {
            @Override
            public void onFrame(final boolean text, final ByteBuffer payload)
            {
                seen[0] = payload;
                assertEquals(2, payload.position());
                assertEquals(read.length, payload.limit());
            }

            @Override
            public void onRefused(final int status, final long retryAfterSeconds)
            {
            }
        }, 1024);
        final ByteBuffer buffer = ByteBuffer.wrap(read);
        direct.translateFrame(buffer);
        assertTrue(seen[0] == buffer);
        assertArrayEquals(read, buffer.array());
    }
}
