package dev.ticktape.server;

import dev.ticktape.core.binance.JsonFields;

import java.io.ByteArrayOutputStream;

/**
 * Spot JSON times in microseconds, for a {@code timeUnit=MICROSECOND} connection to the replay
 * server: Binance then sends every time field in µs. A journal recorded in milliseconds has
 * 13-digit times; the time fields ({@code E}, {@code T}, {@code O}, {@code C}, and {@code t}
 * and {@code T} inside a kline's {@code k}) holding 13 digits get three zeros. Ids are never
 * touched ({@code t} outside a kline is a trade id), and times already in µs (16 digits) stay.
 */
final class TimeUnits
{
    private TimeUnits()
    {
    }

    static byte[] toMicroseconds(final byte[] json)
    {
        ByteArrayOutputStream out = null;
        int copied = 0;
        int depthInKline = -1;
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++)
        {
            final byte c = json[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '{')
            {
                depth++;
                continue;
            }
            if (c == '}')
            {
                if (depth == depthInKline)
                {
                    depthInKline = -1;
                }
                depth--;
                continue;
            }
            if (c != '"')
            {
                continue;
            }
            // a key or a string value: keys of one letter followed by ':' are what we look at
            if (i + 3 < json.length && json[i + 2] == '"' && json[i + 3] == ':')
            {
                final byte key = json[i + 1];
                if (key == 'k' && i + 4 < json.length && json[i + 4] == '{')
                {
                    depthInKline = depth + 1;
                }
                final boolean time = key == 'E' || key == 'T' || key == 'O' || key == 'C' || (key == 't' && depth == depthInKline);
                final int start = i + 4;
                final int end = JsonFields.digitsEnd(json, start, json.length, JsonFields.MAX_DIGITS);
                if (time && end - start == 13)
                {
                    if (out == null)
                    {
                        out = new ByteArrayOutputStream(json.length + 32);
                    }
                    out.write(json, copied, end - copied);
                    out.write('0');
                    out.write('0');
                    out.write('0');
                    copied = end;
                }
                i = start - 1;
                continue;
            }
            inString = true;
        }
        if (out == null)
        {
            return json;
        }
        out.write(json, copied, json.length - copied);
        return out.toByteArray();
    }
}
