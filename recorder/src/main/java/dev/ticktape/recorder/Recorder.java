package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.Version;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalArchiver;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.agrona.concurrent.EpochNanoClock;

import java.io.IOException;
import java.util.function.Consumer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records Binance market-data streams into a journal until stopped: every frame byte for byte with
 * its receive time, and a session event for every connection, subscription, overlap, gap and
 * snapshot. See {@link RecorderConfig} for what it records and {@code ARCHITECTURE.md} for its
 * threads.
 */
public final class Recorder implements AutoCloseable
{
    private static final int RING_BYTES = 64 << 20;

    private final RecorderConfig config;
    private final EpochNanoClock clock;
    private final RecorderMetrics metrics = new RecorderMetrics();
    private final ConnectionGate gate;
    private final JournalWriter writer;
    private final JournalPump pump;
    private final ScheduledExecutorService scheduler;
    /** Seals closed hours and applies retention, on a low-priority thread of its own; null when neither is configured. */
    private ScheduledExecutorService archiver;
    private volatile boolean warnedDisk;
    private final List<Shard> shards = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Per market under {@code symbols: all}: its configuration and the symbols it records now (guarded by this map). */
    private final Map<Market, AllSymbolsState> allSymbols = new java.util.EnumMap<>(Market.class);

    /** What {@code symbols: all} records of one market. */
    private record AllSymbolsState(RecorderConfig.MarketStreams configured, java.util.Set<String> symbols)
    {
    }
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Consumer<String> status;
    private volatile boolean everConnected;
    private volatile TicktapeException failure;
    private HTTPServer metricsServer;
    private long lastStatusFrames;
    private long lastStatusBytes;
    private long lastStatusNanos = System.nanoTime();

    private Recorder(final RecorderConfig config, final Consumer<String> status)
    {
        config.validate();
        this.config = config;
        this.status = status;
        this.clock = config.clock();
        this.gate = new ConnectionGate(config.connectionAttemptsPer5Minutes());
        this.writer = JournalWriter.open(config.journal());
        // the parts call each other only once all are built: the chains' snapshot requests and gap events,
        // and the pump's failure, go through this recorder's methods, which read the final fields
        final DepthChains chains = new DepthChains(this::requestSnapshot, this::appendEventNow);
        metrics.staleSnapshots = chains::staleSnapshots;
        metrics.books = chains::books;
        metrics.syncedBooks = chains::syncedBooks;
        metrics.liveStreams = m -> shards.stream().filter(s -> s.market == m).mapToInt(Shard::liveStreams).sum();
        metrics.allBooksSyncedSeconds = m ->
        {
            final long since = chains.allSyncedSinceNanos(m);
            return chains.books(m) == 0 || since < 0 ? -1 : (System.nanoTime() - since) / 1e9;
        };
        try
        {
            this.resumed = ResumeScan.scan(config);
        }
        catch (final RuntimeException e)
        {
            writer.close();
            throw e;
        }
        if (resumed != null)
        {
            for (int i = 0; i < resumed.streams().size(); i++)
            {
                chains.resumeFrom(Market.fromName(resumed.markets().get(i)), resumed.streams().get(i), resumed.lastUpdateIds().get(i));
            }
        }
        metrics.up = () -> !stopping.get() && failure == null;
        try
        {
            this.pump = new JournalPump(writer, RING_BYTES, clock, chains, metrics, config.minFreeBytes(), this::pumpFailed);
            pump.start();
        }
        catch (final RuntimeException e)
        {
            writer.close();
            throw e;
        }
        this.fetcher = new SnapshotFetcher(config, pump, clock, threads("ticktape-snapshots"));
        metrics.restUsedWeight = fetcher::reportedWeight;
        this.scheduler = new Scheduler(threads("ticktape-recorder"));
    }

    /** A diff-depth chain wants a REST snapshot (from the pump thread, once the recorder is built). */
    private void requestSnapshot(final Market market, final String stream, final java.util.function.LongSupplier activity)
    {
        if (config.snapshots())
        {
            fetcher.request(market, stream, activity);
        }
    }

