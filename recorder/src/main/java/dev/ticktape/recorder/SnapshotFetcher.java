package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.binance.Endpoints;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.SessionEvent;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches REST depth snapshots for diff-depth streams, one at a time on a thread per REST host
 * (spot, futures), the busiest waiting stream first, within Binance's request-weight limits (spending at most half of them: spot 6000 and futures 2400 a
 * minute), retrying errors with backoff and waiting out 429/418 {@code Retry-After}. Each result
 * is journaled as a {@code snapshotTaken} event followed by the body as a REST frame named after
 * the diff stream it bootstraps. The markets' exchange information goes the same way, as a REST
 * frame named {@code exchangeInfo}.
 */
final class SnapshotFetcher implements AutoCloseable
{
    private static final Pattern LAST_UPDATE_ID = Pattern.compile("\"lastUpdateId\"\\s*:\\s*(\\d+)");

    private final RecorderConfig config;
    private final JournalPump pump;
    private final EpochNanoClock clock;
    /** One thread per REST host (spot, futures): each waits on its own weight budget without holding up the other's. */
    private final Map<Market, ExecutorService> executors = new java.util.EnumMap<>(Market.class);
    private final HttpClient http;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    /**
     * Per REST host, the diff streams waiting for a snapshot, with how busy each is (guarded by the
     * map); a stream asked for again while it waits is not added twice.
     */
    private final Map<Market, Map<String, Waiting>> waiting = new java.util.EnumMap<>(Market.class);

