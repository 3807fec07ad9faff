package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.SessionEvent;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The recorder's counters. The journal thread counts frames, bytes and events with ordered
 * stores (no locks, no allocation); the status line and Prometheus read them. Prometheus reads
 * through callbacks, so the hot path pays nothing for it.
 */
final class RecorderMetrics
{
    private final AtomicLongArray frames = new AtomicLongArray(Market.values().length);
    private final AtomicLongArray bytes = new AtomicLongArray(Market.values().length);
    final AtomicInteger connections = new AtomicInteger();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    /** Refused WebSocket upgrades by HTTP status. */
    final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> upgradeRefusals = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicLong listenKeyKeepAlives = new AtomicLong();
    /** Hours sealed into archives, and the records and bytes they held and take. */
    final AtomicLong archivedHours = new AtomicLong();
    final AtomicLong archivedLiveBytes = new AtomicLong();
    final AtomicLong archivedBytes = new AtomicLong();
    /** Archiver runs that failed (the hours stay live). */
    final AtomicLong archiveFailures = new AtomicLong();
    /** Archived hours removed by retention, by reason (age, disk). */
    final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> archiveRemovals = new java.util.concurrent.ConcurrentHashMap<>();
    /** Read from the depth chains, which count on the journal thread. */
    volatile java.util.function.LongSupplier staleSnapshots = () -> 0;
    /** The diff-depth books followed per market, those in sync, and seconds since all were (-1 while one is not). */
    volatile java.util.function.ToIntFunction<Market> books = m -> 0;
    volatile java.util.function.ToIntFunction<Market> syncedBooks = m -> 0;
    volatile java.util.function.ToIntFunction<Market> liveStreams = m -> 0;
    volatile java.util.function.ToDoubleFunction<Market> allBooksSyncedSeconds = m -> -1;
    /** The request weight Binance last reported used this minute, per market; -1 before any report. */
    volatile java.util.function.ToLongFunction<Market> restUsedWeight = m -> -1;
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong overlaps = new AtomicLong();
    private final AtomicLong ringFull = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final long[] lagMicros = new long[1024];
    private final AtomicInteger lagCount = new AtomicInteger();
    private volatile long lastLagMicros;
    /** Whether the recorder is recording: false once it stops or fails. */
    volatile java.util.function.BooleanSupplier up = () -> true;
    private final long startedNanos = System.nanoTime();
    private volatile long lastAppendNanos = startedNanos;

    /** The journal thread appended a batch at {@code nanos} (System.nanoTime); one volatile store a batch. */
    void appended(final long nanos)
    {
        lastAppendNanos = nanos;
    }

    /** @return seconds since the journal thread last appended (since the start, before the first append). */
    double lastAppendAgeSeconds()
    {
        return (System.nanoTime() - lastAppendNanos) / 1e9;
    }

    void frame(final Market market, final int length)
    {
        final int i = market.ordinal();
        frames.lazySet(i, frames.get(i) + 1);
        bytes.lazySet(i, bytes.get(i) + length);
    }

    void event(final SessionEvent event)
    {
        if (event instanceof SessionEvent.GapDetected)
        {
            gaps.incrementAndGet();
        }
        else if (event instanceof SessionEvent.SnapshotTaken)
        {
            snapshots.incrementAndGet();
        }
        else if (event instanceof SessionEvent.Overlap)
        {
            overlaps.incrementAndGet();
        }
    }

    void ringFull()
    {
        ringFull.incrementAndGet();
    }

    /** @return times a connection found the ring to the journal thread full and waited. */
    long ringFullCount()
    {
        return ringFull.get();
    }

    void oversized()
    {
        oversized.incrementAndGet();
    }

    /** A lag sample (receive time minus event time), taken on the journal thread. */
    void lag(final long micros)
    {
        lastLagMicros = micros;
        final int n = lagCount.get();
        lagMicros[n & (lagMicros.length - 1)] = micros;
        lagCount.lazySet(n + 1);
    }

    long frames()
    {
        long sum = 0;
        for (int i = 0; i < frames.length(); i++)
        {
            sum += frames.get(i);
        }
        return sum;
    }

    long bytes()
    {
        long sum = 0;
        for (int i = 0; i < bytes.length(); i++)
        {
            sum += bytes.get(i);
        }
        return sum;
    }

    long gaps()
    {
        return gaps.get();
    }

    long snapshots()
    {
        return snapshots.get();
    }

    /** @return the median of the lag samples since the last call, in µs, or -1 without any. */
    long takeLagMedianMicros()
    {
        final int n = Math.min(lagCount.getAndSet(0), lagMicros.length);
        if (n == 0)
        {
            return -1;
        }
        final long[] copy = Arrays.copyOf(lagMicros, n);
        Arrays.sort(copy);
        return copy[n / 2];
    }

