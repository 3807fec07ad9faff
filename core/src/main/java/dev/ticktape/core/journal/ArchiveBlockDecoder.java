package dev.ticktape.core.journal;

import com.github.luben.zstd.Zstd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.ticktape.core.journal.ArchiveFormat.*;
import static dev.ticktape.core.journal.JournalFormat.*;

/**
 * Decodes an archive block body back into its records, byte for byte: the mirror of
 * {@link ArchiveBlockEncoder}, learning the same model in the same order. Confined to one thread;
 * reused from block to block, so a steady reader allocates nothing per record.
 */
final class ArchiveBlockDecoder
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** No column of a block this build writes comes near this: a larger claim is damage, not a column. */
    private static final long MAX_COLUMN = 1L << 30;

    private final ArchiveModel model = new ArchiveModel();
    private final ArchiveColumn[] columns = new ArchiveColumn[COLUMNS];
    private final ArchiveResiduals residuals;

    ArchiveBlockDecoder()
    {
        for (int i = 0; i < COLUMNS; i++)
        {
            columns[i] = new ArchiveColumn(1 << 16);
        }
        residuals = new ArchiveResiduals(columns);
    }

    /**
     * Decodes a block body into {@code out}.
     *
     * @throws IllegalStateException when the body is not a block this decoder wrote.
     */
    void decode(final byte[] body, final int offset, final int length, final ArchiveBlock out)
    {
        try
        {
            decodeBody(body, offset, length, out);
        }
        catch (final com.github.luben.zstd.ZstdException | IndexOutOfBoundsException | NegativeArraySizeException e)
        {
            // the checksum passed (or was not asked), yet the bytes do not hold a block: say so as damage
            throw new IllegalStateException("the block does not decode: " + e.getMessage(), e);
        }
    }

    private void decodeBody(final byte[] body, final int offset, final int length, final ArchiveBlock out)
    {
        final ArchiveColumn in = new ArchiveColumn(0);
        in.bytes = body;
        in.position = offset;
        in.limit = offset + length;
        final long records = in.getVarint();
        if (records < 0 || records > MAX_COLUMN)
        {
            throw new IllegalStateException("block claims " + records + " records");
        }
        final int count = (int) records;
        final int columnCount = in.bytes[in.position++] & 0xFF;
        if (columnCount != COLUMNS)
        {
            throw new IllegalStateException("block has " + columnCount + " columns, not " + COLUMNS);
        }
        final int[] method = new int[COLUMNS];
        final int[] raw = new int[COLUMNS];
        final int[] stored = new int[COLUMNS];
        for (int i = 0; i < COLUMNS; i++)
        {
            if (in.position >= in.limit)
            {
                throw new IllegalStateException("block ends in its column table");
            }
            method[i] = in.bytes[in.position++];
            final long rawLength = in.getVarint();
            final long storedLength = in.getVarint();
            if (rawLength < 0 || rawLength > MAX_COLUMN || storedLength < 0 || storedLength > length)
            {
                throw new IllegalStateException("column " + i + " claims " + rawLength + " bytes, " + storedLength + " stored");
            }
            raw[i] = (int) rawLength;
            stored[i] = (int) storedLength;
        }
        int at = in.position;
        for (int i = 0; i < COLUMNS; i++)
        {
            final ArchiveColumn c = columns[i];
            if (raw[i] == 0)
            {
                c.readFrom(0);
                continue;
            }
            if (stored[i] < 0 || stored[i] > offset + length - at)
            {
                throw new IllegalStateException("column " + i + " runs past the block");
            }
            if (c.bytes.length < raw[i])
            {
                c.bytes = new byte[Math.max(raw[i], c.bytes.length * 2)];
            }
            if (method[i] == METHOD_ZSTD)
            {
                final long n = Zstd.decompressByteArray(c.bytes, 0, raw[i], body, at, stored[i]);
                if (Zstd.isError(n) || n != raw[i])
                {
                    throw new IllegalStateException("column " + i + " does not decompress: "
                        + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes, not " + raw[i]));
                }
            }
            else if (method[i] == METHOD_STORED && stored[i] == raw[i])
            {
                System.arraycopy(body, at, c.bytes, 0, raw[i]);
            }
            else
            {
                throw new IllegalStateException("column " + i + " has unknown method " + method[i]);
            }
            c.readFrom(raw[i]);
            at += stored[i];
        }
        records(count, out);
    }

    private void records(final int count, final ArchiveBlock out)
    {
        model.reset();
        out.reset(count);
        final ArchiveColumn channels = columns[CHANNEL];
        final ArchiveColumn rawColumn = columns[RAW];
        final ArchiveColumn time = columns[TIME];
        final ArchiveColumn mono = columns[MONO];
        final ArchiveColumn templates = columns[TEMPLATE];
        long previousEpoch = 0;
        long previousMono = 0;
        for (int r = 0; r < count; r++)
        {
            final int c = (int) channels.getVarint();
            if (c == 0)
            {
                final int length = rawColumn.getLength(Integer.MAX_VALUE);
                final int start = out.begin(length);
                System.arraycopy(rawColumn.bytes, rawColumn.position, out.arena, start, length);
                rawColumn.position += length;
                out.end(r, start, start + length,
                    length >= HEADER_LENGTH ? (long) LONGS.get(out.arena, start + RECV_EPOCH_NS_OFFSET) : Long.MIN_VALUE);
                continue;
            }
            final ArchiveModel.Channel channel = c <= model.channels.size() ? model.channels.get(c - 1) : newChannel(c);
            final long epoch = previousEpoch + ArchiveColumn.unzigzag(time.getVarint());
            final long monoNs = previousMono + (epoch - previousEpoch) + ArchiveColumn.unzigzag(mono.getVarint());
            previousEpoch = epoch;
            previousMono = monoNs;
            final int code = (int) templates.getVarint();
            final ArchiveModel.Template template;
            final int payloadMax;
            if (code == 0)
            {
                template = null;
                payloadMax = rawColumn.getLength(Integer.MAX_VALUE);
            }
            else
            {
                template = code <= channel.templates.size() ? channel.templates.get(code - 1) : newTemplate(channel, code);
                payloadMax = template.maxLength;
            }
            final int start = out.begin(HEADER_LENGTH + (channel.inline ? channel.streamLength : 0) + payloadMax);
            final byte[] a = out.arena;
            final byte[] key = channel.key;
            // the header: the channel's first 8 bytes, the two times, the channel's stream bytes (24..28)
            final long at = BYTES + start;
            UNSAFE.putLong(a, at, UNSAFE.getLong(key, BYTES));
            UNSAFE.putLong(a, at + RECV_EPOCH_NS_OFFSET, epoch);
            UNSAFE.putLong(a, at + RECV_MONO_NS_OFFSET, monoNs);
            UNSAFE.putInt(a, at + STREAM_OFFSET_OFFSET, UNSAFE.getInt(key, BYTES + 8));
            int p = start + HEADER_LENGTH;
            if (channel.inline)
            {
                System.arraycopy(key, ArchiveModel.KEY_LENGTH, a, p, channel.streamLength);
                p += channel.streamLength;
            }
            if (template == null)
            {
                System.arraycopy(rawColumn.bytes, rawColumn.position, a, p, payloadMax);
                rawColumn.position += payloadMax;
                p += payloadMax;
            }
            else
            {
                p = payload(template, a, p, epoch / 1_000_000L, ((r + 1) & (ArchiveModel.SAMPLE - 1)) == 0);
            }
            out.end(r, start, p, epoch);
        }
    }

    private int payload(final ArchiveModel.Template template, final byte[] a, final int from, final long recvMillis,
        final boolean sampled)
    {
        final long[][] words = template.words;
        final int[] lengths = template.lengths;
        final int[] context = template.context;
        final byte[] scale = template.scale;
        final ArchiveModel m = model;
        final long[] last = m.last;
        int p = from;
        long previousToken = 0;
        final int tokens = template.tokens;
        for (int k = 0; k < tokens; k++)
        {
            p = copy(words[k], lengths[k], a, p);
            final int c = context[k];
            final int choice = m.choice(c);
            final long value = ArchiveModel.predict(choice, last[c], previousToken, recvMillis)
                + ArchiveColumn.unzigzag(residuals.get(choice >>> 2));
            m.learn(c, value, previousToken, recvMillis, sampled);
            previousToken = value;
            p = formatFast(value, scale[k], a, p);
        }
        return copy(words[tokens], lengths[tokens], a, p);
    }

    /**
     * Copies a segment a word at a time: the last store may run up to 7 bytes past its end, into what
     * is written next (a record's reservation leaves room for it).
     */
    private static int copy(final long[] words, final int length, final byte[] a, final int p)
    {
        final long at = BYTES + p;
        for (int j = 0; j < words.length; j++)
        {
            UNSAFE.putLong(a, at + 8L * j, words[j]);
        }
        return p + length;
    }

    /**
     * {@link #format}, with numbers below 10^8 (and fractions of up to 8 digits) written as one
     * 8-byte store each; a store may run past the number, into what is written next.
     */
    static int formatFast(final long value, final int scale, final byte[] a, final int p)
    {
        if (value < 0)
        {
            if (value == Long.MIN_VALUE)
            {
                return format(value, scale, a, p);
            }
            a[p] = '-';
            return formatFast(-value, scale, a, p + 1);
        }
        if (value < 100_000_000L && scale < 8)
        {
            // every digit from one 8-byte word; with a scale, the point goes in by shifting the fraction's bytes up one
            // (in two shifts: Java takes a shift of 64 as 0)
            // the count from the value, not from the digits: the next number's position need not wait for them
            final int digits = Math.max(digits(value), scale + 1);
            final long word = eightDigits(value) >>> ((8 - digits) << 3);
            if (scale == 0)
            {
                UNSAFE.putLong(a, BYTES + p, word);
                return p + digits;
            }
            final int integerBits = (digits - scale) << 3;
            final long integer = word & ((1L << integerBits) - 1);
            UNSAFE.putLong(a, BYTES + p, integer | ('.' + 0L) << integerBits | (word >>> integerBits << 8) << integerBits);
            if (digits == 8)
            {
                // the ninth byte: the last fraction digit, shifted out of the word
                a[p + 8] = (byte) (word >>> 56);
            }
            return p + digits + 1;
        }
        if (scale == 0 && value < 10_000_000_000_000_000L)
        {
            // times in ms and update ids: the digits above the last eight, then those eight
            final long high = value / 100_000_000L;
            final int digits = digits(high);
            UNSAFE.putLong(a, BYTES + p, eightDigits(high) >>> ((8 - digits) << 3));
            UNSAFE.putLong(a, BYTES + p + digits, eightDigits(value - high * 100_000_000L));
            return p + digits + 8;
        }
        if (scale == 0 || scale > 8)
        {
            return format(value, scale, a, p);
        }
        final long integer = divideByPowerOfTen(value, scale);
        if (integer >= 100_000_000L)
        {
            return format(value, scale, a, p);
        }
        final long fraction = value - integer * ArchiveModel.POWERS[scale];
        final int digits = digits(integer);
        UNSAFE.putLong(a, BYTES + p, eightDigits(integer) >>> ((8 - digits) << 3));
        int at = p + digits;
        a[at++] = '.';
        UNSAFE.putLong(a, BYTES + at, eightDigits(fraction) >>> ((8 - scale) << 3));
        return at + scale;
    }

    private static long divideByPowerOfTen(final long x, final int scale)
    {
        // constant divisors compile to multiplications
        return switch (scale)
        {
            case 1 -> x / 10L;
            case 2 -> x / 100L;
            case 3 -> x / 1_000L;
            case 4 -> x / 10_000L;
            case 5 -> x / 100_000L;
            case 6 -> x / 1_000_000L;
            case 7 -> x / 10_000_000L;
            default -> x / 100_000_000L;
        };
    }

    /**
     * The eight decimal digits of {@code v} (below 10^8, zero-padded) as ASCII, most significant first
     * in memory order (little-endian): split within the register into 4-digit halves, 2-digit
     * quarters and digits.
     */
    static long eightDigits(final long v)
    {
        // v / 10^4 as a multiply and a shift: exact below 10^8
        final long high = (v * 109_951_163L) >>> 40;
        final long merged = high | ((v - high * 10_000L) << 32);
        final long hundreds = ((merged * 10486L) >>> 20) & 0x0000_007F_0000_007FL;
        final long pairs = hundreds | ((merged - hundreds * 100L) << 16);
        final long tens = ((pairs * 103L) >>> 10) & 0x000F_000F_000F_000FL;
        return (tens | ((pairs - tens * 10L) << 8)) + 0x3030_3030_3030_3030L;
    }

    private static final sun.misc.Unsafe UNSAFE = unsafe();
    private static final long BYTES = sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET;

    private static sun.misc.Unsafe unsafe()
    {
        try
        {
            final java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Writes a number with {@code scale} digits after the point, as the template path parsed it. */
    static int format(final long value, final int scale, final byte[] a, final int p)
    {
        int start = p;
        long v = value;
        if (v < 0)
        {
            a[start++] = '-';
            v = -v;
        }
        final int digits = scale == 0 ? digits(v) : Math.max(digits(v), scale + 1);
        final int end = start + digits;
        writeDigits(v, a, end, start);
        if (scale == 0)
        {
            return end;
        }
        // the last `scale` digits move one place right, and the point goes before them: no division by 10^scale
        final int pointAt = end - scale;
        for (int i = end; i > pointAt; i--)
        {
            a[i] = a[i - 1];
        }
        a[pointAt] = '.';
        return end + 1;
    }

    /** Writes {@code value} ending at {@code end}, padded with zeros back to {@code from}; at least one digit. */
    private static void writeDigits(final long value, final byte[] a, final int end, final int from)
    {
        int w = end;
        long rest = value;
        while (rest > Integer.MAX_VALUE)
        {
            // nine digits at a time in int arithmetic: a long division is several times slower
            final long q = rest / 1_000_000_000L;
            int r = (int) (rest - q * 1_000_000_000L);
            for (int k = 0; k < 4; k++)
            {
                final int q2 = r / 100;
                final int d = r - q2 * 100;
                a[--w] = DIGIT_ONES[d];
                a[--w] = DIGIT_TENS[d];
                r = q2;
            }
            a[--w] = (byte) ('0' + r);
            rest = q;
        }
        int v = (int) rest;
        while (v >= 100)
        {
            final int q = v / 100;
            final int r = v - q * 100;
            a[--w] = DIGIT_ONES[r];
            a[--w] = DIGIT_TENS[r];
            v = q;
        }
        a[--w] = DIGIT_ONES[v];
        if (v >= 10)
        {
            a[--w] = DIGIT_TENS[v];
        }
        while (w > from)
        {
            a[--w] = '0';
        }
    }

    private static int digits(final long v)
    {
        // floor(log10) from the bit length, corrected by one comparison
        // (at most 18 for a long, so always inside ArchiveModel.POWERS; v = 0 counts as 1: one digit)
        final long nonZero = v | 1;
        final int guess = ((64 - Long.numberOfLeadingZeros(nonZero)) * 1233) >>> 12;
        return guess + (nonZero >= ArchiveModel.POWERS[guess] ? 1 : 0);
    }

    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];

    static
    {
        for (int i = 0; i < 100; i++)
        {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private ArchiveModel.Channel newChannel(final int code)
    {
        if (code != model.channels.size() + 1)
        {
            throw new IllegalStateException("record names channel " + code + " of " + model.channels.size());
        }
        final ArchiveColumn dict = columns[DICTIONARY];
        if (dict.limit - dict.position < ArchiveModel.KEY_LENGTH + 1)
        {
            throw new IllegalStateException("dictionary ends inside a channel");
        }
        final byte[] key = Arrays.copyOfRange(dict.bytes, dict.position, dict.position + ArchiveModel.KEY_LENGTH);
        dict.position += ArchiveModel.KEY_LENGTH;
        final int streamLength = dict.bytes[dict.position++] & 0xFF;
        if (dict.limit - dict.position < streamLength)
        {
            throw new IllegalStateException("dictionary ends inside a stream name");
        }
        final byte[] stream = Arrays.copyOfRange(dict.bytes, dict.position, dict.position + streamLength);
        dict.position += streamLength;
        // the channel keeps its inline stream name after the key, where the decoder copies it from
        final ArchiveModel.Channel channel = model.addChannel(key, stream);
        return channel;
    }

    private ArchiveModel.Template newTemplate(final ArchiveModel.Channel channel, final int code)
    {
        if (code != channel.templates.size() + 1)
        {
            throw new IllegalStateException("record names template " + code + " of " + channel.templates.size());
        }
        final ArchiveColumn dict = columns[DICTIONARY];
        final long tokenCount = dict.getVarint();
        if (tokenCount < 0 || tokenCount > dict.limit - dict.position)
        {
            throw new IllegalStateException("template claims " + tokenCount + " numbers");
        }
        final int tokens = (int) tokenCount;
        final int[] ids = new int[tokens + 1];
        for (int k = 0; k <= tokens; k++)
        {
            final long ref = dict.getVarint();
            if (ref == 0)
            {
                final int length = dict.getLength(Integer.MAX_VALUE);
                final int before = channel.segments.size();
                ids[k] = model.segment(channel, dict.bytes, dict.position, length);
                if (ids[k] != before)
                {
                    throw new IllegalStateException("dictionary repeats a literal segment");
                }
                dict.position += length;
            }
            else if (ref > 0 && ref <= channel.segments.size())
            {
                ids[k] = (int) ref - 1;
            }
            else
            {
                throw new IllegalStateException("template names segment " + ref + " of " + channel.segments.size());
            }
        }
        if (dict.limit - dict.position < tokens)
        {
            throw new IllegalStateException("dictionary ends inside a template's scales");
        }
        final byte[] scales = Arrays.copyOfRange(dict.bytes, dict.position, dict.position + tokens);
        dict.position += tokens;
        return model.addTemplate(channel, ids, scales, null, 0);
    }
}
