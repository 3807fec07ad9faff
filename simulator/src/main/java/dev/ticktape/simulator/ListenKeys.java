package dev.ticktape.simulator;

import dev.ticktape.core.Market;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listen keys of user-data streams, as Binance's listen-key REST calls manage them: created
 * (or returned again, with a renewed validity) per market and API key by a POST, kept alive by a
 * PUT, closed by a DELETE. A key not kept alive expires after its validity (60 minutes on Binance).
 */
final class ListenKeys
{
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private record Key(Market market, String apiKey, String listenKey)
    {
    }

    private final Map<String, Key> byListenKey = new ConcurrentHashMap<>();
    private final Map<String, Long> expiresAtNanos = new ConcurrentHashMap<>();
    private final SplittableRandom random;
    private final long validityNanos;

    ListenKeys(final long seed, final long validityNanos)
    {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.validityNanos = validityNanos;
    }

    /** POST: the market's listen key for the API key, new or renewed. */
    synchronized String create(final Market market, final String apiKey, final long nowNanos)
    {
        for (final Key k : byListenKey.values())
        {
            if (k.market == market && k.apiKey.equals(apiKey) && valid(market, k.listenKey, nowNanos))
            {
                expiresAtNanos.put(k.listenKey, nowNanos + validityNanos);
                return k.listenKey;
            }
        }
        final StringBuilder sb = new StringBuilder(60);
        for (int i = 0; i < 60; i++)
        {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        final String listenKey = sb.toString();
        byListenKey.put(listenKey, new Key(market, apiKey, listenKey));
        expiresAtNanos.put(listenKey, nowNanos + validityNanos);
        return listenKey;
    }

    /** PUT: extends a valid key; false when there is none. */
    boolean keepAlive(final Market market, final String listenKey, final long nowNanos)
    {
        if (!valid(market, listenKey, nowNanos))
        {
            return false;
        }
        expiresAtNanos.put(listenKey, nowNanos + validityNanos);
        return true;
    }

    /** DELETE. */
    boolean close(final Market market, final String listenKey)
    {
        final Key k = byListenKey.get(listenKey);
        if (k == null || k.market != market)
        {
            return false;
        }
        byListenKey.remove(listenKey);
        expiresAtNanos.remove(listenKey);
        return true;
    }

    /** The newest key of a market's API key, for the futures calls that name none. */
    String keyOf(final Market market, final String apiKey)
    {
        for (final Key k : byListenKey.values())
        {
            if (k.market == market && k.apiKey.equals(apiKey))
            {
                return k.listenKey;
            }
        }
        return null;
    }

    boolean exists(final Market market, final String listenKey)
    {
        final Key k = byListenKey.get(listenKey);
        return k != null && k.market == market;
    }

    boolean valid(final Market market, final String listenKey, final long nowNanos)
    {
        final Long expires = expiresAtNanos.get(listenKey);
        return exists(market, listenKey) && expires != null && nowNanos - expires < 0;
    }
}
