package dev.ticktape.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.Endpoints;
import dev.ticktape.core.binance.StreamUrl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The simulator's REST endpoint, on the JDK's HTTP server, with Binance's paths, parameters, error
 * codes and JSON: depth snapshots ({@link Endpoints#SPOT_DEPTH}, {@link Endpoints#USDM_DEPTH},
 * {@link Endpoints#USDM_RPI_DEPTH}) from the simulator's books, exchange information
 * ({@link Endpoints#SPOT_EXCHANGE_INFO}, {@link Endpoints#USDM_EXCHANGE_INFO}), and listen keys
 * ({@link Endpoints#SPOT_LISTEN_KEY}, {@link Endpoints#USDM_LISTEN_KEY}); the REST faults (a failing
 * status, a stale snapshot) as {@link Faults} says.
 */
final class SimulatorRest
{
    /** The books the snapshots come from. */
    interface Books
    {
        /**
         * @return the depth snapshot's JSON, or null for a symbol the market does not have.
         */
        String depthSnapshot(Market market, String symbol, int limit);

        /** @return the market's exchange information's JSON. */
        String exchangeInfo(Market market);
    }

    private final Books books;
    private final ListenKeys listenKeys;
    private final Faults faults;
    /** Per market (spot's SBE counts as spot): the minute of the last weighted call and the weight used in it. */
    private final java.util.Map<Market, long[]> weight = new java.util.EnumMap<>(Market.class);

    SimulatorRest(final Books books, final ListenKeys listenKeys, final Faults faults)
    {
        this.books = books;
        this.listenKeys = listenKeys;
        this.faults = faults;
    }

    /** Serves the paths on a server that is not started yet. */
    void serveOn(final HttpServer server)
    {
        server.createContext(Endpoints.SPOT_DEPTH, exchange -> depth(exchange, Market.SPOT));
        server.createContext(Endpoints.USDM_DEPTH, exchange -> depth(exchange, Market.USDM));
        server.createContext(Endpoints.USDM_RPI_DEPTH, exchange -> depth(exchange, Market.USDM));
        server.createContext(Endpoints.SPOT_EXCHANGE_INFO, exchange -> exchangeInfo(exchange, Market.SPOT));
        server.createContext(Endpoints.USDM_EXCHANGE_INFO, exchange -> exchangeInfo(exchange, Market.USDM));
        server.createContext(Endpoints.SPOT_LISTEN_KEY, exchange -> listenKey(exchange, Market.SPOT));
        server.createContext(Endpoints.USDM_LISTEN_KEY, exchange -> listenKey(exchange, Market.USDM));
    }

    private void depth(final HttpExchange exchange, final Market market) throws IOException
    {
        try (exchange)
        {
            final String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
            final String symbol = StreamUrl.parameter(query, "symbol");
            final String limitText = StreamUrl.parameter(query, "limit");
            final boolean rpi = exchange.getRequestURI().getPath().endsWith("/rpiDepth");
            int limit = rpi ? 1000 : market == Market.USDM ? 500 : 100;
            if (limitText != null)
            {
                try
                {
                    limit = rpi ? 1000 : Math.min(5000, Integer.parseInt(limitText));
                }
                catch (final NumberFormatException e)
                {
                    respond(exchange, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'.\"}");
                    return;
                }
            }
            charge(exchange, market, Endpoints.depthWeight(market, limit));
            final int failure = faults.takeRestError();
            if (failure != 0)
            {
                restFailure(exchange, failure);
                return;
            }
            if (symbol == null)
            {
                respond(exchange, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}");
                return;
            }
            final String body = books.depthSnapshot(market, symbol, limit);
            if (body == null)
            {
                respond(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                return;
            }
            respond(exchange, 200, body);
        }
    }

    /**
     * The listen-key calls: POST creates (or renews) the key of the request's API key, PUT keeps it
     * alive, DELETE closes it. Spot names the key in a {@code listenKey} parameter; futures needs none.
     */
    private void listenKey(final HttpExchange exchange, final Market market) throws IOException
    {
        try (exchange)
        {
            final String apiKey = exchange.getRequestHeaders().getFirst("X-MBX-APIKEY");
            if (apiKey == null || apiKey.isBlank())
            {
                respond(exchange, 401, "{\"code\":-2014,\"msg\":\"API-key format invalid.\"}");
                return;
            }
            final int failure = faults.takeRestError();
            if (failure != 0)
            {
                restFailure(exchange, failure);
                return;
            }
            final long now = System.nanoTime();
            final String method = exchange.getRequestMethod();
            if (method.equals("POST"))
            {
                respond(exchange, 200, "{\"listenKey\":\"" + listenKeys.create(market, apiKey, now) + "\"}");
                return;
            }
            final String query = exchange.getRequestURI().getRawQuery();
            String key = query == null ? null : StreamUrl.parameter(query, "listenKey");
            if (key == null && market == Market.USDM)
            {
                key = listenKeys.keyOf(market, apiKey);
            }
            if (key == null)
            {
                respond(exchange, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'listenKey' was not sent, was empty/null, or malformed.\"}");
                return;
            }
            final boolean done = switch (method)
            {
                case "PUT" -> listenKeys.keepAlive(market, key, now);
                case "DELETE" -> listenKeys.close(market, key);
                default -> false;
            };
            if (!method.equals("PUT") && !method.equals("DELETE"))
            {
                respond(exchange, 405, "{\"code\":-1000,\"msg\":\"Method not allowed.\"}");
            }
            else if (!done)
            {
                respond(exchange, 400, "{\"code\":-1125,\"msg\":\"This listenKey does not exist.\"}");
            }
            else
            {
                respond(exchange, 200, market == Market.USDM && method.equals("PUT") ? "{\"listenKey\":\"" + key + "\"}" : "{}");
            }
        }
    }

    private void exchangeInfo(final HttpExchange exchange, final Market market) throws IOException
    {
        try (exchange)
        {
            // not subject to the REST faults, which are the depth snapshots' and listen keys'
            charge(exchange, market, Endpoints.exchangeInfoWeight(market));
            respond(exchange, 200, books.exchangeInfo(market));
        }
    }

    /**
     * Counts a call's request weight in the market's current minute and reports the minute's total,
     * with what other clients are said to use ({@link Faults#othersWeight}), in
     * {@link Endpoints#USED_WEIGHT_HEADER}, as Binance does on every REST response.
     */
    private void charge(final HttpExchange exchange, final Market market, final int callWeight)
    {
        final long minute = System.currentTimeMillis() / 60_000L;
        final long used;
        synchronized (weight)
        {
            final long[] w = weight.computeIfAbsent(Endpoints.restMarket(market), k -> new long[2]);
            if (w[0] != minute)
            {
                w[0] = minute;
                w[1] = 0;
            }
            w[1] += callWeight;
            used = w[1];
        }
        exchange.getResponseHeaders().set(Endpoints.USED_WEIGHT_HEADER, Long.toString(used + faults.othersWeight()));
    }

    private static void restFailure(final HttpExchange exchange, final int status) throws IOException
    {
        if (status == 429 || status == 418)
        {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        respond(exchange, status, "{\"code\":-1003,\"msg\":\"Simulated failure (HTTP " + status + ").\"}");
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }
}
