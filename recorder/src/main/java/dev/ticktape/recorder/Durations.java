package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.time.Duration;
import java.util.Locale;

/** Durations as users write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class Durations
{
    private Durations()
    {
    }

    /**
     * @param text the duration.
     * @return it.
     * @throws TicktapeException {@link ErrorCode#USAGE} if it is not one.
     */
    public static Duration parse(final String text)
    {
        final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try
        {
            if (t.endsWith("ms"))
            {
                return nonNegative(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), text);
            }
            final long n = Long.parseLong(t.substring(0, t.length() - 1));
            return nonNegative(switch (t.charAt(t.length() - 1))
            {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            }, text);
        }
        catch (final NumberFormatException | StringIndexOutOfBoundsException e)
        {
            throw new TicktapeException(ErrorCode.USAGE, "not a duration: '" + text + "' (use 500ms, 30s, 5m, 2h or 1d)");
        }
    }

    private static Duration nonNegative(final Duration d, final String text)
    {
        if (d.isNegative())
        {
            throw new TicktapeException(ErrorCode.USAGE, "not a duration: '" + text + "'");
        }
        return d;
    }
}