    /** A snapshot asked for: its market, diff stream, and its stream's events so far (read as the next is picked). */
    private record Waiting(Market market, String stream, java.util.function.LongSupplier activity)
    {
    }
    /**
     * Per REST market, {the minute counted (epoch minutes), weight used in it}. Binance counts
     * {@code REQUEST_WEIGHT} per clock minute, and so does this: a window of its own, started at the
     * first call, ran across Binance's minutes, and a used weight reported late in one of Binance's
     * minutes then filled the start of the next window of ours, and a minute's budget could go unspent.
     */
    private final Map<Market, long[]> budget = new ConcurrentHashMap<>();
    /** A server's Date further than this from the recorder's clock is not taken for the minute of its report. */
    private static final long MAX_CLOCK_SKEW_MINUTES = 5;
    private final Map<Market, Long> reportedWeight = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** @param threads makes the snapshot thread (the recorder's: its death stops the recording). */
    SnapshotFetcher(final RecorderConfig config, final JournalPump pump, final EpochNanoClock clock,
        final java.util.concurrent.ThreadFactory threads)
    {
        this.config = config;
        this.pump = pump;
        this.clock = clock;
        for (final Market host : new Market[] { Market.SPOT, Market.USDM })
        {
            executors.put(host, Executors.newSingleThreadExecutor(threads));
            waiting.put(host, new java.util.LinkedHashMap<>());
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Asks for the market's exchange information, journaled as a REST frame named
     * {@link StreamNames#EXCHANGE_INFO} (for a replay server to answer with); on the same thread as the
     * snapshots and within the same weight. A failure is retried a few times and then reported.
     *
     * @param failed told (on the snapshot thread) when the information could not be fetched.
     */
    void requestExchangeInfo(final Market market, final java.util.function.Consumer<String> failed)
    {
        if (running && pending.add(market.wireName() + " " + StreamNames.EXCHANGE_INFO))
        {
            executor(market).execute(() -> fetchExchangeInfo(market, failed));
        }
    }

    private void fetchExchangeInfo(final Market market, final java.util.function.Consumer<String> failed)
    {
        pending.remove(market.wireName() + " " + StreamNames.EXCHANGE_INFO);
        final String[] problem = new String[1];
        if (exchangeInfo(market, problem, true) == null && running && problem[0] != null)
        {
            failed.accept(cannotFetch(market, problem[0]) + "; the next try is in a day");
        }
    }

    /** Why a market's exchange information did not come, for a message. */
    private String cannotFetch(final Market market, final String problem)
    {
        return "cannot fetch the " + market.wireName() + " exchange information from " + restUri(market, Endpoints.exchangeInfoPath(market))
            + " (" + problem + ")";
    }

    /**
     * Fetches the market's exchange information now, on the caller's thread and within the weight
     * budget, and journals it: what {@code symbols: all} resolves its symbols from when a recording
     * starts.
     *
     * @return the response body.
     * @throws TicktapeException {@link ErrorCode#IO} when three attempts fail.
     */
    byte[] exchangeInfoNow(final Market market)
    {
        final String[] problem = new String[1];
        final byte[] body = exchangeInfo(market, problem, true);
        if (body == null)
        {
            throw new TicktapeException(ErrorCode.IO, cannotFetch(market, problem[0]) + ", which symbols: all needs");
        }
        return body;
    }

    /**
     * Fetches the market's exchange information on the snapshot thread, within the weight budget,
     * without journaling it, and hands the body to {@code then} on that thread: how
     * {@code symbols: all} follows listings. When three attempts fail, {@code failed} is told why.
     */
    void refreshExchangeInfo(final Market market, final java.util.function.Consumer<byte[]> then,
        final java.util.function.Consumer<String> failed)
    {
        if (running && pending.add(market.wireName() + " refresh " + StreamNames.EXCHANGE_INFO))
        {
            executor(market).execute(() ->
            {
                pending.remove(market.wireName() + " refresh " + StreamNames.EXCHANGE_INFO);
                final String[] problem = new String[1];
                final byte[] body = exchangeInfo(market, problem, false);
                if (body != null)
                {
                    then.accept(body);
                }
                else if (running && problem[0] != null)
                {
                    failed.accept(cannotFetch(market, problem[0]) + "; symbols: all keeps its symbols until the next refresh");
                }
            });
        }
    }

    /** Journals a body of the market's exchange information as the REST frame {@link StreamNames#EXCHANGE_INFO}. */
    void journalExchangeInfo(final Market market, final byte[] body)
    {
        final byte[] name = StreamNames.EXCHANGE_INFO.getBytes(StandardCharsets.US_ASCII);
        pump.offerFrame(market, JournalFormat.NO_CONNECTION, FrameKind.REST, clock.nanoTime(), System.nanoTime(), name,
            name.length, ByteBuffer.wrap(body));
    }

    /** Up to three attempts; the body (journaled, if {@code journal}), or null with why in {@code problem[0]}. */
    private byte[] exchangeInfo(final Market market, final String[] problem, final boolean journal)
    {
        final URI uri = restUri(market, Endpoints.exchangeInfoPath(market));
        for (int attempt = 1; running && attempt <= 3; attempt++)
        {
            long waitMillis = attempt * 5_000L;
            try
            {
                final HttpResponse<byte[]> response = get(market, uri, Endpoints.exchangeInfoWeight(market));
                if (response.statusCode() == 200)
                {
                    if (journal)
                    {
                        journalExchangeInfo(market, response.body());
                    }
                    return response.body();
                }
                problem[0] = "HTTP " + response.statusCode();
                waitMillis = retryAfterMillis(response, waitMillis);
            }
            catch (final IOException e)
            {
                problem[0] = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                problem[0] = "interrupted";
                return null;
            }
            if (attempt < 3 && !sleep(waitMillis))
            {
                return null;
            }
        }
        return null;
    }

    /** The thread of a market's REST host (spot's SBE streams use spot's). */
    private ExecutorService executor(final Market market)
    {
        return executors.get(Endpoints.restMarket(market));
    }

    /**
     * Asks for a snapshot of a diff stream; a request already waiting for the same stream is not
     * repeated. Requests wait per REST host, and the host's thread takes the busiest waiting stream
     * next (the most events so far): after a start or a reconnect of a thousand streams, the books
     * most of the data is about sync first, the quiet tail last.
     *
     * @param activity the stream's diff events so far (called on the snapshot thread).
     */
    void request(final Market market, final String stream, final java.util.function.LongSupplier activity)
    {
        if (!running)
        {
            return;
        }
        final Map<String, Waiting> queue = waiting.get(Endpoints.restMarket(market));
        synchronized (queue)
        {
            if (queue.putIfAbsent(market.wireName() + " " + stream, new Waiting(market, stream, activity)) != null)
            {
                return;
            }
        }
        executor(market).execute(() -> fetchBusiest(queue));
    }

    /** Takes the busiest stream waiting on a host (the first asked among equals) and fetches its snapshot. */
    private void fetchBusiest(final Map<String, Waiting> queue)
    {
        Waiting busiest = null;
        long most = -1;
        synchronized (queue)
        {
            for (final Waiting w : queue.values())
            {
                final long activity = w.activity().getAsLong();
                if (activity > most)
                {
                    most = activity;
                    busiest = w;
                }
            }
            if (busiest == null)
            {
                return;
            }
            queue.remove(busiest.market().wireName() + " " + busiest.stream());
        }
        fetch(busiest.market(), busiest.stream());
    }

    private URI uri(final Market market, final String stream)
    {
        final String symbol = StreamNames.symbol(stream);
        final String path = Endpoints.depthPath(market, stream);
        if (market == Market.USDM)
        {
            return restUri(market, path + "?symbol=" + symbol + "&limit="
                + (path.equals(Endpoints.USDM_RPI_DEPTH) ? 1000 : futuresLimit(config.snapshotLimit(market))));
        }
        return restUri(market, path + "?symbol=" + symbol + "&limit=" + Math.min(5000, Math.max(1, config.snapshotLimit(market))));
    }

    /** A path (and query) on the market's REST host, as configured. */
    private URI restUri(final Market market, final String pathAndQuery)
    {
        final URI rest = config.markets().stream().filter(m -> m.market() == market).findFirst().orElseThrow().restEndpoint();
        return URI.create(rest.toString().replaceAll("/+$", "") + pathAndQuery);
    }

    /** A GET within the market's weight budget. */
    private HttpResponse<byte[]> get(final Market market, final URI uri, final int weight) throws IOException, InterruptedException
    {
        spend(market, weight);
        final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        reported(market, response);
        return response;
    }

    /** How long to wait after a failed response: the backoff, or longer when a 429/418 names its {@code Retry-After} (60 s if it does not). */
    private static long retryAfterMillis(final HttpResponse<byte[]> response, final long backoffMillis)
    {
        final int status = response.statusCode();
        if (status != 429 && status != 418)
        {
            return backoffMillis;
        }
        return Math.max(backoffMillis, TimeUnit.SECONDS.toMillis(response.headers().firstValueAsLong("Retry-After").orElse(60)));
    }

    /** A backoff, not synchronisation; false when interrupted (the fetcher is closing). */
    private static boolean sleep(final long millis)
    {
        try
        {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int futuresLimit(final int wanted)
    {
        for (final int allowed : new int[] { 5, 10, 20, 50, 100, 500, 1000 })
        {
            if (wanted <= allowed)
            {
                return allowed;
            }
        }
        return 1000;
    }

    /** Binance's request weight of a depth call. */
    private static int weight(final Market market, final URI uri)
    {
        final Matcher m = Pattern.compile("limit=(\\d+)").matcher(uri.getQuery());
        return Endpoints.depthWeight(market, m.find() ? Integer.parseInt(m.group(1)) : 100);
    }

    /**
     * What Binance reports the IP has used of the minute's weight ({@link Endpoints#USED_WEIGHT_HEADER}):
     * the budget counts at least that much, so that other clients on the same IP leave this one less.
     */
    private void reported(final Market market, final HttpResponse<?> response)
    {
        final java.util.OptionalLong used;
        try
        {
            used = response.headers().firstValueAsLong(Endpoints.USED_WEIGHT_HEADER);
        }
        catch (final NumberFormatException e)
        {
            return; // not a number: the budget goes by its own count
        }
        if (used.isEmpty())
        {
            return;
        }
        final long weight = used.getAsLong();
        // the minute the server counted it in, by its Date header; our own clock's when it sends none, or
        // when the two clocks are minutes apart (then the server's minute says nothing about ours)
        final long ours = nowMinute();
        final long dated = response.headers().firstValue("Date").map(this::epochMinute).orElse(ours);
        final long minute = Math.abs(dated - ours) <= MAX_CLOCK_SKEW_MINUTES ? dated : ours;
        final long[] b = budget(market);
        synchronized (b)
        {
            advance(b, minute);
            if (minute == b[0])
            {
                b[1] = Math.max(b[1], weight); // a report of a minute already over counts for nothing
            }
        }
        reportedWeight.put(Endpoints.restMarket(market), weight);
    }

    /** The weight Binance last reported used this minute, per market (spot for spot's SBE streams too); absent before any. */
    long reportedWeight(final Market market)
    {
        return reportedWeight.getOrDefault(Endpoints.restMarket(market), -1L);
    }

    /** The weight the budget counts as used in the market's current window. */
    long budgetUsed(final Market market)
    {
        final long[] b = budget.get(Endpoints.restMarket(market));
        if (b == null)
        {
            return 0;
        }
        synchronized (b)
        {
            return b[1];
        }
    }

    /** The market's weight budget, {minute, weight used}: spot's for spot's SBE streams, which spend its weight. */
    private long[] budget(final Market market)
    {
        return budget.computeIfAbsent(Endpoints.restMarket(market), k -> new long[] { nowMinute(), 0 });
    }

    /** A budget's minute moves on to {@code minute}, with nothing used in it yet; an earlier minute changes nothing. */
    private static void advance(final long[] budget, final long minute)
    {
        if (minute > budget[0])
        {
            budget[0] = minute;
            budget[1] = 0;
        }
    }

    private long nowMinute()
    {
        return nowMillis() / 60_000L;
    }

    /** The recorder's wall clock (the one that stamps receive times; tests move it), epoch ms. */
    private long nowMillis()
    {
        return clock.nanoTime() / 1_000_000L;
    }

    /** @return the epoch minute of an HTTP date ({@code Sun, 06 Dec 2026 18:50:01 GMT}), or our clock's when it does not parse. */
    private long epochMinute(final String httpDate)
    {
        try
        {
            return java.time.ZonedDateTime.parse(httpDate, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond() / 60;
        }
        catch (final java.time.format.DateTimeParseException e)
        {
            return nowMinute();
        }
    }

    /**
     * Waits until the weight fits in half of the market's per-minute limit, counting at least what
     * Binance last reported used (see {@link #reported}).
     */
    private void spend(final Market market, final int weight) throws InterruptedException
    {
        final int perMinute = Endpoints.weightPerMinute(market) / 2;
        final long[] b = budget(market);
        while (running)
        {
            final long wait;
            synchronized (b)
            {
                final long now = nowMillis();
                advance(b, now / 60_000L);
                if (b[1] + weight <= perMinute)
                {
                    b[1] += weight;
                    return;
                }
                // until the minute counted is over (a server clock ahead of ours may have moved it on)
                wait = Math.max(1, (b[0] + 1) * 60_000L - now);
            }
            TimeUnit.MILLISECONDS.sleep(wait); // a rate limit, not synchronisation
        }
    }

    private void fetch(final Market market, final String stream)
    {
        final URI uri = uri(market, stream);
        int status = 0;
        long backoffMillis = 1000;
        // A book stays out of sync until a snapshot comes: a server error or an unreachable host is retried for as
        // long as the recorder runs, with backoff up to a minute; every fifth failure is journaled, so the wait shows.
        for (int attempt = 1; running; attempt++)
        {
            try
            {
                final HttpResponse<byte[]> response = get(market, uri, weight(market, uri));
                status = response.statusCode();
                if (status == 200)
                {
                    journal(market, stream, uri, status, response.body());
                    return;
                }
                final long waitMillis = retryAfterMillis(response, backoffMillis);
                if (status >= 400 && status < 500 && status != 429 && status != 418)
                {
                    break; // a bad request (an unknown symbol): retrying does not help
                }
                if (attempt % 5 == 0)
                {
                    pump.offerEvent(new SessionEvent.SnapshotTaken(market, StreamNames.symbol(stream), -1, uri.toString(), status));
                }
                if (!sleep(waitMillis))
                {
                    return;
                }
                backoffMillis = Math.min(60_000, backoffMillis * 2);
            }
            catch (final IOException e)
            {
                status = 0;
                if (attempt % 5 == 0)
                {
                    pump.offerEvent(new SessionEvent.SnapshotTaken(market, StreamNames.symbol(stream), -1, uri.toString(), status));
                }
                if (!sleep(backoffMillis))
                {
                    return;
                }
                backoffMillis = Math.min(60_000, backoffMillis * 2);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (running)
        {
            pump.offerEvent(new SessionEvent.SnapshotTaken(market, StreamNames.symbol(stream), -1, uri.toString(), status));
        }
    }

    private void journal(final Market market, final String stream, final URI uri, final int status, final byte[] body)
    {
        final Matcher m = LAST_UPDATE_ID.matcher(new String(body, 0, Math.min(body.length, 200), StandardCharsets.US_ASCII));
        final long lastUpdateId = m.find() ? Long.parseLong(m.group(1)) : -1;
        final byte[] name = stream.getBytes(StandardCharsets.US_ASCII);
        synchronized (pump.eventLock())
        {
            pump.offerEvent(new SessionEvent.SnapshotTaken(market, StreamNames.symbol(stream), lastUpdateId, uri.toString(), status));
            pump.offerFrame(market, JournalFormat.NO_CONNECTION, FrameKind.REST, clock.nanoTime(), System.nanoTime(), name,
                name.length, ByteBuffer.wrap(body));
        }
    }

    @Override
    public void close()
    {
        running = false;
        executors.values().forEach(ExecutorService::shutdownNow);
        try
        {
            for (final ExecutorService executor : executors.values())
            {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
