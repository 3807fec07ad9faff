package dev.ticktape.core.binance;

import dev.ticktape.core.sbe.spot.BestBidAskStreamEventDecoder;
import dev.ticktape.core.sbe.spot.DepthDiffStreamEventDecoder;
import dev.ticktape.core.sbe.spot.DepthSnapshotStreamEventDecoder;
import dev.ticktape.core.sbe.spot.GroupSize16EncodingDecoder;
import dev.ticktape.core.sbe.spot.GroupSizeEncodingDecoder;
import dev.ticktape.core.sbe.spot.MessageHeaderDecoder;
import dev.ticktape.core.sbe.spot.TradesStreamEventDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The layout of Binance's SBE stream messages ({@code stream_1_0.xml}), from the generated codecs'
 * constants: which stream each template is, where its root block, groups and {@code varString8}
 * symbol lie, and a walk that checks every length of a message against its frame before anything
 * is read. The one reading of the layout that the decoder ({@code SbeMessageDecoder}) and the
 * recorder (naming a bare binary frame's stream, finding a diff's update ids) share; allocation-free.
 */
public final class SbeLayout
{
    /** The message ends before a part its lengths promise. */
    public static final int TRUNCATED = -1;
    /** A length is shorter than the schema's, or the message does not end where its lengths say. */
    public static final int BAD_LENGTH = -2;
    /** A template that is not one of the schema's stream messages. */
    public static final int UNKNOWN_TEMPLATE = -3;

    /** Where a stream message's root block starts: after the message header. */
    public static final int ROOT = MessageHeaderDecoder.ENCODED_LENGTH;

    /**
     * A template's stream (the suffix after the symbol), its root block length, its groups (their
     * header's size, their entries' length) before the symbol.
     */
    private record Layout(String suffix, int minBlock, int groups, int groupHeader, int minEntry)
    {
    }

    private static final Layout TRADES = new Layout("@trade", TradesStreamEventDecoder.BLOCK_LENGTH, 1,
        GroupSizeEncodingDecoder.ENCODED_LENGTH, TradesStreamEventDecoder.TradesDecoder.sbeBlockLength());
    private static final Layout BEST_BID_ASK = new Layout("@bestBidAsk", BestBidAskStreamEventDecoder.BLOCK_LENGTH, 0, 0, 0);
    private static final Layout DEPTH_SNAPSHOT = new Layout("@depth20", DepthSnapshotStreamEventDecoder.BLOCK_LENGTH, 2,
        GroupSize16EncodingDecoder.ENCODED_LENGTH, DepthSnapshotStreamEventDecoder.BidsDecoder.sbeBlockLength());
    private static final Layout DEPTH_DIFF = new Layout("@depth", DepthDiffStreamEventDecoder.BLOCK_LENGTH, 2,
        GroupSize16EncodingDecoder.ENCODED_LENGTH, DepthDiffStreamEventDecoder.BidsDecoder.sbeBlockLength());

    private SbeLayout()
    {
    }

    private static Layout layout(final int templateId)
    {
        return switch (templateId)
        {
            case TradesStreamEventDecoder.TEMPLATE_ID -> TRADES;
            case BestBidAskStreamEventDecoder.TEMPLATE_ID -> BEST_BID_ASK;
            case DepthSnapshotStreamEventDecoder.TEMPLATE_ID -> DEPTH_SNAPSHOT;
            case DepthDiffStreamEventDecoder.TEMPLATE_ID -> DEPTH_DIFF;
            default -> null;
        };
    }

    /**
     * @param templateId a message's template.
     * @return its stream name's suffix after the symbol ({@code @trade}, {@code @bestBidAsk},
     *         {@code @depth20}, {@code @depth}), or null for a template the schema does not hold.
     */
    public static String streamSuffix(final int templateId)
    {
        final Layout layout = layout(templateId);
        return layout == null ? null : layout.suffix;
    }

    /**
     * @param buffer a message from index 0.
     * @return its template id (the header's), the message known to hold a header.
     */
    public static int templateId(final DirectBuffer buffer)
    {
        return buffer.getShort(2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * Walks a stream message: the header's template and root block length (at least the schema's), its
     * groups (each header and its entries, at least the schema's entry length, inside the message),
     * then the {@code varString8} symbol.
     *
     * @param buffer the message from index 0, which holds its header ({@value #ROOT} bytes).
     * @param length the message's length.
     * @param exact  whether the symbol must end the message (one message a frame, nothing after the symbol in
     *               version 0), as decoding wants; naming a stream only needs the symbol whole.
     * @return the index of the symbol's length byte, or {@link #TRUNCATED}, {@link #BAD_LENGTH} or
     *         {@link #UNKNOWN_TEMPLATE}.
     */
    public static int symbolPosition(final DirectBuffer buffer, final int length, final boolean exact)
    {
        final Layout layout = layout(templateId(buffer));
        if (layout == null)
        {
            return UNKNOWN_TEMPLATE;
        }
        final int blockLength = buffer.getShort(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int groups = layout.groups;
        final int groupHeader = layout.groupHeader;
        final int minEntry = layout.minEntry;
        if (blockLength < layout.minBlock)
        {
            return BAD_LENGTH;
        }
        int position = ROOT + blockLength;
        if (position > length)
        {
            return TRUNCATED;
        }
        for (int g = 0; g < groups; g++)
        {
            if (position + groupHeader > length)
            {
                return TRUNCATED;
            }
            final int entryLength = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final long count = groupHeader == GroupSizeEncodingDecoder.ENCODED_LENGTH
                ? buffer.getInt(position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL
                : buffer.getShort(position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            if (entryLength < minEntry)
            {
                return BAD_LENGTH;
            }
            final long end = position + groupHeader + count * entryLength;
            if (end > length)
            {
                return BAD_LENGTH;
            }
            position = (int) end;
        }
        if (position + 1 > length)
        {
            return TRUNCATED;
        }
        final int symbolLength = buffer.getByte(position) & 0xFF;
        if (exact ? position + 1 + symbolLength != length : position + 1 + symbolLength > length)
        {
            return exact ? BAD_LENGTH : TRUNCATED;
        }
        return position;
    }

    /**
     * Names the stream of a bare SBE message, which Binance's binary frames do not carry: the
     * template says which stream, the symbol (lower-cased) which symbol ({@code btcusdt@depth}).
     *
     * @param buffer the message from index 0.
     * @param length its length.
     * @param out    where the name's ASCII bytes go.
     * @return the name's length, or 0 when the message is not a whole stream message (or the name does not fit).
     */
    public static int streamName(final DirectBuffer buffer, final int length, final byte[] out)
    {
        if (length < ROOT)
        {
            return 0;
        }
        final int at = symbolPosition(buffer, length, false);
        if (at < 0)
        {
            return 0;
        }
        final String suffix = streamSuffix(templateId(buffer));
        final int symbolLength = buffer.getByte(at) & 0xFF;
        if (symbolLength + suffix.length() > out.length)
        {
            return 0;
        }
        for (int i = 0; i < symbolLength; i++)
        {
            final byte c = buffer.getByte(at + 1 + i);
            out[i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        for (int i = 0; i < suffix.length(); i++)
        {
            out[symbolLength + i] = (byte) suffix.charAt(i);
        }
        return symbolLength + suffix.length();
    }
}
