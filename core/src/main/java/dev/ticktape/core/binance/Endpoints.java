package dev.ticktape.core.binance;

import dev.ticktape.core.Market;

import java.net.URI;
import java.util.Map;

/**
 * Binance's hosts and the REST paths ticktape uses, per market, as the reference kit gives them:
 * the production WebSocket and REST hosts (the recorder's defaults), depth snapshots and listen
 * keys (what the recorder asks and the simulator answers).
 */
public final class Endpoints
{
    /** The production market-data WebSocket hosts. */
    public static final Map<Market, URI> WEB_SOCKET = Map.of(
        Market.SPOT, URI.create("wss://stream.binance.com:9443"),
        Market.SPOT_SBE, URI.create("wss://stream-sbe.binance.com:9443"),
        Market.USDM, URI.create("wss://fstream.binance.com"));
    /** The production REST hosts (SBE streams' REST is spot's). */
    public static final Map<Market, URI> REST = Map.of(
        Market.SPOT, URI.create("https://api.binance.com"),
        Market.SPOT_SBE, URI.create("https://api.binance.com"),
        Market.USDM, URI.create("https://fapi.binance.com"));

    /** Spot's order book snapshot ({@code symbol}, {@code limit} up to 5000). */
    public static final String SPOT_DEPTH = "/api/v3/depth";
    /** USDⓈ-M's order book snapshot ({@code symbol}, {@code limit} 5 to 1000). */
    public static final String USDM_DEPTH = "/fapi/v1/depth";
    /** USDⓈ-M's retail price improvement book snapshot, for {@code @rpiDepth} streams. */
    public static final String USDM_RPI_DEPTH = "/fapi/v1/rpiDepth";
    /** Spot's exchange information (weight 20): symbols, their status, assets and filters. */
    public static final String SPOT_EXCHANGE_INFO = "/api/v3/exchangeInfo";
    /** USDⓈ-M's exchange information (weight 1, no parameters). */
    public static final String USDM_EXCHANGE_INFO = "/fapi/v1/exchangeInfo";
    /** Spot's server time. */
    public static final String SPOT_TIME = "/api/v3/time";
    /** USDⓈ-M's server time. */
    public static final String USDM_TIME = "/fapi/v1/time";
    /** Spot's connectivity test. */
    public static final String SPOT_PING = "/api/v3/ping";
    /** USDⓈ-M's connectivity test. */
    public static final String USDM_PING = "/fapi/v1/ping";
    /** Spot's listen keys ({@code POST} creates, {@code PUT} keeps alive). */
    public static final String SPOT_LISTEN_KEY = "/api/v3/userDataStream";
    /** USDⓈ-M's listen keys. */
    public static final String USDM_LISTEN_KEY = "/fapi/v1/listenKey";

    private Endpoints()
    {
    }

    /**
     * @param market the market.
     * @param stream a diff-depth stream.
     * @return the REST path of the snapshot that bootstraps the stream's book.
     */
    public static String depthPath(final Market market, final String stream)
    {
        if (market == Market.USDM)
        {
            return stream.contains("@rpiDepth") ? USDM_RPI_DEPTH : USDM_DEPTH;
        }
        return SPOT_DEPTH;
    }

    /**
     * @param market the market.
     * @return the market whose REST API serves it, and whose request weight its calls spend: spot's
     *         for spot's SBE streams (same host, same limits), the market itself otherwise.
     */
    public static Market restMarket(final Market market)
    {
        return market == Market.SPOT_SBE ? Market.SPOT : market;
    }

    /**
     * @param market the market.
     * @return the REST path of its listen keys.
     */
    public static String listenKeyPath(final Market market)
    {
        return market == Market.USDM ? USDM_LISTEN_KEY : SPOT_LISTEN_KEY;
    }

    /**
     * @param market the market.
     * @return the REST path of its exchange information.
     */
    public static String exchangeInfoPath(final Market market)
    {
        return market == Market.USDM ? USDM_EXCHANGE_INFO : SPOT_EXCHANGE_INFO;
    }

    /**
     * @param market the market.
     * @return the request weight of its exchange information: spot 20, futures 1.
     */
    public static int exchangeInfoWeight(final Market market)
    {
        return market == Market.USDM ? 1 : 20;
    }

    /**
     * @param market the market.
     * @param limit  the {@code limit} of a depth call (levels a side).
     * @return the request weight of a depth snapshot: spot 5 up to 100 levels, 25 to 500, 50 to
     *         1000, 250 above; futures 2 up to 50, 5 to 100, 10 to 500, 20 above.
     */
    public static int depthWeight(final Market market, final int limit)
    {
        if (market == Market.USDM)
        {
            return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
        }
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    /**
     * @param market the market.
     * @return the request weight its REST API allows an IP a minute: spot 6000, futures 2400.
     */
    public static int weightPerMinute(final Market market)
    {
        return market == Market.USDM ? 2400 : 6000;
    }

    /** The response header in which Binance reports the request weight its caller's IP used this minute. */
    public static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";
}
