package dev.ticktape.core.binance;

import dev.ticktape.core.Market;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A market-data WebSocket URL's path and query read as Binance reads them: {@code /ws} (raw
 * frames; streams in the path, {@code /ws/<s1>/<s2>}, or subscribed later) and {@code /stream}
 * (combined frames, {@code ?streams=<s1>/<s2>}); USDⓈ-M futures behind a route, {@code /public},
 * {@code /market} or {@code /private} (an unrouted futures URL gets the {@code /public} streams). The
 * one reading of these URLs that the simulator and the replay server share.
 *
 * @param route    the futures route ({@code public}, {@code market}, {@code private}); "" for spot.
 * @param combined whether frames come wrapped as {@code {"stream":...,"data":...}} ({@code /stream}).
 * @param streams  the streams the URL names, percent-decoded, as written (not yet normalised).
 * @param query    the raw query, "" for none.
 */
public record StreamUrl(String route, boolean combined, List<String> streams, String query)
{
    /** Streams one connection may carry, Binance's limit for every market. */
    public static final int MAX_STREAMS = 1024;

    /**
     * Reads the resource of an upgrade request ({@code /stream?streams=a/b}, {@code /public/ws/x}).
     *
     * @param market   the market the URL is on (only futures have routes).
     * @param resource the request's path and query.
     * @return the URL read.
     * @throws IllegalArgumentException for a path Binance does not serve ({@code unknown path /x}) or more
     *                                  than {@value #MAX_STREAMS} streams; the message is the close reason.
     */
    public static StreamUrl parse(final Market market, final String resource)
    {
        final String r = resource == null ? "" : resource;
        final int q = r.indexOf('?');
        String path = q < 0 ? r : r.substring(0, q);
        final String query = q < 0 ? "" : r.substring(q + 1);
        String route = "";
        if (market == Market.USDM)
        {
            route = "public";
            for (final String named : ROUTES)
            {
                if (path.startsWith("/" + named + "/"))
                {
                    route = named;
                    path = path.substring(named.length() + 1);
                }
            }
        }
        final List<String> streams = new ArrayList<>();
        final boolean combined;
        if (path.equals("/ws") || path.equals("/ws/"))
        {
            combined = false;
        }
        else if (path.startsWith("/ws/"))
        {
            combined = false;
            for (final String s : percentDecode(path.substring(4)).split("/"))
            {
                streams.add(s);
            }
        }
        else if (path.equals("/stream"))
        {
            combined = true;
            final String value = parameter(query, "streams");
            if (value != null)
            {
                for (final String s : value.split("/"))
                {
                    if (!s.isEmpty())
                    {
                        streams.add(s);
                    }
                }
            }
        }
        else
        {
            throw new IllegalArgumentException("unknown path " + path);
        }
        if (streams.size() > MAX_STREAMS)
        {
            throw new IllegalArgumentException("more than " + MAX_STREAMS + " streams");
        }
        return new StreamUrl(route, combined, List.copyOf(streams), query);
    }

    /**
     * @param market   the market.
     * @param resource an upgrade request's path and query.
     * @return whether Binance serves the path (whatever its streams).
     */
    public static boolean known(final Market market, final String resource)
    {
        try
        {
            parse(market, resource);
            return true;
        }
        catch (final IllegalArgumentException e)
        {
            return !e.getMessage().startsWith("unknown path");
        }
    }

    /**
     * @return whether the client asked for times in microseconds ({@code timeUnit=MICROSECOND}, any case),
     *         which Binance documents for spot JSON streams alone.
     * @param market the market the URL is on.
     */
    public boolean microseconds(final Market market)
    {
        if (market != Market.SPOT)
        {
            return false;
        }
        for (final String pair : query.split("&"))
        {
            if (pair.equalsIgnoreCase("timeUnit=MICROSECOND"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param query a raw query.
     * @param name  a parameter's name.
     * @return the parameter's percent-decoded value, or null when the query has none.
     */
    public static String parameter(final String query, final String name)
    {
        for (final String pair : query.split("&"))
        {
            if (pair.startsWith(name + "="))
            {
                return percentDecode(pair.substring(name.length() + 1));
            }
        }
        return null;
    }

    /**
     * @param s URL text.
     * @return it percent-decoded; a {@code +} stays a plus (stream names such as {@code kline_1m@+08:00} hold one).
     */
    public static String percentDecode(final String s)
    {
        return s.indexOf('%') < 0 ? s : URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static final String[] ROUTES = { "public", "market", "private" };
}
