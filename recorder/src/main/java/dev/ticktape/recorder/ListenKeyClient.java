package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.Endpoints;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binance's listen-key REST calls for user-data streams, made on their own thread so that no
 * connection or timer waits on them: {@code POST} creates the key (or returns the valid one again,
 * renewed), {@code PUT} keeps it alive. Spot uses {@code /api/v3/userDataStream} (the key named in a
 * {@code listenKey} parameter), USDⓈ-M {@code /fapi/v1/listenKey}. The API key goes in
 * {@code X-MBX-APIKEY} and in nothing else; a listen key, which would let anyone read the account's
 * stream, is never logged or journaled either.
 */
final class ListenKeyClient implements AutoCloseable
{
    private static final Pattern LISTEN_KEY = Pattern.compile("\"listenKey\"\\s*:\\s*\"([^\"]+)\"");

    /** A call that failed: the HTTP status (0 when no answer came) and a message naming no key. */
    static final class Failure extends Exception
    {
        final int status;

        Failure(final int status, final String message)
        {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final String apiKey;
    private final HttpClient http;
    private final ExecutorService executor;

    /** @param threads makes the listen-key thread (the recorder's: its death stops the recording). */
    ListenKeyClient(final String apiKey, final java.util.concurrent.ThreadFactory threads)
    {
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.executor = Executors.newSingleThreadExecutor(threads);
    }

    /** Runs a call on the listen-key thread. */
    void execute(final Runnable call)
    {
        executor.execute(call);
    }

    private static String path(final Market market)
    {
        return Endpoints.listenKeyPath(market);
    }

    /**
     * {@code POST}: the market's listen key.
     *
     * @param market spot or usdm.
     * @param rest   the market's REST base URL.
     * @return the listen key.
     * @throws Failure when Binance refuses or cannot be reached.
     */
    String create(final Market market, final URI rest) throws Failure
    {
        final URI uri = URI.create(rest.toString().replaceAll("/+$", "") + path(market));
        final String body = call(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), uri);
        final Matcher m = LISTEN_KEY.matcher(body);
        if (!m.find())
        {
            throw new Failure(200, "no listen key in the answer of POST " + uri);
        }
        return m.group(1);
    }

    /**
     * {@code PUT}: keeps a listen key alive for another 60 minutes.
     *
     * @return false when Binance no longer knows the key (it expired): a new one is needed.
     * @throws Failure for any other error.
     */
    boolean keepAlive(final Market market, final URI rest, final String listenKey) throws Failure
    {
        final String base = rest.toString().replaceAll("/+$", "") + path(market);
        final URI uri = URI.create(market == Market.USDM ? base : base + "?listenKey=" + listenKey);
        try
        {
            call(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.noBody()), URI.create(base));
            return true;
        }
        catch (final Failure e)
        {
            if (e.status == 400 && e.getMessage().contains("-1125"))
            {
                return false;
            }
            throw e;
        }
    }

    /** One call; {@code shown} is the URL as messages may name it (without the listen key). */
    private String call(final HttpRequest.Builder request, final URI shown) throws Failure
    {
        final HttpResponse<String> response;
        try
        {
            response = http.send(request.header("X-MBX-APIKEY", apiKey).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final IOException e)
        {
            throw new Failure(0, "cannot reach " + shown + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted");
        }
        if (response.statusCode() != 200)
        {
            final String body = response.body();
            throw new Failure(response.statusCode(), shown + " answered HTTP " + response.statusCode() + " "
                + (body.length() > 200 ? body.substring(0, 200) : body));
        }
        return response.body();
    }

    @Override
    public void close()
    {
        executor.shutdownNow();
    }
}
