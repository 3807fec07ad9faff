package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A set of at most 1024 streams of one market (and futures route), kept on one live connection:
 * connected through the {@link ConnectionGate}, subscribed within the market's message rate,
 * reconnected with jittered exponential backoff (honouring {@code Retry-After}) when lost or
 * silent, and replaced with an overlap ahead of Binance's 24-hour cut or on
 * {@code serverShutdown}: the replacement subscribes, and the old connection closes only once the
 * replacement has delivered for a while, so no update is lost.
 */
final class Shard
{
    private static final int URL_STREAMS_MAX_CHARS = 1800;
    private static final int STREAMS_PER_SUBSCRIBE = 200;

    final Market market;
    final String route;
    /** The shard's streams now ({@link #change} replaces the list). */
    private volatile List<String> streams;
    /** Ids of the SUBSCRIBE and UNSUBSCRIBE messages of {@link #change}, apart from the first subscription's. */
    private int controlId = 1_000_000;
    /** Whether this shard carries the account's user-data stream (no market-data streams). */
    final boolean userData;
    private final URI base;
    private final URI rest;
    private volatile String listenKey;
    private final Recorder recorder;
    private Connection current;
    private Connection replacement;
    private String replacementReason;
    private int failures;
    private boolean stopped;

    Shard(final Recorder recorder, final Market market, final String route, final List<String> streams, final URI base)
    {
        this(recorder, market, route, streams, base, null, false);
    }

    private Shard(final Recorder recorder, final Market market, final String route, final List<String> streams, final URI base,
        final URI rest, final boolean userData)
    {
        this.recorder = recorder;
        this.market = market;
        this.route = route;
        this.streams = List.copyOf(streams);
        this.base = base;
        this.rest = rest;
        this.userData = userData;
    }

    /** The shard of a market's user-data stream, on a listen key created through {@code rest}. */
    static Shard userData(final Recorder recorder, final Market market, final URI base, final URI rest)
    {
        return new Shard(recorder, market, market == Market.USDM ? "private" : "", List.of(), base, rest, true);
    }

    void start()
    {
        connectLater(0, null);
    }

    /**
     * The connection URL: combined streams in the URL when short enough, else a bare /stream and
     * SUBSCRIBE; for user data {@code /ws/<listenKey>}.
     */
    URI url()
    {
        return url(streams);
    }

    /** The shard's streams now. */
    List<String> streams()
    {
        return streams;
    }

    /** @return how many streams the shard's connection carries live (0 while it connects or subscribes). */
    int liveStreams()
    {
        final Connection c;
        synchronized (this)
        {
            c = current;
        }
        if (c == null || userData)
        {
            return 0;
        }
        final ConnectionState state = c.state();
        return state == ConnectionState.LIVE || state == ConnectionState.OVERLAPPING ? streams.size() : 0;
    }

    private URI url(final List<String> streams)
    {
        if (userData)
        {
            return URI.create(userDataUrl(listenKey));
        }
        final String prefix = base.toString().replaceAll("/+$", "") + (route.isEmpty() ? "" : "/" + route) + "/stream";
        if (inUrl(streams))
        {
            final StringBuilder sb = new StringBuilder(prefix).append("?streams=");
            for (int i = 0; i < streams.size(); i++)
            {
                sb.append(i > 0 ? "/" : "").append(URLEncoder.encode(streams.get(i), StandardCharsets.UTF_8).replace("%40", "@")
                    .replace("%21", "!"));
            }
            return URI.create(sb.toString());
        }
        return URI.create(prefix);
    }

    private String userDataUrl(final String key)
    {
        return base.toString().replaceAll("/+$", "") + (route.isEmpty() ? "" : "/" + route) + "/ws/" + key;
    }

    /** The URL as the journal and messages show it: a listen key is a credential and stays out. */
    private String shownUrl(final List<String> streams)
    {
        return userData ? userDataUrl("<listenKey>") : url(streams).toString();
    }