    /** A diff-depth chain's gap event, journaled at once (on the pump thread, which is the one writing). */
    private void appendEventNow(final SessionEvent event)
    {
        pump.appendEventNow(event);
    }

    private void pumpFailed()
    {
        fail(pump.failure());
    }

    /**
     * The recorder's one scheduler thread. A task scheduled once stop() has shut it down (a reconnect,
     * a rotation or the start's own timers racing a stop on a failed connection) is dropped: the
     * recorder is stopping, and a RejectedExecutionException would surface as an internal error. A
     * task that throws stops the recording loudly: a periodic task (the watchdog, the status line)
     * would otherwise be cancelled in silence.
     */
    private final class Scheduler extends ScheduledThreadPoolExecutor
    {
        Scheduler(final ThreadFactory threads)
        {
            super(1, threads, new ThreadPoolExecutor.DiscardPolicy());
        }

        @Override
        protected void afterExecute(final Runnable task, final Throwable thrown)
        {
            super.afterExecute(task, thrown);
            Throwable failed = thrown;
            if (failed == null && task instanceof Future<?> future && future.isDone())
            {
                try
                {
                    future.get();
                }
                catch (final CancellationException cancelled)
                {
                    // stopped on purpose
                }
                catch (final ExecutionException e)
                {
                    failed = e.getCause();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
            if (failed != null)
            {
                died(Thread.currentThread(), failed);
            }
        }
    }

    /** Makes a recorder thread: a daemon whose death by an uncaught exception stops the recording loudly. */
    private ThreadFactory threads(final String name)
    {
        return r ->
        {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler(this::died);
            return t;
        };
    }

    /** A recorder thread died: nothing it did will happen again, so the recording cannot go on. */
    private void died(final Thread thread, final Throwable e)
    {
        if (stopping.get())
        {
            return; // a task interrupted by the stop itself
        }
        fail(new TicktapeException(e instanceof TicktapeException t ? t.code() : ErrorCode.INTERNAL,
            "recorder thread " + thread.getName() + " died: " + (e instanceof TicktapeException ? e.getMessage() : e.toString()), e));
    }

    private final SnapshotFetcher fetcher;
    /** What this run resumes from (an earlier recording's end and its chains' last ids), or null for a new journal. */
    private final SessionEvent.RecordingResumed resumed;
    private ListenKeyClient listenKeys;

    /**
     * Starts recording.
     *
     * @param config what to record.
     * @param status receives the periodic one-line status, or null for none.
     * @return the running recorder.
     * @throws TicktapeException {@link ErrorCode#USAGE} for a bad configuration, {@link ErrorCode#IO}
     *                           or {@link ErrorCode#DATA} when the journal cannot be opened.
     */
    public static Recorder start(final RecorderConfig config, final Consumer<String> status)
    {
        final Recorder r = new Recorder(config, status);
        try
        {
            r.begin();
        }
        catch (final RuntimeException | Error e)
        {
            // whatever stopped the start: the journal is closed and every thread stopped, not left running without a recorder
            if (r.running())
            {
                r.stop("the start failed");
            }
            throw e;
        }
        return r;
    }

    /**
     * The configured markets with {@code symbols: all} resolved: each such market's exchange
     * information fetched (and journaled) now, its symbols filtered and crossed with its stream types.
     */
    private List<RecorderConfig.MarketStreams> resolveAllSymbols()
    {
        final List<RecorderConfig.MarketStreams> out = new ArrayList<>();
        for (final RecorderConfig.MarketStreams m : config.markets())
        {
            if (m.all() == null)
            {
                out.add(m);
                continue;
            }
            final List<String> symbols;
            try
            {
                symbols = m.all().select(fetcher.exchangeInfoNow(m.market()));
            }
            catch (final TicktapeException e)
            {
                stop("symbols: all could not be resolved");
                throw e;
            }
            if (symbols.isEmpty())
            {
                stop("symbols: all matched no symbol");
                throw new TicktapeException(ErrorCode.USAGE, "symbols: all on " + m.market().wireName() + " matched no symbol of its "
                    + "exchange information (quoteAssets " + m.all().quoteAssets() + ", contractTypes " + m.all().contractTypes()
                    + ", status " + m.all().statuses() + ")");
            }
            final List<String> streams = new ArrayList<>(m.all().streamsOf(subscribable(m.market(), symbols)));
            if (m.market() == Market.USDM && !streams.contains(CONTRACT_INFO))
            {
                // futures announce listings and settlements there; each event fetches the exchange information again
                streams.add(CONTRACT_INFO);
                followsContracts = true;
            }
            final RecorderConfig.MarketStreams resolved = m.resolved(streams);
            synchronized (allSymbols)
            {
                // the unsubscribable ones too: known, they are not warned of again at each refresh
                allSymbols.put(m.market(), new AllSymbolsState(m, new java.util.LinkedHashSet<>(symbols)));
            }
            info(m.market().wireName() + ": symbols: all resolved to " + symbols.size() + " symbols, " + resolved.streams().size()
                + " streams");
            out.add(resolved);
        }
        return out;
    }

    /**
     * The symbols whose streams ticktape can name; the others are left out with a warning (Binance
     * lists symbols in other scripts, whose stream names it does not document).
     */
    private List<String> subscribable(final Market market, final List<String> symbols)
    {
        final List<String> out = new ArrayList<>(symbols.size());
        final List<String> skipped = new ArrayList<>();
        for (final String symbol : symbols)
        {
            (StreamNames.subscribableSymbol(symbol) ? out : skipped).add(symbol);
        }
        if (!skipped.isEmpty())
        {
            warn(market.wireName() + ": symbols: all leaves out " + skipped.size() + " symbol(s) whose stream names ticktape "
                + "cannot form: " + String.join(", ", skipped.subList(0, Math.min(10, skipped.size())))
                + (skipped.size() > 10 ? ", ..." : ""));
        }
        return out;
    }

    private static final String CONTRACT_INFO = "!contractInfo";
    /** A refresh a {@code !contractInfo} event asks for waits this long, so that a burst of events shares one fetch. */
    private static final long CONTRACT_INFO_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** ... and comes at least this long after the one before (bracket updates come in bursts, the simulator's often). */
    private static final long CONTRACT_INFO_GAP_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Whether futures follow listings by {@code !contractInfo} ({@code symbols: all} on usdm). */
    private volatile boolean followsContracts;
    private final AtomicBoolean contractRefreshQueued = new AtomicBoolean();
    private volatile long lastContractRefreshNanos = System.nanoTime() - CONTRACT_INFO_GAP_NANOS;

    /**
     * A futures {@code !contractInfo} event arrived (on a connection's read thread): under
     * {@code symbols: all}, the exchange information is fetched again a second later, at most once
     * every 5 s, and listings and delistings followed as at a timed refresh. Binance documents no
     * state machine from the event alone; the exchange information is what says which contracts trade.
     */
    void contractInfo(final Market market)
    {
        if (!followsContracts || market != Market.USDM || !running() || !contractRefreshQueued.compareAndSet(false, true))
        {
            return;
        }
        final long wait = Math.max(CONTRACT_INFO_SETTLE_NANOS, lastContractRefreshNanos + CONTRACT_INFO_GAP_NANOS - System.nanoTime());
        try
        {
            scheduler.schedule(() ->
            {
                lastContractRefreshNanos = System.nanoTime();
                contractRefreshQueued.set(false);
                fetcher.refreshExchangeInfo(market, body -> followListings(market, body), this::warn);
            }, wait, TimeUnit.NANOSECONDS);
        }
        catch (final java.util.concurrent.RejectedExecutionException stopping)
        {
            // the recorder is stopping
        }
    }

    /** Asks, for each market under {@code symbols: all}, for its exchange information, to follow listings. */
    private void refreshSymbols()
    {
        final List<Market> markets;
        synchronized (allSymbols)
        {
            markets = List.copyOf(allSymbols.keySet());
        }
        for (final Market market : markets)
        {
            fetcher.refreshExchangeInfo(market, body -> followListings(market, body), this::warn);
        }
    }

    /**
     * A market's exchange information again (on the snapshot thread): its new symbols' streams are
     * subscribed, on its shards with room or on new ones; its delisted symbols' streams are
     * unsubscribed; the information is journaled when the symbols changed.
     */
    private void followListings(final Market market, final byte[] body)
    {
        if (!running())
        {
            return;
        }
        final AllSymbolsState state;
        synchronized (allSymbols)
        {
            state = allSymbols.get(market);
        }
        final RecorderConfig.AllSymbols all = state.configured().all();
        final List<String> now;
        try
        {
            now = all.select(body);
        }
        catch (final TicktapeException e)
        {
            warn(market.wireName() + " exchange information unreadable, symbols kept: " + e.getMessage());
            return;
        }
        final List<String> listed = new ArrayList<>(now);
        listed.removeAll(state.symbols());
        final List<String> delisted = new ArrayList<>(state.symbols());
        delisted.removeAll(now);
        if (listed.isEmpty() && delisted.isEmpty())
        {
            return;
        }
        fetcher.journalExchangeInfo(market, body);
        state.symbols().removeAll(delisted);
        state.symbols().addAll(listed);
        final List<String> removed = all.streamsOf(delisted);
        if (!removed.isEmpty())
        {
            for (final Shard s : shards)
            {
                if (s.market == market && !s.userData)
                {
                    final List<String> mine = new ArrayList<>(s.streams());
                    mine.retainAll(removed);
                    if (!mine.isEmpty())
                    {
                        s.change(List.of(), mine, "delisted");
                    }
                }
            }
        }
        for (final Map.Entry<String, List<String>> e : byRoute(market, all.streamsOf(subscribable(market, listed))).entrySet())
        {
            final List<String> left = new ArrayList<>(e.getValue());
            for (final Shard s : shards)
            {
                if (left.isEmpty())
                {
                    break;
                }
                final int room = config.streamsPerConnection() - s.streams().size();
                if (s.market == market && !s.userData && s.route.equals(e.getKey()) && room > 0)
                {
                    final List<String> here = new ArrayList<>(left.subList(0, Math.min(room, left.size())));
                    left.subList(0, here.size()).clear();
                    s.change(here, List.of(), "listed");
                }
            }
            for (final Shard shard : newShards(market, e.getKey(), left, state.configured().endpoint()))
            {
                shards.add(shard);
                shard.start();
            }
        }
        info(market.wireName() + ": symbols: all now " + state.symbols().size() + " symbols (listed " + listed + ", delisted "
            + delisted + ")");
    }

    /** A market's streams by the route that serves them (futures {@code /public}, {@code /market}), in their order. */
    private static Map<String, List<String>> byRoute(final Market market, final List<String> streams)
    {
        final Map<String, List<String>> byRoute = new LinkedHashMap<>();
        for (final String s : streams)
        {
            byRoute.computeIfAbsent(StreamNames.route(market, s), k -> new ArrayList<>()).add(s);
        }
        return byRoute;
    }

    /** Shards, not started, for streams of one route: at most {@code streamsPerConnection} streams each. */
    private List<Shard> newShards(final Market market, final String route, final List<String> streams, final URI endpoint)
    {
        final List<Shard> out = new ArrayList<>();
        for (int from = 0; from < streams.size(); from += config.streamsPerConnection())
        {
            out.add(new Shard(this, market, route, streams.subList(from, Math.min(streams.size(), from + config.streamsPerConnection())),
                endpoint));
        }
        return out;
    }

    private void begin()
    {
        pump.offerEvent(new SessionEvent.RecordingStarted(Version.TICKTAPE, JournalFormat.VERSION, hostName(), ProcessHandle.current().pid(),
            config.describe(), Version.SBE_SCHEMA_ID, Version.SBE_SCHEMA_VERSION));
        if (resumed != null)
        {
            pump.offerEvent(resumed);
            if (!resumed.cleanStop())
            {
                warn("the journal's last recording did not stop cleanly (killed?); resuming after it, the time between is not recorded");
            }
        }
        if (config.metricsPort() >= 0)
        {
            final PrometheusRegistry registry = new PrometheusRegistry();
            metrics.register(registry);
            try
            {
                metricsServer = HTTPServer.builder().hostname(config.metricsHost()).port(config.metricsPort()).registry(registry)
                    .buildAndStart();
            }
            catch (final IOException e)
            {
                stop("metrics port unavailable");
                throw new TicktapeException(ErrorCode.IO, "cannot serve metrics on port " + config.metricsPort() + ": " + e.getMessage(), e);
            }
        }
        final List<RecorderConfig.MarketStreams> markets = resolveAllSymbols();
        for (final RecorderConfig.MarketStreams m : markets)
        {
            if (m.userData())
            {
                if (listenKeys == null)
                {
                    listenKeys = new ListenKeyClient(config.apiKey(), threads("ticktape-listen-keys"));
                }
                shards.add(Shard.userData(this, m.market(), m.endpoint(), m.restEndpoint()));
            }
            for (final Map.Entry<String, List<String>> e : byRoute(m.market(), m.streams()).entrySet())
            {
                shards.addAll(newShards(m.market(), e.getKey(), e.getValue(), m.endpoint()));
            }
        }
        shards.forEach(Shard::start);
        if (!allSymbols.isEmpty())
        {
            final long every = config.symbolsRefresh().toNanos();
            scheduler.scheduleWithFixedDelay(this::refreshSymbols, every, every, TimeUnit.NANOSECONDS);
        }
        if (config.snapshots())
        {
            // Binance's exchange information, journaled now (already, for symbols: all) and once a day, for a
            // replay server to answer with
            for (final RecorderConfig.MarketStreams m : config.markets())
            {
                scheduler.scheduleAtFixedRate(() -> fetcher.requestExchangeInfo(m.market(), this::warn), m.all() == null ? 0 : 1, 1,
                    TimeUnit.DAYS);
            }
        }
        scheduler.scheduleWithFixedDelay(() ->
        {
            final long now = System.nanoTime();
            shards.forEach(s -> s.watch(now));
        }, 1, 1, TimeUnit.SECONDS);
        if (status != null && config.statusInterval() != null && !config.statusInterval().isZero())
        {
            final long every = config.statusInterval().toMillis();
            scheduler.scheduleAtFixedRate(this::printStatus, every, every, TimeUnit.MILLISECONDS);
        }
        if (config.archiveAfter() != null || config.retain() != null || config.maxDiskBytes() > 0)
        {
            archiver = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = threads("ticktape-archiver").newThread(r);
                // below the journal and connection threads: it only ever competes with them for a core
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });
            final long every = config.archiveInterval().toMillis();
            archiver.scheduleWithFixedDelay(this::archiveOnce, Math.min(every, 5_000), every, TimeUnit.MILLISECONDS);
        }
        if (config.duration() != null)
        {
            scheduler.schedule(() -> stopAsync("duration of " + config.duration() + " reached"),
                config.duration().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static String hostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }

    private void printStatus()
    {
        final long now = System.nanoTime();
        final long frames = metrics.frames();
        final long bytes = metrics.bytes();
        final double seconds = Math.max(1e-9, (now - lastStatusNanos) / 1e9);
        final long lag = metrics.takeLagMedianMicros();
        status.accept(String.format("ticktape: %,.0f frames/s %,.1f KB/s, %d frames, %d connections, %d reconnects, %d gaps, %d snapshots%s",
            (frames - lastStatusFrames) / seconds, (bytes - lastStatusBytes) / seconds / 1000, frames,
            metrics.connections.get(), metrics.reconnects.get(), metrics.gaps(), metrics.snapshots(),
            lag < 0 ? "" : String.format(", lag %.1f ms", lag / 1000.0)));
        lastStatusFrames = frames;
        lastStatusBytes = bytes;
        lastStatusNanos = now;
    }

    RecorderConfig config()
    {
        return config;
    }

    ScheduledExecutorService scheduler()
    {
        return scheduler;
    }

    ConnectionGate gate()
    {
        return gate;
    }

    JournalPump pump()
    {
        return pump;
    }

    EpochNanoClock clock()
    {
        return clock;
    }

    SnapshotFetcher fetcher()
    {
        return fetcher;
    }

    RecorderMetrics metrics()
    {
        return metrics;
    }

    String apiKey()
    {
        return config.apiKey();
    }

    ListenKeyClient listenKeys()
    {
        return listenKeys;
    }

    int nextConnectionId()
    {
        return connectionIds.incrementAndGet();
    }

    /** Notes that a connection opened: from now on, failed attempts are retried rather than fatal. */
    void connected()
    {
        everConnected = true;
    }

    /** @return whether any connection has opened yet (before then, an unreachable endpoint is fatal). */
    boolean everConnected()
    {
        return everConnected;
    }

    /** A line on stderr (through the status consumer) about something the recorder rides out. */
    /**
     * One pass of the archiver thread: seals the hours older than {@code --archive-after}, then removes
     * archived hours by {@code --retain} and {@code --max-disk}, journaling each removal. A failure is
     * a warning and a metric: the hours it concerns stay live, and the recording goes on.
     */
    private void archiveOnce()
    {
        if (stopping.get())
        {
            return;
        }
        final java.nio.file.Path journal = config.journal();
        final long now = clock.nanoTime() / 1_000_000L;
        try
        {
            if (config.archiveAfter() != null)
            {
                JournalArchiver.of(journal)
                    .clock(() -> clock.nanoTime() / 1_000_000L)
                    .before(now - config.archiveAfter().toMillis())
                    .stopWhen(stopping::get)
                    .onSealed(sealed ->
                    {
                        metrics.archivedHours.incrementAndGet();
                        metrics.archivedLiveBytes.addAndGet(sealed.liveBytes());
                        metrics.archivedBytes.addAndGet(sealed.archiveBytes());
                    })
                    .run();
            }
            if (config.retain() != null || config.maxDiskBytes() > 0)
            {
                for (final JournalArchiver.Removed removed : JournalArchiver.retain(journal, now,
                    config.retain() == null ? 0 : config.retain().toMillis(), config.maxDiskBytes()))
                {
                    pump.offerEvent(new SessionEvent.ArchiveRemoved(removed.start().toEpochMilli(), removed.file().getFileName().toString(),
                        removed.records(), removed.bytes(), removed.reason()));
                    metrics.archiveRemovals.computeIfAbsent(removed.reason(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
                }
                final long used = config.maxDiskBytes() > 0 ? JournalArchiver.diskBytes(journal) : 0;
                if (used > config.maxDiskBytes() && config.maxDiskBytes() > 0 && !warnedDisk)
                {
                    warnedDisk = true;
                    warn("the journal takes " + used + " bytes, above --max-disk " + config.maxDiskBytes()
                        + ", and only hours not yet archived are left: they are never removed (archive sooner with --archive-after)");
                }
            }
        }
        catch (final RuntimeException e)
        {
            if (!stopping.get())
            {
                metrics.archiveFailures.incrementAndGet();
                warn("archiving failed, the hours stay live: " + e.getMessage());
            }
        }
    }

    /** A line of news on the status output (none without one). */
    private void info(final String message)
    {
        if (status != null)
        {
            status.accept("ticktape: " + message);
        }
    }

    void warn(final String message)
    {
        if (status != null)
        {
            status.accept("ticktape: warning: " + message);
        }
    }

    boolean running()
    {
        return !stopping.get();
    }

    /** Stops recording because something went wrong; {@link #failure()} tells what. */
    void fail(final String message)
    {
        fail(new TicktapeException(ErrorCode.IO, message));
    }

    void fail(final TicktapeException e)
    {
        if (failure == null && e != null)
        {
            failure = e;
        }
        stopAsync("error: " + (e == null ? "journal failure" : e.getMessage()));
    }

    private void stopAsync(final String reason)
    {
        final Thread t = new Thread(() -> stop(reason), "ticktape-recorder-stop");
        t.setDaemon(false);
        t.start();
    }

    /**
     * Stops: closes every connection (journaling the closes), journals the stop event and closes
     * the journal. Idempotent; returns once done.
     *
     * @param reason why, for the stop event.
     */
    public void stop(final String reason)
    {
        if (!stopping.compareAndSet(false, true))
        {
            awaitStopped(Duration.ofSeconds(60));
            return;
        }
        try
        {
            scheduler.shutdownNow();
            if (archiver != null)
            {
                archiver.shutdownNow();
                try
                {
                    // an hour being sealed stops at its next step; what it leaves is redone by the next run
                    archiver.awaitTermination(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
            final List<Connection> closing = new ArrayList<>();
            for (final Shard s : shards)
            {
                closing.addAll(s.stop());
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (final Connection c : closing)
            {
                try
                {
                    final long left = deadline - System.nanoTime();
                    if (left <= 0 || !c.getConnection().isClosed() && !waitClosed(c, left))
                    {
                        c.closeConnection(1000, "recorder stopping");
                    }
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
            fetcher.close();
            if (listenKeys != null)
            {
                listenKeys.close();
            }
            final SessionEvent.RecordingStopped stop = new SessionEvent.RecordingStopped(reason, metrics.frames());
            if (pump.running())
            {
                pump.offerEvent(stop);
                pump.stop();
            }
            else
            {
                pump.stop();
                journalStopAfterFailure(stop);
            }
            writer.close();
            if (metricsServer != null)
            {
                metricsServer.close();
            }
            if (failure == null && pump.failure() != null)
            {
                failure = pump.failure();
            }
        }
        finally
        {
            stopped.countDown();
        }
    }

    /**
     * The journal thread is dead: journals the stop from this thread if the journal can still take
     * it (a failed roll cannot), so that a reader sees why the recording ends there.
     */
    private void journalStopAfterFailure(final SessionEvent.RecordingStopped stop)
    {
        try
        {
            writer.appendEvent(stop, clock.nanoTime(), System.nanoTime());
        }
        catch (final Throwable cannot)
        {
            // the journal cannot be written: the failure already says why, on stderr and in the exit code
        }
    }

    private static boolean waitClosed(final Connection c, final long nanos) throws InterruptedException
    {
        final long end = System.nanoTime() + nanos;
        while (!c.getConnection().isClosed())
        {
            if (System.nanoTime() - end > 0)
            {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10); // polling a third-party state with a deadline
        }
        return true;
    }

    /**
     * Waits until the recorder has stopped (its duration, {@link #stop}, or a failure).
     *
     * @param timeout how long to wait at most.
     * @return whether it stopped.
     */
    public boolean awaitStopped(final Duration timeout)
    {
        try
        {
            return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the recorder has stopped. */
    public void awaitStopped() throws InterruptedException
    {
        stopped.await();
    }

    /** @return why the recorder stopped on its own (full disk, unreachable endpoint), or null. */
    public TicktapeException failure()
    {
        return failure;
    }

    /** @return frames journaled so far. */
    public long frames()
    {
        return metrics.frames();
    }

    /** @return gaps journaled so far in this run (diff-depth chain breaks). */
    public long gaps()
    {
        return metrics.gaps();
    }

    /**
     * @return REST snapshots this run found older than the diff events that asked for them and fetched
     *         again: exactly the snapshots a book replaying the journal refuses.
     */
    public long staleSnapshots()
    {
        return metrics.staleSnapshots.getAsLong();
    }

    /** @return reconnects so far. */
    public long reconnects()
    {
        return metrics.reconnects.get();
    }

    /** @return the Prometheus metrics port, or -1. */
    public int metricsPort()
    {
        return metricsServer == null ? -1 : metricsServer.getPort();
    }

    /** @return the markets recorded. */
    public List<Market> markets()
    {
        return config.markets().stream().map(RecorderConfig.MarketStreams::market).toList();
    }

    @Override
    public void close()
    {
        stop("closed");
    }
}
