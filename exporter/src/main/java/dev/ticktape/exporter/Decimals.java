package dev.ticktape.exporter;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.decode.Decimal;

import java.math.BigInteger;

/**
 * Exact conversion of decoded decimals (a long mantissa and a scale) to the exporter's fixed
 * scale of {@value Column#SCALE}: into a long for {@code DECIMAL(18,8)}, into 12 big-endian
 * two's-complement bytes for {@code DECIMAL(28,8)}. Never rounds.
 */
final class Decimals
{
    private static final long NARROW_LIMIT = 999_999_999_999_999_999L;
    private static final BigInteger WIDE_LIMIT = BigInteger.TEN.pow(Column.WIDE_PRECISION);

    private Decimals()
    {
    }

    /** The unscaled value at scale 8, within 18 digits; {@link TicktapeException} ({@code DATA}) otherwise. */
    static long narrow(final long mantissa, final int scale, final String column)
    {
        final long v = rescaleWithin(mantissa, scale, column);
        if (v > NARROW_LIMIT || v < -NARROW_LIMIT)
        {
            throw tooLarge(mantissa, scale, column);
        }
        return v;
    }

    /** Writes the unscaled value at scale 8 into {@code out} (12 bytes, big-endian) and returns it. */
    static byte[] wide(final long mantissa, final int scale, final byte[] out, final String column)
    {
        long high;
        long low;
        if (scale >= Column.SCALE)
        {
            low = rescaleWithin(mantissa, scale, column);
            high = low < 0 ? -1 : 0;
        }
        else if (scale >= 0)
        {
            // any long times at most 10^8 is below 10^27: inside DECIMAL(28,8) and 96 bits
            final long factor = Decimal.powerOfTen(Column.SCALE - scale);
            low = mantissa * factor;
            high = Math.multiplyHigh(mantissa, factor);
        }
        else
        {
            final BigInteger v = BigInteger.valueOf(mantissa).multiply(BigInteger.TEN.pow(Column.SCALE - scale));
            if (v.abs().compareTo(WIDE_LIMIT) >= 0)
            {
                throw tooLarge(mantissa, scale, column);
            }
            low = v.longValue();
            high = v.shiftRight(64).longValue();
        }
        for (int i = Column.WIDE_BYTES - 1; i >= 4; i--)
        {
            out[i] = (byte) low;
            low >>>= 8;
        }
        for (int i = 3; i >= 0; i--)
        {
            out[i] = (byte) high;
            high >>>= 8;
        }
        return out;
    }

    private static long rescaleWithin(final long mantissa, final int scale, final String column)
    {
        if (scale == Column.SCALE)
        {
            return mantissa;
        }
        if (scale < Column.SCALE)
        {
            final int d = Column.SCALE - scale;
            final long factor = Decimal.powerOfTen(d);
            final long high = Math.multiplyHigh(mantissa, factor);
            final long low = mantissa * factor;
            if ((high != 0 || low < 0) && (high != -1 || low >= 0))
            {
                throw tooLarge(mantissa, scale, column);
            }
            return low;
        }
        final int d = scale - Column.SCALE;
        if (d > 18)
        {
            if (mantissa == 0)
            {
                return 0;
            }
            throw tooPrecise(mantissa, scale, column);
        }
        final long divisor = Decimal.powerOfTen(d);
        if (mantissa % divisor != 0)
        {
            throw tooPrecise(mantissa, scale, column);
        }
        return mantissa / divisor;
    }

    private static TicktapeException tooLarge(final long mantissa, final int scale, final String column)
    {
        return new TicktapeException(ErrorCode.DATA, "value " + new Decimal().set(mantissa, scale) + " of column " + column
            + " does not fit its decimal type; export with --float to write doubles");
    }

    private static TicktapeException tooPrecise(final long mantissa, final int scale, final String column)
    {
        return new TicktapeException(ErrorCode.DATA, "value " + new Decimal().set(mantissa, scale) + " of column " + column
            + " has more than " + Column.SCALE + " decimal places; export with --float to write doubles");
    }
}
