package dev.ticktape.simulator;

import dev.ticktape.core.sbe.spot.BestBidAskStreamEventEncoder;
import dev.ticktape.core.sbe.spot.BoolEnum;
import dev.ticktape.core.sbe.spot.DepthDiffStreamEventEncoder;
import dev.ticktape.core.sbe.spot.DepthSnapshotStreamEventEncoder;
import dev.ticktape.core.sbe.spot.MessageHeaderEncoder;
import dev.ticktape.core.sbe.spot.TradesStreamEventEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Binance's spot SBE messages for the model's last step, encoded with the codecs generated from
 * {@code stream_1_0.xml}: one bare message per binary frame, times in microseconds, prices and
 * quantities as mantissas with the message's exponents.
 */
final class SbePayloads
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradesStreamEventEncoder trades = new TradesStreamEventEncoder();
    private final BestBidAskStreamEventEncoder bestBidAsk = new BestBidAskStreamEventEncoder();
    private final DepthDiffStreamEventEncoder depthDiff = new DepthDiffStreamEventEncoder();
    private final DepthSnapshotStreamEventEncoder depthSnapshot = new DepthSnapshotStreamEventEncoder();

    ByteBuffer trade(final SymbolModel m, final long eventMicros)
    {
        trades.wrapAndApplyHeader(buffer, 0, header)
            .eventTime(eventMicros)
            .transactTime(eventMicros - 1)
            .priceExponent((byte) -m.priceDecimals)
            .qtyExponent((byte) -m.quantityDecimals);
        trades.tradesCount(1).next()
            .id(m.tradeId)
            .price(m.tradePrice)
            .qty(m.tradeQuantity)
            .isBuyerMaker(m.buyerMaker ? BoolEnum.True : BoolEnum.False);
        trades.symbol(m.symbol);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + trades.encodedLength());
    }

    ByteBuffer bestBidAsk(final SymbolModel m, final long eventMicros)
    {
        final long bid = m.bids.price(0);
        final long ask = m.asks.price(0);
        bestBidAsk.wrapAndApplyHeader(buffer, 0, header)
            .eventTime(eventMicros)
            .bookUpdateId(m.lastUpdateId)
            .priceExponent((byte) -m.priceDecimals)
            .qtyExponent((byte) -m.quantityDecimals)
            .bidPrice(bid)
            .bidQty(m.bids.quantity(0))
            .askPrice(ask)
            .askQty(m.asks.quantity(0))
            .symbol(m.symbol);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + bestBidAsk.encodedLength());
    }

    ByteBuffer depthDiff(final SymbolModel m, final DepthWindow w, final long eventMicros)
    {
        depthDiff.wrapAndApplyHeader(buffer, 0, header)
            .eventTime(eventMicros)
            .firstBookUpdateId(w.firstUpdateId)
            .lastBookUpdateId(w.lastUpdateId)
            .priceExponent((byte) -m.priceDecimals)
            .qtyExponent((byte) -m.quantityDecimals);
        final DepthDiffStreamEventEncoder.BidsEncoder bids = depthDiff.bidsCount(w.bids.size());
        for (final Map.Entry<Long, Long> c : w.bids.entrySet())
        {
            bids.next().price(c.getKey()).qty(c.getValue());
        }
        final DepthDiffStreamEventEncoder.AsksEncoder asks = depthDiff.asksCount(w.asks.size());
        for (final Map.Entry<Long, Long> c : w.asks.entrySet())
        {
            asks.next().price(c.getKey()).qty(c.getValue());
        }
        depthDiff.symbol(m.symbol);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + depthDiff.encodedLength());
    }

    ByteBuffer depth20(final SymbolModel m, final long eventMicros)
    {
        depthSnapshot.wrapAndApplyHeader(buffer, 0, header)
            .eventTime(eventMicros)
            .bookUpdateId(m.lastUpdateId)
            .priceExponent((byte) -m.priceDecimals)
            .qtyExponent((byte) -m.quantityDecimals);
        final DepthSnapshotStreamEventEncoder.BidsEncoder bids = depthSnapshot.bidsCount(Math.min(20, m.bids.count()));
        for (int i = 0; i < Math.min(20, m.bids.count()); i++)
        {
            bids.next().price(m.bids.price(i)).qty(m.bids.quantity(i));
        }
        final DepthSnapshotStreamEventEncoder.AsksEncoder asks = depthSnapshot.asksCount(Math.min(20, m.asks.count()));
        for (int i = 0; i < Math.min(20, m.asks.count()); i++)
        {
            asks.next().price(m.asks.price(i)).qty(m.asks.quantity(i));
        }
        depthSnapshot.symbol(m.symbol);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + depthSnapshot.encodedLength());
    }

    private ByteBuffer copy(final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return ByteBuffer.wrap(bytes);
    }
}
