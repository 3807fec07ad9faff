package dev.ticktape.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.Endpoints;
import dev.ticktape.core.binance.StreamUrl;
import dev.ticktape.core.book.OrderBook;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Binance's REST market data on the replay clock ({@link SharedReplay}), on the HTTP port
 * {@code serve} prints: server time ({@code /api/v3/time}, {@code /fapi/v1/time}) is the clock's
 * moment, the ping endpoints answer {@code {}}, and depth snapshots ({@code /api/v3/depth},
 * {@code /fapi/v1/depth}, {@code /fapi/v1/rpiDepth}; {@code symbol}, {@code limit}) come from the
 * books the clock's replay keeps, so their {@code lastUpdateId} lines up with the diff frames the
 * connections are being sent and Binance's order-book procedure syncs. Exchange information
 * ({@code /api/v3/exchangeInfo}, {@code /fapi/v1/exchangeInfo}) is the newest copy the recorder
 * journaled at the clock's moment, or a minimal document of the journal's symbols without one. Errors have Binance's shape,
 * {@code {"code":...,"msg":...}}. With {@code --clock per-connection} there is no one moment to
 * answer at: time and depth answer with an error that says so.
 */
final class ServeRest
{
    private final SharedReplay clock;

    /** @param clock the serve run's clock, or null with per-connection clocks. */
    ServeRest(final SharedReplay clock)
    {
        this.clock = clock;
    }

    void serveOn(final HttpServer server)
    {
        server.createContext(Endpoints.SPOT_TIME, this::time);
        server.createContext(Endpoints.USDM_TIME, this::time);
        server.createContext(Endpoints.SPOT_PING, e -> respond(e, 200, "{}"));
        server.createContext(Endpoints.USDM_PING, e -> respond(e, 200, "{}"));
        server.createContext(Endpoints.SPOT_EXCHANGE_INFO, e -> exchangeInfo(e, Market.SPOT));
        server.createContext(Endpoints.USDM_EXCHANGE_INFO, e -> exchangeInfo(e, Market.USDM));
        server.createContext(Endpoints.SPOT_DEPTH, e -> depth(e, Market.SPOT, false));
        server.createContext(Endpoints.USDM_DEPTH, e -> depth(e, Market.USDM, false));
        server.createContext(Endpoints.USDM_RPI_DEPTH, e -> depth(e, Market.USDM, true));
        server.createContext("/", e -> respond(e, 404, "{\"code\":-1000,\"msg\":\"No such path on this replay: " + e.getRequestURI().getPath()
            + "\"}"));
    }

    /** @return the clock's moment in epoch milliseconds, as Binance's times are. */
    private long nowMillis()
    {
        return Math.floorDiv(clock.nowEpochNanos(), 1_000_000L);
    }

    private void time(final HttpExchange exchange) throws IOException
    {
        if (clock == null)
        {
            perConnection(exchange);
            return;
        }
        respond(exchange, 200, "{\"serverTime\":" + nowMillis() + "}");
    }

