package dev.ticktape.core.sbe;

import dev.ticktape.core.Version;
import dev.ticktape.core.sbe.spot.BestBidAskStreamEventDecoder;
import dev.ticktape.core.sbe.spot.BoolEnum;
import dev.ticktape.core.sbe.spot.MessageHeaderDecoder;
import dev.ticktape.core.sbe.spot.TradesStreamEventDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The codecs generated at build time from Binance's {@code stream_1_0.xml} decode the reference
 * kit's test vectors (copied from {@code ../shared/reference/binance/samples/sbe/}).
 */
class GeneratedCodecsTest
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @Test
    void schemaIdentity()
    {
        assertEquals(1, Version.SBE_SCHEMA_ID);
        assertEquals(0, Version.SBE_SCHEMA_VERSION);
    }

    @Test
    void bestBidAskVector() throws IOException
    {
        final UnsafeBuffer buffer = vector("synthetic_bestbidask_10001.hex");
        assertEquals(66, buffer.capacity());
        header.wrap(buffer, 0);
        assertEquals(BestBidAskStreamEventDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(1, header.schemaId());
        final BestBidAskStreamEventDecoder d = new BestBidAskStreamEventDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(1700000000223456L, d.eventTime());
        assertEquals(55000000001L, d.bookUpdateId());
        assertEquals(new BigDecimal("37012.34"), BigDecimal.valueOf(d.bidPrice(), -d.priceExponent()));
        assertEquals(new BigDecimal("12.34567"), BigDecimal.valueOf(d.bidQty(), -d.qtyExponent()));
        assertEquals(new BigDecimal("37012.35"), BigDecimal.valueOf(d.askPrice(), -d.priceExponent()));
        assertEquals(new BigDecimal("1.00000"), BigDecimal.valueOf(d.askQty(), -d.qtyExponent()));
        assertEquals("BTCUSDT", d.symbol());
        assertEquals(66, MessageHeaderDecoder.ENCODED_LENGTH + d.encodedLength());
    }

    @Test
    void tradesVector() throws IOException
    {
        final UnsafeBuffer buffer = vector("synthetic_trade_10000.hex");
        header.wrap(buffer, 0);
        assertEquals(TradesStreamEventDecoder.TEMPLATE_ID, header.templateId());
        final TradesStreamEventDecoder d = new TradesStreamEventDecoder()
            .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(1700000000123456L, d.eventTime());
        assertEquals(1700000000123001L, d.transactTime());
        final TradesStreamEventDecoder.TradesDecoder trades = d.trades();
        assertEquals(2, trades.count());
        trades.next();
        assertEquals(4000000001L, trades.id());
        assertEquals(new BigDecimal("37012.34"), BigDecimal.valueOf(trades.price(), -d.priceExponent()));
        assertEquals(new BigDecimal("1.50000"), BigDecimal.valueOf(trades.qty(), -d.qtyExponent()));
        assertEquals(BoolEnum.True, trades.isBuyerMaker());
        trades.next();
        assertEquals(4000000002L, trades.id());
        assertEquals(new BigDecimal("0.00002"), BigDecimal.valueOf(trades.qty(), -d.qtyExponent()));
        assertEquals(BoolEnum.False, trades.isBuyerMaker());
        assertEquals("BTCUSDT", d.symbol());
        assertEquals(90, MessageHeaderDecoder.ENCODED_LENGTH + d.encodedLength());
    }

    private static UnsafeBuffer vector(final String name) throws IOException
    {
        try (InputStream in = GeneratedCodecsTest.class.getResourceAsStream("/binance/sbe/" + name))
        {
            assertNotNull(in, name);
            final String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return new UnsafeBuffer(HexFormat.of().parseHex(hex));
        }
    }
}
