package dev.ticktape.tools;

import picocli.CommandLine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Parses a point in time given on the command line into epoch nanoseconds. Accepts an integer of
 * epoch nanoseconds, an ISO-8601 instant ({@code 2024-01-01T00:00:00.5Z}), an ISO-8601 date-time with
 * offset ({@code 2024-01-01T08:00:00+08:00}), or a date ({@code 2024-01-01}, midnight UTC).
 */
final class TimeConverter implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String value)
    {
        return parse(value);
    }

    static long parse(final String value)
    {
        final String v = value.trim();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit))
        {
            try
            {
                return Long.parseLong(v);
            }
            catch (final NumberFormatException e)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is too large for epoch nanoseconds");
            }
        }
        try
        {
            return toNanos(Instant.parse(v));
        }
        catch (final DateTimeException ignored)
        {
            // try the next form
        }
        try
        {
            return toNanos(OffsetDateTime.parse(v).toInstant());
        }
        catch (final DateTimeException ignored)
        {
            // try the next form
        }
        try
        {
            return toNanos(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        catch (final DateTimeException ignored)
        {
            throw new CommandLine.TypeConversionException("'" + value
                + "' is not a time: use an ISO-8601 instant (2024-01-01T00:00:00Z) or epoch nanoseconds");
        }
    }

    private static long toNanos(final Instant instant)
    {
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final ArithmeticException e)
        {
            throw new CommandLine.TypeConversionException("'" + instant + "' is out of the range of epoch nanoseconds");
        }
    }
}
