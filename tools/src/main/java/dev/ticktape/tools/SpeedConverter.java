package dev.ticktape.tools;

import picocli.CommandLine;

/**
 * Parses {@code --speed}: a factor of the original pace (1, 10, 0.5) or {@code max}, as fast as
 * possible (positive infinity); whether a factor is positive is the replayer's check.
 */
final class SpeedConverter implements CommandLine.ITypeConverter<Double>
{
    @Override
    public Double convert(final String value)
    {
        if ("max".equalsIgnoreCase(value))
        {
            return Double.POSITIVE_INFINITY;
        }
        try
        {
            return Double.parseDouble(value);
        }
        catch (final NumberFormatException e)
        {
            throw new CommandLine.TypeConversionException("--speed takes a positive factor or max: " + value);
        }
    }
}
