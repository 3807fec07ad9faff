package dev.ticktape.core.decode;

import dev.ticktape.core.binance.JsonFields;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * A strict, allocation-free JSON reader over a buffer, made for Binance's compact messages: the
 * decoders walk objects field by field, read numbers straight into longs and {@link Decimal}s,
 * point {@link TextView}s at strings, and skip what they do not know. Malformed input throws a
 * preallocated {@link DecodeException}.
 * <p>
 * Field names are read as a key: names of up to four ASCII bytes are packed into an int
 * ({@link #key(String)}), so decoders switch on constants; longer names are compared with {@link #keyIs}.
 */
final class JsonCursor
{
    private static final int MAX_DEPTH = 32;

    private DirectBuffer buffer;
    private byte[] array;
    private long address;
    private int pos;
    private int end;
    private int depth;
    private final boolean[] first = new boolean[MAX_DEPTH + 1];
    private int keyOffset;
    private int keyLength;
    private int key;
    private final Decimal levelScratch = new Decimal();

    JsonCursor reset(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset + length > buffer.capacity())
        {
            throw new IndexOutOfBoundsException("JSON range " + offset + "+" + length + " outside the buffer");
        }
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        this.pos = offset;
        this.end = offset + length;
        this.depth = 0;
        return this;
    }

    /**
     * The byte at {@code index}, read without a bounds check: every caller has checked
     * {@code index < end}, and {@link #reset} checked that {@code end} is inside the buffer.
     */
    private byte at(final int index)
    {
        return UnsafeApi.getByte(array, address + index);
    }

    int position()
    {
        return pos;
    }

    void position(final int position, final int depth)
    {
        this.pos = position;
        this.depth = depth;
    }

    int depth()
    {
        return depth;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Records that the current object's first member was consumed by the caller, which moved past
     * it to {@code position} (a value known from elsewhere, such as a located stream name).
     */
    void skipMember(final int position)
    {
        if (position > end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        pos = position;
        first[depth] = false;
    }

    /** @return the next significant byte, without consuming it. */
    byte peek()
    {
        if (pos < end)
        {
            final byte b = at(pos);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return b;
            }
        }
        skipWhitespace();
        if (pos >= end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        return at(pos);
    }

    void enterObject()
    {
        expect('{');
        push();
    }

    void enterArray()
    {
        expect('[');
        push();
    }

    /**
     * Moves to the next field of the current object.
     *
     * @return false at the closing brace (consumed); true with the field's name read and the cursor on its value.
     */
    boolean nextField()
    {
        if (!nextMember('}'))
        {
            return false;
        }
        expect('"');
        keyOffset = pos;
        int k = 0;
        boolean escaped = false;
        while (true)
        {
            if (pos >= end)
            {
                throw DecodeException.UNEXPECTED_END;
            }
            final byte b = at(pos);
            if (b == '"')
            {
                break;
            }
            if (b == '\\')
            {
                pos = escape(pos + 1);
                escaped = true;
                continue;
            }
            if ((b & 0xFF) < 0x20)
            {
                throw DecodeException.UNEXPECTED_CHAR;
            }
            if (pos - keyOffset < 4)
            {
                k = (k << 8) | (b & 0xFF);
            }
            pos++;
        }
        keyLength = pos - keyOffset;
        // a name written with an escape is not its raw bytes: packed, it could pass for another (\"e for e)
        key = keyLength <= 4 && !escaped ? k : 0;
        pos++;
        expect(':');
        return true;
    }

    /**
     * Moves to the next element of the current array.
     *
     * @return false at the closing bracket (consumed); true with the cursor on the element.
     */
    boolean nextElement()
    {
        return nextMember(']');
    }

    /** @return the current field name packed as by {@link #key(String)}, or 0 for names longer than 4 bytes or written with an escape. */
    int key()
    {
        return key;
    }

    boolean keyIs(final byte[] name)
    {
        if (name.length != keyLength)
        {
            return false;
        }
        for (int i = 0; i < keyLength; i++)
        {
            if (at(keyOffset + i) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Packs a field name of up to 4 ASCII characters the way {@link #key()} reports it. */
    static int key(final String name)
    {
        int k = 0;
        for (int i = 0; i < name.length(); i++)
        {
            k = (k << 8) | name.charAt(i);
        }
        return k;
    }

    /** @return true, consuming it, when the value is {@code null}. */
    boolean readNull()
    {
        if (peek() == 'n')
        {
            literal("null");
            return true;
        }
        return false;
    }

    long readLong()
    {
        skipWhitespace();
        boolean negative = false;
        if (pos < end && at(pos) == '-')
        {
            negative = true;
            pos++;
        }
        final int start = pos;
        long value = 0;
        while (pos < end)
        {
            final int d = at(pos) - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            // 18 digits always fit in a long; only longer numbers need the overflow check.
            if (pos - start >= 18 && value > (Long.MAX_VALUE - d) / 10)
            {
                throw DecodeException.NUMBER_TOO_LONG;
            }
            value = value * 10 + d;
            pos++;
        }
        if (pos == start || (pos - start > 1 && at(start) == '0'))
        {
            throw DecodeException.BAD_NUMBER;
        }
        if (pos < end)
        {
            final byte b = at(pos);
            if (b == '.' || b == 'e' || b == 'E')
            {
                throw DecodeException.WRONG_TYPE;
            }
        }
        return negative ? -value : value;
    }

    /**
     * An array of depth levels, {@code [["price","quantity"],...]}, into {@code out}: each level's
     * first two elements, a price and a present quantity; more elements are skipped.
     */
    void readLevels(final PriceLevels out)
    {
        out.clear();
        enterArray();
        while (nextElement())
        {
            if (readCompactLevel(out))
            {
                continue;
            }
            enterArray();
            if (!nextElement())
            {
                throw DecodeException.MISSING_FIELD;
            }
            readDecimal(levelScratch);
            final long price = levelScratch.mantissa();
            final int priceScale = levelScratch.scale();
            if (!nextElement())
            {
                throw DecodeException.MISSING_FIELD;
            }
            readDecimal(levelScratch);
            if (!levelScratch.isPresent())
            {
                throw DecodeException.MISSING_FIELD;
            }
            out.add(price, priceScale, levelScratch.mantissa(), levelScratch.scale());
            while (nextElement())
            {
                skipValue();
            }
        }
    }

    /**
     * Fast path for one compact depth level {@code ["<price>","<qty>"]}: no whitespace, two quoted
     * plain decimals. Returns false, with nothing consumed, when the level has any other form; the
     * caller then reads it with the general methods.
     */
    boolean readCompactLevel(final PriceLevels out)
    {
        final int start = pos;
        if (end - pos < 9 || at(pos) != '[' || at(pos + 1) != '"')
        {
            return false;
        }
        pos += 2;
        final long price = compactDecimal();
        final int priceScale = lastScale;
        if (price < 0 || pos + 3 > end || at(pos) != '"' || at(pos + 1) != ',' || at(pos + 2) != '"')
        {
            pos = start;
            return false;
        }
        pos += 3;
        final long quantity = compactDecimal();
        final int quantityScale = lastScale;
        if (quantity < 0 || pos + 2 > end || at(pos) != '"' || at(pos + 1) != ']')
        {
            pos = start;
            return false;
        }
        pos += 2;
        out.add(price, priceScale, quantity, quantityScale);
        return true;
    }

    private int lastScale;

    /** Digits with at most one point, at most 18 digits; -1 (nothing to trust) otherwise. Scale in {@link #lastScale}. */
    private long compactDecimal()
    {
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        while (pos < end)
        {
            final byte b = at(pos);
            if (b >= '0' && b <= '9')
            {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (b == '.' && scale < 0 && digits > 0)
            {
                scale = 0;
            }
            else
            {
                break;
            }
            pos++;
        }
        if (digits == 0 || digits > 18 || scale == 0)
        {
            return -1;
        }
        lastScale = scale < 0 ? 0 : scale;
        return mantissa;
    }

    /** Reads a decimal given as a JSON string ({@code "0.0010"}) or number ({@code 0.01}); {@code null} clears it. */
    void readDecimal(final Decimal out)
    {
        final byte c = peek();
        if (c == 'n')
        {
            literal("null");
            out.clear();
            return;
        }
        final boolean quoted = c == '"';
        if (quoted)
        {
            pos++;
        }
        boolean negative = false;
        if (pos < end && at(pos) == '-')
        {
            negative = true;
            pos++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        // Integer part, then an optional fraction: one tight loop each.
        byte b = 0;
        while (pos < end && (b = at(pos)) >= '0' && b <= '9')
        {
            mantissa = mantissa * 10 + (b - '0');
            digits++;
            pos++;
        }
        if (digits == 0)
        {
            throw DecodeException.BAD_NUMBER;
        }
        if (pos < end && b == '.')
        {
            pos++;
            while (pos < end && (b = at(pos)) >= '0' && b <= '9')
            {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                scale++;
                pos++;
            }
            if (scale == 0)
            {
                throw DecodeException.BAD_NUMBER;
            }
        }
        if (digits > 18)
        {
            checkDigits(pos - digits - (scale > 0 ? 1 : 0), digits);
        }
        if (quoted)
        {
            expect('"');
        }
        else if (pos < end && (at(pos) == 'e' || at(pos) == 'E'))
        {
            throw DecodeException.BAD_NUMBER;
        }
        out.set(negative ? -mantissa : mantissa, scale);
    }

    /** More than 18 digits: re-reads them with an exact overflow check (a long holds all 18-digit numbers). */
    private void checkDigits(final int from, final int digits)
    {
        long value = 0;
        int seen = 0;
        for (int i = from; seen < digits; i++)
        {
            final int d = at(i) - '0';
            if (d < 0 || d > 9)
            {
                continue; // the decimal point
            }
            if (value > (Long.MAX_VALUE - d) / 10)
            {
                throw DecodeException.NUMBER_TOO_LONG;
            }
            value = value * 10 + d;
            seen++;
        }
    }

    boolean readBoolean()
    {
        final byte c = peek();
        if (c == 't')
        {
            literal("true");
            return true;
        }
        if (c == 'f')
        {
            literal("false");
            return false;
        }
        throw DecodeException.WRONG_TYPE;
    }

    /** Points {@code out} at a string's raw bytes; {@code null} clears it. */
    void readString(final TextView out)
    {
        final byte c = peek();
        if (c == 'n')
        {
            literal("null");
            out.clear();
            return;
        }
        if (c != '"')
        {
            throw DecodeException.WRONG_TYPE;
        }
        pos++;
        final int start = pos;
        skipStringBody();
        out.wrap(buffer, start, pos - 1 - start);
    }

    /** Skips any value: object, array, string, number or literal. */
    void skipValue()
    {
        final byte c = peek();
        switch (c)
        {
            case '{':
                enterObject();
                while (nextField())
                {
                    skipValue();
                }
                break;
            case '[':
                enterArray();
                skipCompactStrings();
                while (nextElement())
                {
                    skipValue();
                }
                break;
            case '"':
                pos++;
                skipStringBody();
                break;
            case 't':
                literal("true");
                break;
            case 'f':
                literal("false");
                break;
            case 'n':
                literal("null");
                break;
            default:
                skipNumber();
        }
    }

    /** Checks that only whitespace follows the top-level value. */
    void finish()
    {
        skipWhitespace();
        if (pos != end)
        {
            throw DecodeException.TRAILING_DATA;
        }
    }

    private boolean nextMember(final char close)
    {
        if (pos < end && at(pos) <= ' ')
        {
            skipWhitespace();
        }
        if (pos >= end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        final byte b = at(pos);
        if (b == close)
        {
            pos++;
            depth--;
            return false;
        }
        if (first[depth])
        {
            first[depth] = false;
        }
        else
        {
            if (b != ',')
            {
                throw DecodeException.UNEXPECTED_CHAR;
            }
            pos++;
        }
        return true;
    }

    /**
     * At an array's first element: takes the strings it starts with while they are written compactly
     * ({@code "a","b"}, as a depth level's price and quantity are), just as {@link #nextElement} and
     * {@link #skipValue} would take them, and stops before anything else (the closing bracket, a
     * blank, another kind of value), where they go on.
     */
    private void skipCompactStrings()
    {
        while (pos < end && at(pos) == '"')
        {
            pos++;
            skipStringBody();
            first[depth] = false;
            if (pos + 1 < end && at(pos) == ',' && at(pos + 1) == '"')
            {
                pos++;
                continue;
            }
            return;
        }
    }

    private void push()
    {
        if (depth == MAX_DEPTH)
        {
            throw DecodeException.NESTED_TOO_DEEP;
        }
        first[++depth] = true;
    }

    private void skipStringBody()
    {
        int p = pos;
        final int e = end;
        while (true)
        {
            if (p + 8 <= e)
            {
                // eight bytes at a time up to the first quote, backslash or control character
                long w = UnsafeApi.getLong(array, address + p);
                if (BIG_ENDIAN)
                {
                    w = Long.reverseBytes(w);
                }
                final long special = JsonFields.bytesEqual(w, '"') | JsonFields.bytesEqual(w, '\\') | JsonFields.bytesBelow(w, ' ');
                if (special == 0)
                {
                    p += 8;
                    continue;
                }
                p += Long.numberOfTrailingZeros(special) >>> 3;
            }
            if (p >= e)
            {
                pos = p;
                throw DecodeException.UNEXPECTED_END;
            }
            final byte b = at(p++);
            if (b == '"')
            {
                pos = p;
                return;
            }
            if (b == '\\')
            {
                p = escape(p);
            }
            else if ((b & 0xFF) < 0x20)
            {
                pos = p;
                throw DecodeException.UNEXPECTED_CHAR;
            }
        }
    }

    /**
     * Checks an escape, as JSON has them: one of {@code "\/bfnrt}, or {@code u} and four hex digits.
     *
     * @param from the index after the backslash.
     * @return the index after the escape.
     */
    private int escape(final int from)
    {
        if (from >= end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        switch (at(from))
        {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' ->
            {
                return from + 1;
            }
            case 'u' ->
            {
                if (from + 5 > end)
                {
                    throw DecodeException.UNEXPECTED_END;
                }
                for (int i = from + 1; i <= from + 4; i++)
                {
                    final byte h = at(i);
                    final int lower = h | 0x20;
                    if (!(h >= '0' && h <= '9' || lower >= 'a' && lower <= 'f'))
                    {
                        throw DecodeException.UNEXPECTED_CHAR;
                    }
                }
                return from + 5;
            }
            default -> throw DecodeException.UNEXPECTED_CHAR;
        }
    }

    private static final boolean BIG_ENDIAN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN;

    /** Skips a number as JSON writes one: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void skipNumber()
    {
        int p = pos;
        if (p < end && at(p) == '-')
        {
            p++;
        }
        if (p >= end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        final byte first = at(p);
        if (first == '0')
        {
            p++;
        }
        else if (first >= '1' && first <= '9')
        {
            p = digits(p + 1);
        }
        else
        {
            throw p == pos ? DecodeException.UNEXPECTED_CHAR : DecodeException.BAD_NUMBER;
        }
        if (p < end && at(p) == '.')
        {
            final int fraction = p + 1;
            p = digits(fraction);
            if (p == fraction)
            {
                throw DecodeException.BAD_NUMBER;
            }
        }
        if (p < end && (at(p) == 'e' || at(p) == 'E'))
        {
            p++;
            if (p < end && (at(p) == '+' || at(p) == '-'))
            {
                p++;
            }
            final int exponent = p;
            p = digits(exponent);
            if (p == exponent)
            {
                throw DecodeException.BAD_NUMBER;
            }
        }
        pos = p;
    }

    /** The index after the run of ASCII digits from {@code from}: eight bytes at a time (update ids and times have 13 and more). */
    private int digits(final int from)
    {
        int p = from;
        while (p + 8 <= end)
        {
            long w = UnsafeApi.getLong(array, address + p);
            if (BIG_ENDIAN)
            {
                w = Long.reverseBytes(w);
            }
            final int run = JsonFields.digitRun(w);
            p += run;
            if (run < 8)
            {
                return p;
            }
        }
        while (p < end)
        {
            final byte b = at(p);
            if (b < '0' || b > '9')
            {
                break;
            }
            p++;
        }
        return p;
    }

    private void literal(final String text)
    {
        if (pos + text.length() > end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (at(pos + i) != text.charAt(i))
            {
                throw DecodeException.BAD_LITERAL;
            }
        }
        pos += text.length();
    }

    private void expect(final char c)
    {
        if (pos < end && at(pos) == c)
        {
            pos++; // compact JSON, the common case: no whitespace to skip
            return;
        }
        skipWhitespace();
        if (pos >= end)
        {
            throw DecodeException.UNEXPECTED_END;
        }
        if (at(pos) != c)
        {
            throw DecodeException.UNEXPECTED_CHAR;
        }
        pos++;
    }

    private void skipWhitespace()
    {
        while (pos < end)
        {
            final byte b = at(pos);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                return;
            }
            pos++;
        }
    }
}