    private static boolean inUrl(final List<String> streams)
    {
        return String.join("/", streams).length() <= URL_STREAMS_MAX_CHARS;
    }

    private void connectLater(final long delayNanos, final String reason)
    {
        recorder.scheduler().schedule(() -> connectNow(reason), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void connectNow(final String reason)
    {
        synchronized (this)
        {
            if (stopped || !recorder.running())
            {
                return;
            }
            final long wait = recorder.gate().tryAcquire(System.nanoTime());
            if (wait > 0)
            {
                connectLater(wait, reason);
                return;
            }
        }
        if (!userData)
        {
            open(reason);
            return;
        }
        // Every (re)connect asks for the key: Binance returns the valid one, renewed, or a new one.
        recorder.listenKeys().execute(() ->
        {
            try
            {
                listenKey = recorder.listenKeys().create(market, rest);
            }
            catch (final ListenKeyClient.Failure e)
            {
                listenKeyFailed(e, reason);
                return;
            }
            open(reason);
        });
    }

    private void open(final String reason)
    {
        final Connection c;
        synchronized (this)
        {
            if (stopped || !recorder.running())
            {
                return;
            }
            final List<String> now = streams;
            c = Connection.create(recorder.nextConnectionId(), this, url(now), shownUrl(now), headers(), recorder.pump(), recorder.clock());
            c.streams = now;
            if (reason == null)
            {
                current = c;
            }
            else
            {
                replacement = c;
                replacementReason = reason;
            }
        }
        c.connect();
    }

    /** A listen key could not be had: fatal before anything has connected, else retried with backoff. */
    private void listenKeyFailed(final ListenKeyClient.Failure e, final String reason)
    {
        if (!recorder.everConnected() && e.status != 429 && e.status != 418 && e.status < 500)
        {
            recorder.fail("cannot create a " + market.wireName() + " listen key: " + e.getMessage());
            return;
        }
        final long delay;
        synchronized (this)
        {
            failures++;
            delay = backoff(e.status == 429 || e.status == 418 ? 60 : -1);
        }
        recorder.metrics().refusals.incrementAndGet();
        connectLater(delay, reason);
    }

    /** Jittered exponential backoff from 0.5 s to 60 s, or at least {@code retryAfterSeconds}. */
    private long backoff(final long retryAfterSeconds)
    {
        final long base = Math.min(60_000_000_000L, 500_000_000L << Math.min(7, failures - 1));
        final long delay = (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
        return retryAfterSeconds > 0 ? Math.max(delay, TimeUnit.SECONDS.toNanos(retryAfterSeconds)) : delay;
    }

    /** Keeps the listen key of a user-data connection alive while the connection lives. */
    private void keepAliveLater(final Connection c, final long delayNanos)
    {
        recorder.scheduler().schedule(() -> recorder.listenKeys().execute(() -> keepAlive(c)), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void keepAlive(final Connection c)
    {
        synchronized (this)
        {
            if (stopped || !c.isOpen() || (c != current && c != replacement))
            {
                return;
            }
        }
        try
        {
            if (recorder.listenKeys().keepAlive(market, rest, listenKey))
            {
                recorder.metrics().listenKeyKeepAlives.incrementAndGet();
                keepAliveLater(c, recorder.config().listenKeyKeepAlive().toNanos());
            }
            else
            {
                c.drop("listen key expired"); // a loss: the reconnect gets a new key
            }
        }
        catch (final ListenKeyClient.Failure e)
        {
            keepAliveLater(c, TimeUnit.SECONDS.toNanos(30)); // transient: the key is valid for an hour
        }
    }

    private Map<String, String> headers()
    {
        final String key = recorder.apiKey();
        return market == Market.SPOT_SBE && key != null ? Map.of("X-MBX-APIKEY", key) : Map.of();
    }

    void onOpen(final Connection c)
    {
        recorder.connected();
        recorder.metrics().connections.incrementAndGet();
        if (userData)
        {
            recorder.pump().offerEvent(new SessionEvent.Subscribed(c.id, market, List.of(Connection.USER_DATA)));
            keepAliveLater(c, recorder.config().listenKeyKeepAlive().toNanos());
            onFirstData(c); // an account stream may stay quiet for hours: open is enough to take over
        }
        else if (inUrl(c.streams))
        {
            recorder.pump().offerEvent(new SessionEvent.Subscribed(c.id, market, c.streams));
        }
        else
        {
            subscribe(c, c.streams, 0);
        }
        recorder.scheduler().schedule(() -> rotate(c), recorder.config().rotateAfter().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** SUBSCRIBE in batches, one message every 300 ms: within spot's 5 messages a second with pongs to spare. */
    private void subscribe(final Connection c, final List<String> streams, final int from)
    {
        if (!c.isOpen() || from >= streams.size())
        {
            return;
        }
        final List<String> batch = streams.subList(from, Math.min(streams.size(), from + STREAMS_PER_SUBSCRIBE));
        try
        {
            c.send(message("SUBSCRIBE", batch, from / STREAMS_PER_SUBSCRIBE + 1));
        }
        catch (final RuntimeException closed)
        {
            return;
        }
        recorder.pump().offerEvent(new SessionEvent.Subscribed(c.id, market, batch));
        recorder.scheduler().schedule(() -> subscribe(c, streams, from + STREAMS_PER_SUBSCRIBE), 300, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds and removes streams while the shard runs ({@code symbols: all} following listings): the
     * shard's list changes at once, so that a later connection opens with it, and each open
     * connection is sent UNSUBSCRIBE and SUBSCRIBE, in batches 300 ms apart (within spot's 5
     * messages a second), each journaled as an {@code unsubscribed} or {@code subscribed} event.
     *
     * @param added   streams to add (those the shard has already are skipped).
     * @param removed streams to remove.
     * @param reason  why they are removed, journaled with them.
     */
    void change(final List<String> added, final List<String> removed, final String reason)
    {
        final List<Connection> open = new ArrayList<>(2);
        synchronized (this)
        {
            final List<String> next = new ArrayList<>(streams);
            next.removeAll(removed);
            for (final String s : added)
            {
                if (!next.contains(s))
                {
                    next.add(s);
                }
            }
            streams = List.copyOf(next);
            for (final Connection c : new Connection[] { current, replacement })
            {
                if (c != null && c.isOpen())
                {
                    open.add(c);
                }
            }
        }
        for (final Connection c : open)
        {
            final List<String> gone = new ArrayList<>(c.streams);
            gone.retainAll(removed);
            final List<String> fresh = new ArrayList<>(added);
            fresh.removeAll(c.streams);
            final List<String> now = new ArrayList<>(c.streams);
            now.removeAll(gone);
            now.addAll(fresh);
            c.streams = List.copyOf(now);
            long delay = 0;
            for (int from = 0; from < gone.size(); from += STREAMS_PER_SUBSCRIBE)
            {
                final List<String> batch = gone.subList(from, Math.min(gone.size(), from + STREAMS_PER_SUBSCRIBE));
                recorder.scheduler().schedule(() -> control(c, "UNSUBSCRIBE", batch, reason), delay, TimeUnit.MILLISECONDS);
                delay += 300;
            }
            for (int from = 0; from < fresh.size(); from += STREAMS_PER_SUBSCRIBE)
            {
                final List<String> batch = fresh.subList(from, Math.min(fresh.size(), from + STREAMS_PER_SUBSCRIBE));
                recorder.scheduler().schedule(() -> control(c, "SUBSCRIBE", batch, reason), delay, TimeUnit.MILLISECONDS);
                delay += 300;
            }
        }
    }

    /** A control message: {@code {"method":"SUBSCRIBE","params":["a","b"],"id":1}}. */
    private static String message(final String method, final List<String> streams, final int id)
    {
        final StringBuilder sb = new StringBuilder(streams.size() * 24).append("{\"method\":\"").append(method).append("\",\"params\":[");
        for (int i = 0; i < streams.size(); i++)
        {
            sb.append(i > 0 ? "," : "").append('"').append(streams.get(i)).append('"');
        }
        return sb.append("],\"id\":").append(id).append('}').toString();
    }

    /** Sends one SUBSCRIBE or UNSUBSCRIBE of {@link #change} and journals it; nothing when the connection has closed. */
    private void control(final Connection c, final String method, final List<String> batch, final String reason)
    {
        final int id;
        synchronized (this)
        {
            id = controlId++;
        }
        if (!c.isOpen())
        {
            return;
        }
        try
        {
            c.send(message(method, batch, id));
        }
        catch (final RuntimeException closed)
        {
            return;
        }
        recorder.pump().offerEvent(method.equals("SUBSCRIBE") ? new SessionEvent.Subscribed(c.id, market, batch)
            : new SessionEvent.Unsubscribed(c.id, market, batch, reason));
    }

    private void rotate(final Connection c)
    {
        synchronized (this)
        {
            if (stopped || (c != current && c != replacement))
            {
                return; // closed or replaced already
            }
            if (c != current || replacement != null)
            {
                // Still taking over from its predecessor, or another replacement is under way: try again shortly.
                recorder.scheduler().schedule(() -> rotate(c), 1, TimeUnit.SECONDS);
                return;
            }
        }
        startReplacement("connection lifetime: replaced ahead of Binance's 24-hour cut");
    }

    /** A {@code !contractInfo} event arrived: the recorder follows futures listings by it. */
    void onContractInfo()
    {
        recorder.contractInfo(market);
    }

    void onServerShutdown(final Connection c)
    {
        synchronized (this)
        {
            if (c != current || replacement != null || stopped)
            {
                return;
            }
        }
        startReplacement("serverShutdown");
    }

    private void startReplacement(final String reason)
    {
        connectLater(0, reason);
    }

    /** A connection's first market data: it is live, or, replacing one, overlaps it for a while. */
    void onFirstData(final Connection c)
    {
        final Connection old;
        synchronized (this)
        {
            failures = 0;
            old = c == replacement ? current : null;
        }
        if (old == null)
        {
            c.moveTo(ConnectionState.LIVE, null);
        }
        else if (c.moveTo(ConnectionState.OVERLAPPING, new SessionEvent.Overlap(c.id, market, old.id, replacementReason)))
        {
            recorder.scheduler().schedule(() -> finishReplacement(old, c), recorder.config().overlap().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void finishReplacement(final Connection old, final Connection next)
    {
        synchronized (this)
        {
            if (replacement != next)
            {
                return;
            }
            current = next;
            replacement = null;
        }
        next.moveTo(ConnectionState.LIVE, null);
        old.closeQuietly(1000, "replaced by connection " + next.id);
    }

    /** The watchdog, every second: replaces a connection that went silent or hangs in its handshake. */
    void watch(final long nowNanos)
    {
        final Connection[] both;
        synchronized (this)
        {
            both = new Connection[] { current, replacement };
        }
        final long silence = recorder.config().silenceTimeout(market).toNanos();
        for (final Connection c : both)
        {
            if (c == null)
            {
                continue;
            }
            final ConnectionState state = c.state();
            if (state.open() && c.isOpen() && nowNanos - c.lastActivityNanos > silence)
            {
                c.dropSilent(nowNanos - c.lastActivityNanos);
            }
            else if (state == ConnectionState.CONNECTING && nowNanos - c.createdNanos > 30_000_000_000L)
            {
                c.abortHandshake();
            }
        }
    }

    void onClose(final Connection c, final int code, final String reason, final boolean remote)
    {
        final String why;
        final boolean opened = c.wasOpened();
        final int refused = c.refusedStatus();
        final long retryAfter = c.retryAfterSeconds();
        final String error = c.error();
        if (!opened)
        {
            why = "connection attempt failed: " + (refused != 0
                ? "HTTP " + refused + (retryAfter >= 0 ? ", Retry-After " + retryAfter + " s" : "")
                : error != null ? error : reason);
        }
        else
        {
            recorder.metrics().connections.decrementAndGet();
            why = error != null && !c.closedByUs() ? error : reason == null || reason.isEmpty() ? "closed" : reason;
        }
        // Once the recorder has decided to close, the close is its own, even when Java-WebSocket reports
        // it as remote because the server's answering close frame was processed first
        c.moveTo(ConnectionState.CLOSED, new SessionEvent.ConnectionClosed(c.id, market, code, why, remote && !c.closedByUs()));
        if (!opened)
        {
            recorder.metrics().refusals.incrementAndGet();
            if (!recorder.everConnected() && refused == 0)
            {
                recorder.fail("cannot connect to " + c.safeUrl + ": " + (error != null ? error : reason));
                return;
            }
            if (refused != 0)
            {
                recorder.metrics().upgradeRefusals.computeIfAbsent(refused, k -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet();
                final String cause = refusalCause(refused);
                if (!recorder.everConnected() && cause != null)
                {
                    recorder.fail("the " + market.wireName() + " upgrade to " + c.safeUrl + " was refused with HTTP " + refused
                        + ": " + cause);
                    return;
                }
                recorder.warn("the " + market.wireName() + " upgrade to " + c.safeUrl + " was refused with HTTP " + refused
                    + (retryAfter >= 0 ? " (Retry-After " + retryAfter + " s)" : "")
                    + (cause != null ? ": " + cause : "") + "; retrying with backoff");
            }
        }
        boolean reconnect = false;
        long delay = 0;
        Connection tookOver = null;
        synchronized (this)
        {
            if (stopped || !recorder.running())
            {
                return;
            }
            if (c == current)
            {
                if (replacement != null)
                {
                    current = replacement; // the replacement takes over (it is already subscribed)
                    replacement = null;
                    tookOver = current;
                }
                else if (!c.closedByUs())
                {
                    reconnect = true;
                }
            }
            else if (c == replacement)
            {
                replacement = null; // the current connection carries on; the next rotation tries again
                reconnect = current == null || !current.isOpen();
            }
            if (reconnect)
            {
                failures++;
                delay = backoff(retryAfter);
                if (retryAfter > 0)
                {
                    recorder.gate().blockUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(retryAfter));
                }
                else if (refused == 429 || refused == 418)
                {
                    recorder.gate().blockUntil(System.nanoTime() + 60_000_000_000L);
                }
            }
        }
        if (tookOver != null && tookOver.state() == ConnectionState.OVERLAPPING)
        {
            tookOver.moveTo(ConnectionState.LIVE, null); // its predecessor is gone: no overlap left
        }
        if (reconnect)
        {
            recorder.metrics().reconnects.incrementAndGet();
            connectLater(delay, null);
        }
    }

    /**
     * What a refusal that retrying cannot cure most likely means, or null for one it may (429, 418,
     * 5xx): before any connection has opened, such a refusal is fatal.
     */
    private String refusalCause(final int status)
    {
        return switch (status)
        {
            case 401, 403 -> market == Market.SPOT_SBE || userData
                ? "the API key was not accepted (check --api-key-file or TICKTAPE_API_KEY)"
                : "the endpoint refuses this client (check --endpoint)";
            case 404 -> "no such path on the server (check --endpoint and the stream names)";
            case 400, 405, 426 -> "the server does not take this upgrade request (check --endpoint)";
            default -> null;
        };
    }

    /** Closes the shard's connections; their close events are journaled. */
    List<Connection> stop()
    {
        final List<Connection> open = new ArrayList<>();
        synchronized (this)
        {
            stopped = true;
            if (current != null)
            {
                open.add(current);
            }
            if (replacement != null)
            {
                open.add(replacement);
            }
        }
        for (final Connection c : open)
        {
            c.closeQuietly(1000, "recorder stopping");
        }
        return open;
    }
}
