package dev.ticktape.exporter;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact conversion to the fixed scale, against {@link BigDecimal}. */
class DecimalsTest
{
    private static byte[] expectedWide(final long mantissa, final int scale)
    {
        final BigInteger unscaled = new BigDecimal(BigInteger.valueOf(mantissa), scale).setScale(Column.SCALE).unscaledValue();
        final byte[] minimal = unscaled.toByteArray();
        final byte[] out = new byte[Column.WIDE_BYTES];
        Arrays.fill(out, unscaled.signum() < 0 ? (byte) -1 : 0);
        System.arraycopy(minimal, 0, out, out.length - minimal.length, minimal.length);
        return out;
    }

    @Test
    void randomValuesConvertExactlyBothWays()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++)
        {
            final long mantissa = random.nextBoolean() ? random.nextLong() : random.nextLong(-10_000_000_000L, 10_000_000_000L);
            final int scale = random.nextInt(0, 9);
            assertArrayEquals(expectedWide(mantissa, scale), Decimals.wide(mantissa, scale, new byte[Column.WIDE_BYTES], "q"),
                mantissa + "e-" + scale);
            final BigDecimal exact = new BigDecimal(BigInteger.valueOf(mantissa), scale);
            if (exact.abs().compareTo(new BigDecimal("9999999999.99999999")) <= 0)
            {
                assertEquals(exact.setScale(Column.SCALE).unscaledValue().longValueExact(), Decimals.narrow(mantissa, scale, "p"));
            }
            else
            {
                assertEquals(ErrorCode.DATA, assertThrows(TicktapeException.class, () -> Decimals.narrow(mantissa, scale, "p")).code());
            }
        }
    }

    @Test
    void moreThanEightPlacesAreKeptWhenZeroAndRefusedOtherwise()
    {
        assertEquals(123_000_000L, Decimals.narrow(1_230_000_000_000L, 12, "p"), "1.230000000000 is 1.23");
        assertArrayEquals(expectedWide(-5_000, 11), Decimals.wide(-5_000, 11, new byte[Column.WIDE_BYTES], "q"));
        final TicktapeException e = assertThrows(TicktapeException.class, () -> Decimals.narrow(123_456_789L, 9, "price"));
        assertEquals(ErrorCode.DATA, e.code());
        assertTrue(e.getMessage().contains("0.123456789 of column price has more than 8 decimal places"), e.getMessage());
        assertEquals(ErrorCode.DATA, assertThrows(TicktapeException.class,
            () -> Decimals.wide(1, 9, new byte[Column.WIDE_BYTES], "q")).code());
    }

    @Test
    void negativeScalesAreWidenedOrRefused()
    {
        assertArrayEquals(expectedWideNegative(12, 3), Decimals.wide(12, -3, new byte[Column.WIDE_BYTES], "q"), "12e3");
        assertEquals(ErrorCode.DATA, assertThrows(TicktapeException.class,
            () -> Decimals.wide(Long.MAX_VALUE, -5, new byte[Column.WIDE_BYTES], "q")).code());
    }

    private static byte[] expectedWideNegative(final long mantissa, final int exponent)
    {
        final BigInteger unscaled = BigInteger.valueOf(mantissa).multiply(BigInteger.TEN.pow(exponent + Column.SCALE));
        final byte[] minimal = unscaled.toByteArray();
        final byte[] out = new byte[Column.WIDE_BYTES];
        System.arraycopy(minimal, 0, out, out.length - minimal.length, minimal.length);
        return out;
    }
}
