package dev.ticktape.core.journal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the encoder and the decoder of an archive block learn in the same order, so that neither
 * has to store it: the channels (a record's fixed header bytes and stream name), each channel's
 * JSON templates, and for every number slot of a template its context, the value it last held and
 * how well each predictor did there. Both sides update the model with the same values in the same
 * order; {@link #choice} then gives the same predictor on both sides, and no choice is stored.
 * Everything is reset at the start of a block, so blocks decode independently.
 */
final class ArchiveModel
{
    /** A number slot's predictors: 0 (the value itself), the slot's last value, the token before it, the receive time in ms. */
    static final int PREDICTORS = 4;
    /** Template byte that marks a number; the next byte is its scale (digits after the point). 0xFF never occurs in UTF-8. */
    static final byte MARK = (byte) 0xFF;
    /** Most significant digits a number token may have; longer ones stay literal text. */
    static final int MAX_DIGITS = 18;
    /** Residual columns: slots whose predictor has done well go to a different column from those it has not. */
    static final int BUCKETS = 4;
    /** 10^0 to 10^18: every power of ten a number of at most {@link #MAX_DIGITS} digits needs, for both sides. */
    static final long[] POWERS = new long[MAX_DIGITS + 1];

    static
    {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++)
        {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    /** A channel key: header bytes 0..8 and 24..28. */
    static final int KEY_LENGTH = 12;

    /** A channel: the header bytes every record of it shares, and its stream name. */
    static final class Channel
    {
        /** Header bytes 0..8 (record type, version, market, kind, connection), 24..28 (stream offset, length, flags), then the stream name. */
        final byte[] key;
        final int index;
        final boolean inline;
        final int streamLength;
        final List<Template> templates = new ArrayList<>();
        /** The templates' bytes (literals with {@link #MARK} + scale for each number), by position in {@link #templates}. */
        final ArchiveByteTable templateBytes = new ArchiveByteTable();
        /** The literal text between numbers, and the context of the number each segment comes before. */
        final ArchiveByteTable segments = new ArchiveByteTable();
        int[] segmentContext = new int[16];
        /** Each segment as the decoder writes it (see {@link Template#words}). */
        long[][] segmentWords = new long[16][];
        /** The encoder's last template of the channel and its bytes: tried before the table. */
        Template recentTemplate;
        byte[] recentTemplateBytes;

        Channel(final byte[] key, final int index)
        {
            this.key = key;
            this.index = index;
            this.streamLength = key[10] & 0xFF;
            this.inline = (key[11] & JournalFormat.FLAG_STREAM_INLINE) != 0;
        }
    }

    /** A JSON payload with its numbers taken out: literal segments around number slots. */
    static final class Template
    {
        final int tokens;
        /** Literal segment k (k = 0..tokens) comes before number k (the last one ends the payload). */
        final byte[][] segments;
        final int[] lengths;
        /** Each segment as 8-byte little-endian words from its start, zero-padded: the decoder writes a word at a time. */
        final long[][] words;
        final byte[] scale;
        final int[] context;
        /** The longest payload the template can give: its literals and the widest number in each slot. */
        final int maxLength;
        /** 1 + the template's position in its channel's list: the value a record codes for it. */
        final int code;

        Template(final byte[][] segments, final long[][] words, final byte[] scale, final int[] context, final int maxLength,
            final int code)
        {
            this.words = words;
            this.tokens = scale.length;
            this.segments = segments;
            this.lengths = new int[segments.length];
            for (int k = 0; k < segments.length; k++)
            {
                lengths[k] = segments[k].length;
            }
            this.scale = scale;
            this.context = context;
            this.maxLength = maxLength;
            this.code = code;
        }
    }

    final List<Channel> channels = new ArrayList<>();
    /** Each channel's key (header bytes 0..8 and 24..28, then the stream name), its id the channel's index. */
    private ArchiveByteTable channelKeys = new ArchiveByteTable();
    /** A record's channel key, gathered to be looked up. */
    private byte[] probe = new byte[64];
    private int contexts;
    long[] last = new long[256];
    int[] cost = new int[256 * PREDICTORS];
    private int[] uses = new int[256];
    private byte[] choice = new byte[256];
    /** A slot learns from each of its first values, then from one in this many. */
    static final int WARM_UP = 32;
    static final int SAMPLE = 8;

    void reset()
    {
        channels.clear();
        channelKeys = new ArchiveByteTable();
        contexts = 0;
    }

    /** @return the channel with this key, or null. */
    Channel channel(final byte[] record, final int offset, final int streamStart, final int streamLength)
    {
        final int length = KEY_LENGTH + streamLength;
        if (probe.length < length)
        {
            probe = new byte[length * 2];
        }
        final byte[] key = probe;
        System.arraycopy(record, offset, key, 0, 8);
        System.arraycopy(record, offset + JournalFormat.STREAM_OFFSET_OFFSET, key, 8, 4);
        System.arraycopy(record, streamStart, key, KEY_LENGTH, streamLength);
        final int id = channelKeys.find(key, 0, length, ArchiveByteTable.hash(key, 0, length));
        return id < 0 ? null : channels.get(id);
    }

    Channel addChannel(final byte[] key, final byte[] stream)
    {
        final byte[] whole = Arrays.copyOf(key, KEY_LENGTH + stream.length);
        System.arraycopy(stream, 0, whole, KEY_LENGTH, stream.length);
        final Channel channel = new Channel(whole, channels.size());
        channels.add(channel);
        channelKeys.add(whole, ArchiveByteTable.hash(whole, 0, whole.length));
        return channel;
    }

    /** @return the id of a literal segment in a channel's table, added (with a new context) when new. */
    int segment(final Channel channel, final byte[] bytes, final int offset, final int length)
    {
        final long hash = ArchiveByteTable.hash(bytes, offset, length);
        final int known = channel.segments.find(bytes, offset, length, hash);
        if (known >= 0)
        {
            return known;
        }
        final int id = channel.segments.add(Arrays.copyOfRange(bytes, offset, offset + length), hash);
        if (id >= channel.segmentContext.length)
        {
            channel.segmentContext = Arrays.copyOf(channel.segmentContext, id * 2);
        }
        channel.segmentContext[id] = newContext();
        if (id >= channel.segmentWords.length)
        {
            channel.segmentWords = Arrays.copyOf(channel.segmentWords, id * 2);
        }
        channel.segmentWords[id] = words(channel.segments.get(id));
        return id;
    }

    /** Adds a template of a channel: its segment ids (one more than numbers) and each number's scale. */
    Template addTemplate(final Channel channel, final int[] segmentIds, final byte[] scales, final byte[] bytes, final long hash)
    {
        final int tokens = scales.length;
        final byte[][] segments = new byte[tokens + 1][];
        final long[][] words = new long[tokens + 1][];
        final int[] context = new int[tokens];
        int literals = 0;
        for (int k = 0; k <= tokens; k++)
        {
            segments[k] = channel.segments.get(segmentIds[k]);
            words[k] = channel.segmentWords[segmentIds[k]];
            literals += segments[k].length;
            if (k < tokens)
            {
                if (scales[k] < 0 || scales[k] > MAX_DIGITS)
                {
                    throw new IllegalStateException("archive template holds a bad number scale");
                }
                context[k] = channel.segmentContext[segmentIds[k]];
            }
        }
        // + 8: the decoder's word stores may run 7 bytes past what they mean to write
        final Template template = new Template(segments, words, scales, context, literals + tokens * (MAX_DIGITS + 3) + 8,
            channel.templates.size() + 1);
        channel.templates.add(template);
        if (bytes != null)
        {
            channel.templateBytes.add(bytes, hash);
        }
        return template;
    }

    /** A segment as 8-byte little-endian words from its start, zeros after its end. */
    private static long[] words(final byte[] segment)
    {
        final long[] w = new long[(segment.length + 7) / 8];
        for (int i = 0; i < segment.length; i++)
        {
            w[i >>> 3] |= (segment[i] & 0xFFL) << ((i & 7) << 3);
        }
        return w;
    }

    private int newContext()
    {
        final int id = contexts++;
        if (id >= last.length)
        {
            last = Arrays.copyOf(last, last.length * 2);
            cost = Arrays.copyOf(cost, cost.length * 2);
            uses = Arrays.copyOf(uses, last.length);
            choice = Arrays.copyOf(choice, last.length);
        }
        last[id] = 0;
        uses[id] = 0;
        choice[id] = 0;
        Arrays.fill(cost, id * PREDICTORS, id * PREDICTORS + PREDICTORS, 0);
        return id;
    }

    /**
     * The slot's predictor (bits 0-1) and residual column (bits 2-3), as last chosen: the predictor
     * that coded the slot's recent values in the fewest bits (ties: the lowest), and a column by how
     * many bits it needed.
     */
    int choice(final int context)
    {
        return choice[context];
    }

    static long predict(final int choice, final long last, final long previousToken, final long recvMillis)
    {
        return switch (choice & 3)
        {
            case 0 -> 0;
            case 1 -> last;
            case 2 -> previousToken;
            default -> recvMillis;
        };
    }

    /**
     * Learns a slot's value. Every predictor's cost (a decaying sum of residual bits) is updated for
     * the slot's first {@link #WARM_UP} values and then in one record in {@link #SAMPLE} (records
     * counted from the block's start): a slot's best predictor rarely changes, and learning is what
     * a slot costs most.
     *
     * @param sampled whether the record is one of those learnt from after the warm-up.
     */
    void learn(final int context, final long value, final long previousToken, final long recvMillis, final boolean sampled)
    {
        if (sampled || uses[context] < WARM_UP)
        {
            uses[context]++;
            final int base = context * PREDICTORS;
            final int[] c = cost;
            c[base] += bits(value) - (c[base] >>> 3);
            c[base + 1] += bits(value - last[context]) - (c[base + 1] >>> 3);
            c[base + 2] += bits(value - previousToken) - (c[base + 2] >>> 3);
            c[base + 3] += bits(value - recvMillis) - (c[base + 3] >>> 3);
            int best = 0;
            int bestCost = c[base];
            for (int p = 1; p < PREDICTORS; p++)
            {
                if (c[base + p] < bestCost)
                {
                    bestCost = c[base + p];
                    best = p;
                }
            }
            final int averageBits = bestCost >>> 3;
            final int bucket = averageBits < 7 ? 0 : averageBits < 15 ? 1 : averageBits < 23 ? 2 : 3;
            choice[context] = (byte) (best | bucket << 2);
        }
        last[context] = value;
    }

    private static int bits(final long residual)
    {
        return 64 - Long.numberOfLeadingZeros(ArchiveColumn.zigzag(residual));
    }
}
