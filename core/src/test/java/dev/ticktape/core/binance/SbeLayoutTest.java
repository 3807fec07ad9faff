package dev.ticktape.core.binance;

import dev.ticktape.core.decode.DecodeFixtures;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The SBE layout walk on the reference kit's test vectors, whole and cut at every length. */
class SbeLayoutTest
{
    private static final String[][] VECTORS = {
        { "synthetic_trade_10000", "@trade" },
        { "synthetic_bestbidask_10001", "@bestBidAsk" },
        { "synthetic_depth20_10002", "@depth20" },
        { "synthetic_depthdiff_10003", "@depth" },
        { "synthetic_depthdiff_empty_asks_10003", "@depth" } };

    @Test
    void everyVectorIsNamedAndItsSymbolEndsTheMessage() throws Exception
    {
        for (final String[] v : VECTORS)
        {
            final byte[] message = DecodeFixtures.hex("/binance/sbe/" + v[0] + ".hex");
            final UnsafeBuffer b = new UnsafeBuffer(message);
            final int at = SbeLayout.symbolPosition(b, message.length, true);
            assertTrue(at > 0, v[0]);
            assertEquals(message.length, at + 1 + (message[at] & 0xFF), v[0] + ": the symbol ends the message");
            final byte[] out = new byte[64];
            final int n = SbeLayout.streamName(b, message.length, out);
            final String name = new String(out, 0, n, StandardCharsets.US_ASCII);
            assertTrue(name.endsWith(v[1]), v[0] + " gives " + name);
            assertEquals(name.substring(0, name.indexOf('@')).toLowerCase(), name.substring(0, name.indexOf('@')), "lower-case symbol");
            assertTrue(StreamNames.valid(dev.ticktape.core.Market.SPOT_SBE, name), name + " is a stream Binance serves");
        }
    }

    @Test
    void aMessageCutAnywhereIsNeverNamedNorWalked() throws Exception
    {
        for (final String[] v : VECTORS)
        {
            final byte[] message = DecodeFixtures.hex("/binance/sbe/" + v[0] + ".hex");
            for (int cut = SbeLayout.ROOT; cut < message.length; cut++)
            {
                final UnsafeBuffer b = new UnsafeBuffer(Arrays.copyOf(message, cut));
                final int exact = SbeLayout.symbolPosition(b, cut, true);
                assertTrue(exact == SbeLayout.TRUNCATED || exact == SbeLayout.BAD_LENGTH, v[0] + " cut at " + cut + ": " + exact);
                assertEquals(0, SbeLayout.streamName(b, cut, new byte[64]), v[0] + " cut at " + cut);
            }
            // one byte more than the message: whole for a name, not for a decode
            final UnsafeBuffer longer = new UnsafeBuffer(Arrays.copyOf(message, message.length + 1));
            assertEquals(SbeLayout.BAD_LENGTH, SbeLayout.symbolPosition(longer, message.length + 1, true));
            assertTrue(SbeLayout.symbolPosition(longer, message.length + 1, false) > 0);
        }
    }

    @Test
    void anUnknownTemplateOrAShortRootBlockIsRefused() throws Exception
    {
        final byte[] message = DecodeFixtures.hex("/binance/sbe/synthetic_trade_10000.hex");
        final byte[] unknown = message.clone();
        unknown[2] = 0x15; // template 10005
        assertEquals(SbeLayout.UNKNOWN_TEMPLATE, SbeLayout.symbolPosition(new UnsafeBuffer(unknown), unknown.length, true));
        assertNull(SbeLayout.streamSuffix(10005));
        final byte[] shortBlock = message.clone();
        shortBlock[0] = 1;
        shortBlock[1] = 0;
        assertEquals(SbeLayout.BAD_LENGTH, SbeLayout.symbolPosition(new UnsafeBuffer(shortBlock), shortBlock.length, true));
        assertEquals(0, SbeLayout.streamName(new UnsafeBuffer(message), message.length, new byte[3]), "a name that does not fit");
    }
}