    /**
     * The newest exchange information the journal holds at the clock's moment (spot's from the spot
     * or SBE recording), as journaled; without one, a minimal document listing the symbols the
     * journal names, each {@code TRADING}, with no filters.
     */
    private void exchangeInfo(final HttpExchange exchange, final Market market) throws IOException
    {
        if (clock == null)
        {
            perConnection(exchange);
            return;
        }
        byte[] journaled = clock.exchangeInfo(market);
        if (journaled == null && market == Market.SPOT)
        {
            journaled = clock.exchangeInfo(Market.SPOT_SBE);
        }
        if (journaled != null)
        {
            respond(exchange, 200, journaled);
            return;
        }
        final java.util.SortedSet<String> symbols = clock.symbols(market);
        if (market == Market.SPOT)
        {
            symbols.addAll(clock.symbols(Market.SPOT_SBE));
        }
        final StringBuilder sb = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":")
            .append(nowMillis()).append(",\"rateLimits\":[],\"exchangeFilters\":[],\"symbols\":[");
        boolean first = true;
        for (final String symbol : symbols)
        {
            sb.append(first ? "" : ",").append("{\"symbol\":\"").append(symbol).append("\",\"status\":\"TRADING\",\"filters\":[]}");
            first = false;
        }
        respond(exchange, 200, sb.append("]}").toString());
    }

    private void depth(final HttpExchange exchange, final Market market, final boolean rpi) throws IOException
    {
        if (clock == null)
        {
            perConnection(exchange);
            return;
        }
        final String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        final String symbol = StreamUrl.parameter(query, "symbol");
        if (symbol == null || symbol.isEmpty())
        {
            respond(exchange, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}");
            return;
        }
        int limit = market == Market.USDM ? 500 : 100;
        final String limitText = StreamUrl.parameter(query, "limit");
        if (limitText != null)
        {
            try
            {
                limit = Math.max(1, Math.min(market == Market.USDM ? 1000 : 5000, Integer.parseInt(limitText)));
            }
            catch (final NumberFormatException e)
            {
                respond(exchange, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'.\"}");
                return;
            }
        }
        final String upper = symbol.toUpperCase(Locale.ROOT);
        final int levels = limit;
        final String[] answer = new String[2]; // body, or why the book cannot answer
        clock.book(market, upper, rpi, book ->
        {
            if (book == null)
            {
                return null;
            }
            if (!book.isSynced())
            {
                answer[1] = "the replay's book of " + upper + " (" + book.stream() + ") is not synced at this moment of the"
                    + " recording: no journaled snapshot before it, or a gap since";
                return null;
            }
            answer[0] = json(book, levels, market, nowMillis());
            return null;
        });
        if (answer[0] != null)
        {
            respond(exchange, 200, answer[0]);
        }
        else if (answer[1] != null)
        {
            respond(exchange, 400, "{\"code\":-1000,\"msg\":\"" + answer[1] + "\"}");
        }
        else if (!clock.started())
        {
            respond(exchange, 400, "{\"code\":-1000,\"msg\":\"the replay clock has not started: it starts once a stream is "
                + "subscribed and the subscriptions have settled, and the books with it\"}");
        }
        else if (clock.symbols(market).contains(upper))
        {
            respond(exchange, 400, "{\"code\":-1000,\"msg\":\"the replay's book of " + upper + " is not synced at this moment of the"
                + " recording: no journaled snapshot before it, or a gap since\"}");
        }
        else
        {
            respond(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        }
    }

    /** A depth snapshot as Binance writes it; futures add the event and transaction times. */
    private static String json(final OrderBook book, final int limit, final Market market, final long millis)
    {
        final StringBuilder sb = new StringBuilder(64 + 48 * limit).append("{\"lastUpdateId\":").append(book.lastUpdateId());
        if (market == Market.USDM)
        {
            sb.append(",\"E\":").append(millis).append(",\"T\":").append(millis);
        }
        sb.append(",\"bids\":[");
        for (int i = 0; i < Math.min(limit, book.bidLevels()); i++)
        {
            level(sb.append(i > 0 ? "," : ""), book.bidPrice(i), book.priceScale(), book.bidQuantity(i), book.quantityScale());
        }
        sb.append("],\"asks\":[");
        for (int i = 0; i < Math.min(limit, book.askLevels()); i++)
        {
            level(sb.append(i > 0 ? "," : ""), book.askPrice(i), book.priceScale(), book.askQuantity(i), book.quantityScale());
        }
        return sb.append("]}").toString();
    }

    private static void level(final StringBuilder sb, final long price, final int priceScale, final long quantity, final int quantityScale)
    {
        sb.append("[\"").append(BigDecimal.valueOf(price, priceScale).toPlainString()).append("\",\"")
            .append(BigDecimal.valueOf(quantity, quantityScale).toPlainString()).append("\"]");
    }

    private static void perConnection(final HttpExchange exchange) throws IOException
    {
        respond(exchange, 400, "{\"code\":-1000,\"msg\":\"this replay runs a clock per connection (--clock per-connection): "
            + "no one moment for REST to answer at\"}");
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        respond(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(final HttpExchange exchange, final int status, final byte[] bytes) throws IOException
    {
        try (exchange)
        {
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
    }
}
