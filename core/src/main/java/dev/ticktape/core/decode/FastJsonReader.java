package dev.ticktape.core.decode;

import dev.ticktape.core.journal.JournalFrame;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

import static dev.ticktape.core.binance.JsonFields.ZEROS;
import static dev.ticktape.core.binance.JsonFields.eightDigits;
import static dev.ticktape.core.binance.JsonFields.notDigits;

/**
 * The fast path's reader ({@link FastJsonDecoder}): JSON in the compact form Binance sends, read
 * with the position held by the caller, keys matched a word at a time and up to eight digits parsed
 * per step (SWAR). Every method returns the position after what it read, or -1 where the input is
 * not in the form it takes (the caller then gives the frame up to the general path); a value is
 * left in {@link #value()}, a key in {@link #key()}. An object's members are
 * read by its {@link FieldMap}.
 */
final class FastJsonReader
{
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long[] POW10 = new long[19];

    static
    {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++)
        {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** {@code ,"}: a member's separator and its key's opening quote */
    private static final long W_SEPARATOR_QUOTE = word(",\"");
    /** <code>{"</code>: an object's first key's opening quote */
    private static final long W_OPEN_QUOTE = word("{\"");
    /** {@code ":} as bytes 3 and 4 of a word: after {@code ,"k} */
    private static final long W_QUOTE_COLON_AT_3 = word("\":") << 24;
    /** {@code ":} as bytes 4 and 5 of a word: after {@code ,"kk} */
    private static final long W_QUOTE_COLON_AT_4 = word("\":") << 32;
    private static final long W_TRUE = word("true");
    private static final long W_FALSE = word("false");

    private DirectBuffer buffer;
    private byte[] array;
    private long address;
    private int end;

    /** The value of the last {@link #digits}, {@link #number}, {@link #decimal} or {@link #bool}. */
    private long value;
    /** The scale of the last {@link #decimal}. */
    private int scale;
    /** The key read by the last {@link #key}: one or two ASCII letters packed as {@link JsonCursor#key(String)} does. */
    private int key;

    /** Reads the frame's payload; the caller has checked its bounds. */
    void wrap(final JournalFrame frame)
    {
        buffer = frame.buffer();
        array = buffer.byteArray();
        address = buffer.addressOffset();
        end = frame.payloadOffset() + frame.payloadLength();
    }

    /** Where the payload ends. */
    int end()
    {
        return end;
    }

    long value()
    {
        return value;
    }

    int key()
    {
        return key;
    }

    /**
     * At an object's opening brace: <code>{"k":</code> reads the first key and returns the position of
     * its value; <code>{}</code> returns minus the position after it; anything else returns 0.
     */
    int first(final int p)
    {
        if (p >= end || getByte(p) != '{')
        {
            return 0;
        }
        if (p + 1 < end && getByte(p + 1) == '}')
        {
            return -(p + 2);
        }
        final long w = getLongUpTo(p);
        return (w & 0xFFFF) == W_OPEN_QUOTE ? key(w, p) : 0;
    }

    // ---- structure

    /**
     * At a member separator: {@code ,"k":} reads the key and returns the position of its value;
     * {@code }} returns minus the position after it (the object is done); anything else returns 0.
     */
    int next(final int p)
    {
        if (p >= end)
        {
            return 0;
        }
        // One word holds the separator, the key and its colon: ,"k": or ,"kk":
        final long w = getLongUpTo(p);
        if ((w & 0xFFFF) != W_SEPARATOR_QUOTE)
        {
            return (w & 0xFF) == '}' ? -(p + 1) : 0;
        }
        return key(w, p);
    }

    /**
     * Reads {@code "k":} or {@code "kk":} (ASCII letters) into {@link #key} from {@code w}, the word
     * at {@code p}, whose bytes 0 and 1 are the {@code ,} or <code>{</code> before the key and its
     * opening quote (the caller's to check); returns the value's position, or 0.
     */
    private int key(final long w, final int p)
    {
        final int c1 = (int) (w >>> 16) & 0xFF;
        if (!letter(c1))
        {
            return 0;
        }
        if ((w & 0xFF_FF00_0000L) == W_QUOTE_COLON_AT_3)
        {
            key = c1;
            return p + 5;
        }
        final int c2 = (int) (w >>> 24) & 0xFF;
        if (letter(c2) && (w & 0xFFFF_0000_0000L) == W_QUOTE_COLON_AT_4)
        {
            key = c1 << 8 | c2;
            return p + 6;
        }
        return 0;
    }

    private static boolean letter(final int c)
    {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    /** Depth levels {@code [["p","q"],...]} into {@code out}; returns the position after the array, or -1. */
    int levels(final int start, final PriceLevels out)
    {
        out.clear();
        if (start + 1 >= end || getByte(start) != '[')
        {
            return -1;
        }
        int p = start + 1;
        if (getByte(p) == ']')
        {
            return p + 1;
        }
        while (true)
        {
            if (p + 2 > end || getByte(p) != '[')
            {
                return -1;
            }
            p = decimal(p + 1);
            if (p < 0 || p >= end || getByte(p) != ',')
            {
                return -1;
            }
            final long price = value;
            final int priceScale = scale;
            p = decimal(p + 1);
            if (p < 0 || p + 1 >= end || getByte(p) != ']')
            {
                return -1;
            }
            out.add(price, priceScale, value, scale);
            final byte b = getByte(p + 1);
            p += 2;
            if (b == ']')
            {
                return p;
            }
            if (b != ',')
            {
                return -1;
            }
        }
    }

    /** Skips a string without escapes, a number or a literal, as the general path would; -1 for anything else. */
    int skipScalar(final int start)
    {
        if (start >= end)
        {
            return -1;
        }
        final byte c = getByte(start);
        int p = start;
        if (c == '"')
        {
            p++;
            while (p < end)
            {
                final byte b = getByte(p++);
                if (b == '"')
                {
                    return p;
                }
                if (b == '\\' || (b & 0xFF) < 0x20)
                {
                    return -1;
                }
            }
            return -1;
        }
        if (c == 't' || c == 'f')
        {
            return bool(start);
        }
        if (c == 'n')
        {
            return literal(start, "null");
        }
        while (p < end)
        {
            final byte b = getByte(p);
            if ((b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E')
            {
                p++;
            }
            else
            {
                break;
            }
        }
        return p == start ? -1 : p;
    }

    // ---- values

    /** A string without escapes into {@code out}; returns the position after it, or -1. */
    int string(final int start, final TextView out)
    {
        if (start >= end || getByte(start) != '"')
        {
            return -1;
        }
        int p = start + 1;
        while (p < end)
        {
            final byte b = getByte(p);
            if (b == '"')
            {
                out.wrap(buffer, start + 1, p - start - 1);
                return p + 1;
            }
            if (b == '\\' || (b & 0xFF) < 0x20)
            {
                return -1;
            }
            p++;
        }
        return -1;
    }

    /** {@code true} or {@code false}: {@link #value} 1 or 0; returns the position after it, or -1. */
    int bool(final int p)
    {
        if (p >= end)
        {
            return -1;
        }
        final long w = getLongUpTo(p);
        if ((w & 0xFFFF_FFFFL) == W_TRUE)
        {
            value = 1;
            return p + 4;
        }
        if ((w & 0xFF_FFFF_FFFFL) == W_FALSE)
        {
            value = 0;
            return p + 5;
        }
        return -1;
    }

    private int literal(final int p, final String text)
    {
        if (p + text.length() > end)
        {
            return -1;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (getByte(p + i) != text.charAt(i))
            {
                return -1;
            }
        }
        return p + text.length();
    }

    /**
     * A JSON integer as {@link JsonCursor#readLong} takes it, restricted to 1 to 18 digits without a
     * sign; returns the position after it, or -1.
     */
    int number(final int p)
    {
        if (p >= end)
        {
            return -1;
        }
        // Both words at once and no branch on the length: the common 13-digit times and ids cost a
        // handful of multiplies instead of a dependent multiply per digit. Past the end of the
        // message the words read zeros, which end the digits.
        final long x0 = getLongUpTo(p) ^ ZEROS;
        final long x1 = getLongUpTo(p + 8) ^ ZEROS;
        final long nd0 = notDigits(x0);
        final int n;
        if (nd0 != 0)
        {
            n = Long.numberOfTrailingZeros(nd0) >>> 3;
            if (n == 0)
            {
                return -1;
            }
            value = eightDigits(x0 << ((8 - n) << 3));
        }
        else
        {
            final int k = Long.numberOfTrailingZeros(notDigits(x1)) >>> 3;
            if (k == 8)
            {
                return -1; // 16 digits or more: the general path reads them
            }
            n = 8 + k;
            // (x1 << 8(8-k) - 1) << 1 is 0 for k = 0, where one shift by 64 would be no shift.
            value = eightDigits(x0) * POW10[k] + eightDigits((x1 << (((8 - k) << 3) - 1)) << 1);
        }
        if (n > 1 && getByte(p) == '0')
        {
            return -1;
        }
        final int after = p + n;
        if (after < end)
        {
            final byte b = getByte(after);
            if (b == '.' || b == 'e' || b == 'E')
            {
                return -1;
            }
        }
        return after;
    }

    /** A quoted decimal into {@code out} (see {@link #decimal(int)}). */
    int decimal(final int p, final Decimal out)
    {
        final int after = decimal(p);
        if (after >= 0)
        {
            out.set(value, scale);
        }
        return after;
    }

    /**
     * A quoted plain decimal, {@code "-123.4500"}, of at most 18 digits, as {@link JsonCursor#readDecimal}
     * reads it: mantissa in {@link #value}, digits after the point in {@link #scale}. Returns the
     * position after the closing quote, or -1.
     * <p>
     * This is the form almost every price and quantity has, unsigned with a point, at most 7
     * integer and 8 fraction digits, in code small enough for the JIT to inline where it is called
     * (a depth level calls it twice); {@link #anyDecimal} takes every other form.
     */
    private int decimal(final int start)
    {
        final int p = start + 1;
        if (p >= end || getByte(start) != '"')
        {
            return -1;
        }
        final long x0 = getLongUpTo(p) ^ ZEROS;
        final int d = Long.numberOfTrailingZeros(notDigits(x0)) >>> 3;
        if (d == 0 || d == 8 || ((x0 >>> (d << 3)) & 0xFF) != ('.' ^ 0x30))
        {
            return anyDecimal(start);
        }
        final int s = d + 1;
        final long rest = ((x0 >>> ((s << 3) - 1)) >>> 1) | ((getLongUpTo(p + 8) ^ ZEROS) << (64 - (s << 3)));
        final int f = Long.numberOfTrailingZeros(notDigits(rest)) >>> 3;
        if (f == 0 || (f == 8 ? p + s + 8 >= end || getByte(p + s + 8) != '"' : ((rest >>> (f << 3)) & 0xFF) != ('"' ^ 0x30)))
        {
            return anyDecimal(start);
        }
        final int n = d + f;
        value = n <= 8
            ? eightDigits(((x0 & ((1L << (d << 3)) - 1)) | (rest << (d << 3))) << ((8 - n) << 3))
            : eightDigits(x0 << ((8 - d) << 3)) * POW10[f] + eightDigits(rest << ((8 - f) << 3));
        scale = f;
        return p + s + f + 1;
    }

    /**
     * {@link #decimal(int)} in any form: signed, an integer, near the end of the message or long.
     * Of its word path for a decimal with a point, only signed ones need it ({@link #decimal(int)}
     * has read the unsigned ones). It stays whole on purpose: at this size C2 does not inline it
     * into the level loop, and a version trimmed to the integer form, which C2 did inline there,
     * made the peers' mix 2 to 3% slower in 4 of 5 alternating pairs of JVMs.
     */
    private int anyDecimal(final int start)
    {
        if (start + 2 > end || getByte(start) != '"')
        {
            return -1;
        }
        int p = start + 1;
        final boolean negative = getByte(p) == '-';
        if (negative)
        {
            p++;
        }
        // The common form, up to 7 integer and 8 fraction digits, from two words with no branch on
        // the lengths: mispredicted branches at the end of each number cost more than the digits.
        // Past the end of the message the words read zeros, which are neither digit, point nor quote.
        final long x0 = getLongUpTo(p) ^ ZEROS;
        final long x1 = getLongUpTo(p + 8) ^ ZEROS;
        final long nd0 = notDigits(x0);
        final int d = Long.numberOfTrailingZeros(nd0) >>> 3; // the point, or the quote of an integer
        if (d == 0 || d == 8)
        {
            return decimalByByte(start);
        }
        final int separator = (int) (x0 >>> (d << 3)) & 0xFF;
        if (separator == ('"' ^ 0x30))
        {
            final long integer = eightDigits(x0 << ((8 - d) << 3));
            value = negative ? -integer : integer;
            scale = 0;
            return p + d + 1;
        }
        if (separator != ('.' ^ 0x30))
        {
            return decimalByByte(start);
        }
        final int s = d + 1; // the fraction's first byte, 2 to 8
        final long rest = ((x0 >>> ((s << 3) - 1)) >>> 1) | (x1 << (64 - (s << 3)));
        final int f = Long.numberOfTrailingZeros(notDigits(rest)) >>> 3;
        if (f == 8)
        {
            // Eight fraction digits, as spot prices and quantities have: the quote is the next byte.
            if (p + s + 8 >= end || getByte(p + s + 8) != '"')
            {
                return decimalByByte(start);
            }
        }
        else if (f == 0 || ((rest >>> (f << 3)) & 0xFF) != ('"' ^ 0x30))
        {
            return decimalByByte(start);
        }
        final int n = d + f;
        final long mantissa;
        if (n <= 8)
        {
            // All the digits in one word, the fraction's just above the integer's (the point taken
            // out), and one conversion: almost every price and quantity has at most eight digits.
            mantissa = eightDigits(((x0 & ((1L << (d << 3)) - 1)) | (rest << (d << 3))) << ((8 - n) << 3));
        }
        else
        {
            mantissa = eightDigits(x0 << ((8 - d) << 3)) * POW10[f] + eightDigits(rest << ((8 - f) << 3));
        }
        value = negative ? -mantissa : mantissa;
        scale = f;
        return p + s + f + 1;
    }


    /** {@link #decimal(int)} a byte at a time, near the end of the message and for long numbers. */
    private int decimalByByte(final int start)
    {
        if (start + 1 >= end || getByte(start) != '"')
        {
            return -1;
        }
        int p = start + 1;
        final boolean negative = getByte(p) == '-';
        if (negative)
        {
            p++;
        }
        final int n = digits(p);
        if (n <= 0)
        {
            return -1;
        }
        long mantissa = value;
        int digits = n;
        p += n;
        int fraction = 0;
        if (p < end && getByte(p) == '.')
        {
            p++;
            fraction = digits(p);
            if (fraction <= 0 || (digits += fraction) > 18)
            {
                return -1;
            }
            mantissa = mantissa * POW10[fraction] + value;
            p += fraction;
        }
        if (p >= end || getByte(p) != '"')
        {
            return -1;
        }
        value = negative ? -mantissa : mantissa;
        scale = fraction;
        return p + 1;
    }

    /**
     * Counts the ASCII digits from {@code start} and puts their value in {@link #value}.
     *
     * @return the number of digits, 0 to 18; -1 for more than 18.
     */
    private int digits(final int start)
    {
        long v = 0;
        int p = start;
        while (p < end)
        {
            final int d = getByte(p) - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            v = v * 10 + d;
            p++;
            if (p - start > 18)
            {
                return -1;
            }
        }
        value = v;
        return p - start;
    }

    byte getByte(final int index)
    {
        return UnsafeApi.getByte(array, address + index);
    }

    /** Eight bytes from {@code index}, the first in the lowest byte; callers check {@code index + 8 <= end}. */
    long getLong(final int index)
    {
        final long w = UnsafeApi.getLong(array, address + index);
        return LITTLE_ENDIAN ? w : Long.reverseBytes(w);
    }

    /**
     * {@link #getLong} that reads no byte at or past {@link #end}: those read as zero. Callers
     * check {@code index < end}; every message this path takes is longer than eight bytes.
     */
    private long getLongUpTo(final int index)
    {
        if (index + 8 <= end)
        {
            return getLong(index);
        }
        return index >= end ? 0 : getLong(end - 8) >>> ((index + 8 - end) << 3);
    }

    /** Up to eight ASCII characters packed as {@link #getLong} reads them. */
    static long word(final String text)
    {
        long w = 0;
        for (int i = text.length() - 1; i >= 0; i--)
        {
            w = (w << 8) | text.charAt(i);
        }
        return w;
    }
}
