package dev.ticktape.core.decode;

import java.math.BigDecimal;

/**
 * An exact decimal number as {@code mantissa × 10^-scale}, the form Binance's SBE uses, reused in
 * place by the decoders so that reading a price allocates nothing. {@code "0.00100000"} is mantissa
 * 100000 and scale 8: trailing zeros are kept, so the text round-trips exactly.
 * <p>
 * Mutable and not thread-safe; listeners copy what they keep ({@link #set(Decimal)} or {@link #toBigDecimal()}).
 */
public final class Decimal
{
    private long mantissa;
    private int scale;
    private boolean present;

    /**
     * @return the unscaled value.
     */
    public long mantissa()
    {
        return mantissa;
    }

    /**
     * @return the number of digits after the decimal point (negative for SBE exponents above 0).
     */
    public int scale()
    {
        return scale;
    }

    /**
     * @return whether the field was in the message (optional fields and JSON {@code null} are absent).
     */
    public boolean isPresent()
    {
        return present;
    }

    /**
     * @return whether the value is zero (a removed book level, for instance).
     */
    public boolean isZero()
    {
        return mantissa == 0;
    }

    /**
     * Sets the value.
     *
     * @param mantissa the unscaled value.
     * @param scale    digits after the decimal point.
     * @return this.
     */
    public Decimal set(final long mantissa, final int scale)
    {
        this.mantissa = mantissa;
        this.scale = scale;
        this.present = true;
        return this;
    }

    /**
     * Copies another decimal's value and presence.
     *
     * @param other the decimal to copy.
     * @return this.
     */
    public Decimal set(final Decimal other)
    {
        this.mantissa = other.mantissa;
        this.scale = other.scale;
        this.present = other.present;
        return this;
    }

    /**
     * Marks the value absent.
     *
     * @return this.
     */
    public Decimal clear()
    {
        mantissa = 0;
        scale = 0;
        present = false;
        return this;
    }

    /**
     * @return the exact value as a {@link BigDecimal} (allocates), or {@code null} when absent.
     */
    public BigDecimal toBigDecimal()
    {
        return present ? BigDecimal.valueOf(mantissa, scale) : null;
    }

    /**
     * @return the nearest double (loses exactness: for display and statistics), or NaN when absent.
     */
    public double toDouble()
    {
        if (!present)
        {
            return Double.NaN;
        }
        if (scale >= 0 && scale < POW10_DOUBLE.length)
        {
            return mantissa / POW10_DOUBLE[scale];
        }
        return toBigDecimal().doubleValue();
    }

    /**
     * The mantissa at another scale, exactly.
     *
     * @param targetScale the scale to express the value in; must not lose digits.
     * @return the mantissa at {@code targetScale}.
     * @throws ArithmeticException if the value cannot be expressed exactly or overflows.
     */
    public long mantissaAtScale(final int targetScale)
    {
        if (targetScale == scale)
        {
            return mantissa;
        }
        if (targetScale > scale)
        {
            final int d = targetScale - scale;
            if (d >= POW10.length)
            {
                throw new ArithmeticException("scale difference too large");
            }
            return Math.multiplyExact(mantissa, POW10[d]);
        }
        final int d = scale - targetScale;
        if (d >= POW10.length || mantissa % POW10[d] != 0)
        {
            throw new ArithmeticException("inexact rescale");
        }
        return mantissa / POW10[d];
    }

    /**
     * Appends the plain decimal text ({@code 0.00100000}) without allocating.
     *
     * @param out where to append.
     * @return {@code out}.
     */
    public StringBuilder appendTo(final StringBuilder out)
    {
        if (!present)
        {
            return out.append("null");
        }
        if (scale <= 0)
        {
            out.append(mantissa);
            for (int i = scale; i < 0; i++)
            {
                out.append('0');
            }
            return out;
        }
        long m = mantissa;
        if (m < 0)
        {
            out.append('-');
            if (m == Long.MIN_VALUE)
            {
                return out.append(BigDecimal.valueOf(mantissa, scale).negate().toPlainString());
            }
            m = -m;
        }
        final int start = out.length();
        out.append(m);
        int digits = out.length() - start;
        while (digits <= scale)
        {
            out.insert(start, '0');
            digits++;
        }
        out.insert(out.length() - scale, '.');
        return out;
    }

    @Override
    public String toString()
    {
        return appendTo(new StringBuilder(24)).toString();
    }

    /**
     * @param exponent 0 to 18.
     * @return 10 to the power {@code exponent}, exactly.
     * @throws ArithmeticException if it does not fit a long.
     */
    public static long powerOfTen(final int exponent)
    {
        if (exponent < 0 || exponent >= POW10.length)
        {
            throw new ArithmeticException("10^" + exponent + " does not fit a long");
        }
        return POW10[exponent];
    }

    static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    };

    private static final double[] POW10_DOUBLE = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    };
}