    /** A gauge with a value per market. */
    private static void perMarket(final PrometheusRegistry registry, final String name, final String help,
        final java.util.function.ToDoubleFunction<Market> value)
    {
        GaugeWithCallback.builder().name(name).help(help).labelNames("market")
            .callback(cb ->
            {
                for (final Market m : Market.values())
                {
                    cb.call(value.applyAsDouble(m), m.wireName());
                }
            }).register(registry);
    }

    /** Registers the Prometheus metrics (read through callbacks) with a registry. */
    void register(final PrometheusRegistry registry)
    {
        CounterWithCallback.builder().name("ticktape_frames").help("Frames journaled").labelNames("market")
            .callback(cb ->
            {
                for (final Market m : Market.values())
                {
                    cb.call(frames.get(m.ordinal()), m.wireName());
                }
            }).register(registry);
        CounterWithCallback.builder().name("ticktape_frame_bytes").help("Payload bytes journaled").labelNames("market")
            .callback(cb ->
            {
                for (final Market m : Market.values())
                {
                    cb.call(bytes.get(m.ordinal()), m.wireName());
                }
            }).register(registry);
        CounterWithCallback.builder().name("ticktape_reconnects").help("Connections opened again after a loss")
            .callback(cb -> cb.call(reconnects.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_refusals").help("Connection attempts refused (HTTP 429/418 or errors)")
            .callback(cb -> cb.call(refusals.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_listen_key_keepalives").help("User-data listen keys kept alive")
            .callback(cb -> cb.call(listenKeyKeepAlives.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_gaps").help("Diff-depth chain gaps journaled")
            .callback(cb -> cb.call(gaps.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_snapshots").help("REST depth snapshots journaled")
            .callback(cb -> cb.call(snapshots.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_stale_snapshots").help("REST snapshots older than their diff events, fetched again")
            .callback(cb -> cb.call(staleSnapshots.getAsLong())).register(registry);
        CounterWithCallback.builder().name("ticktape_overlaps").help("Connection replacements with an overlap")
            .callback(cb -> cb.call(overlaps.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_ring_full").help("Times a connection waited for the journal thread")
            .callback(cb -> cb.call(ringFull.get())).register(registry);
        perMarket(registry, "ticktape_streams_live", "Market-data streams on live connections (subscribed, data flowing)",
            m -> liveStreams.applyAsInt(m));
        perMarket(registry, "ticktape_books", "Diff-depth books (streams) followed", m -> books.applyAsInt(m));
        perMarket(registry, "ticktape_books_synced", "Diff-depth books in sync: a snapshot that lines up came after the last request",
            m -> syncedBooks.applyAsInt(m));
        perMarket(registry, "ticktape_books_all_synced_seconds",
            "Seconds since every diff-depth book of the market has been in sync; -1 while one is not", allBooksSyncedSeconds);
        GaugeWithCallback.builder().name("ticktape_rest_used_weight")
            .help("Request weight Binance last reported this IP used this minute (X-MBX-USED-WEIGHT-1M); -1 before any")
            .labelNames("market")
            .callback(cb ->
            {
                cb.call(restUsedWeight.applyAsLong(Market.SPOT), Market.SPOT.wireName());
                cb.call(restUsedWeight.applyAsLong(Market.USDM), Market.USDM.wireName());
            }).register(registry);
        GaugeWithCallback.builder().name("ticktape_up").help("1 while recording; 0 once stopping or failed")
            .callback(cb -> cb.call(up.getAsBoolean() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("ticktape_last_append_age_seconds").help("Seconds since the journal thread last appended")
            .callback(cb -> cb.call(lastAppendAgeSeconds())).register(registry);
        CounterWithCallback.builder().name("ticktape_upgrade_refusals").help("WebSocket upgrades refused with an HTTP status, by status")
            .labelNames("status").callback(cb -> upgradeRefusals.forEach((status, n) -> cb.call(n.get(), Integer.toString(status))))
            .register(registry);
        CounterWithCallback.builder().name("ticktape_archived_hours").help("Journal hours sealed into archive files")
            .callback(cb -> cb.call(archivedHours.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_archived_live_bytes").help("Bytes of the .cq4 files the archiver replaced")
            .callback(cb -> cb.call(archivedLiveBytes.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_archived_bytes").help("Bytes of the archive files written")
            .callback(cb -> cb.call(archivedBytes.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_archive_failures").help("Archiver runs that failed; their hours stay live")
            .callback(cb -> cb.call(archiveFailures.get())).register(registry);
        CounterWithCallback.builder().name("ticktape_archive_removed_hours").help("Archived hours removed by retention, by reason")
            .labelNames("reason").callback(cb -> archiveRemovals.forEach((reason, n) -> cb.call(n.get(), reason))).register(registry);
        GaugeWithCallback.builder().name("ticktape_connections").help("Open WebSocket connections")
            .callback(cb -> cb.call(connections.get())).register(registry);
        GaugeWithCallback.builder().name("ticktape_lag_seconds").help("Receive time minus event time, last sample")
            .callback(cb -> cb.call(lastLagMicros / 1e6)).register(registry);
    }
}
