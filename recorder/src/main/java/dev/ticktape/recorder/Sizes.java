package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.util.Locale;

/** Sizes as users write them: {@code 1048576}, {@code 500M}, {@code 500G}, {@code 2T} (powers of 1024; a trailing B is allowed). */
public final class Sizes
{
    private Sizes()
    {
    }

    /**
     * @param text the size.
     * @return it, in bytes.
     * @throws TicktapeException {@link ErrorCode#USAGE} if it is not one.
     */
    public static long parse(final String text)
    {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB"))
        {
            t = t.substring(0, t.length() - 2);
        }
        else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2)))
        {
            t = t.substring(0, t.length() - 1);
        }
        else if (t.endsWith("B"))
        {
            t = t.substring(0, t.length() - 1);
        }
        try
        {
            final int shift = t.isEmpty() ? 0 : switch (t.charAt(t.length() - 1))
            {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
            final long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (n < 0 || n > (Long.MAX_VALUE >> shift))
            {
                throw new NumberFormatException();
            }
            return n << shift;
        }
        catch (final NumberFormatException | StringIndexOutOfBoundsException e)
        {
            throw new TicktapeException(ErrorCode.USAGE, "not a size: '" + text + "' (use 1048576, 500M, 500G or 2T)");
        }
    }
}
