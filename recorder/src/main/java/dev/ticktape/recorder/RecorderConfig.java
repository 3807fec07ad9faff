package dev.ticktape.recorder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.Endpoints;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.TicktapeException;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to record and how: the journal, the streams of each market with their endpoints, and the
 * connection policy. Built from the command line or a YAML file ({@link #fromYaml}); the API key
 * is held here but never printed ({@link #describe()} leaves it out).
 */
public final class RecorderConfig
{
    /** Binance's production hosts, the defaults ({@link Endpoints#WEB_SOCKET}). */
    public static final Map<Market, URI> PRODUCTION = Endpoints.WEB_SOCKET;
    /** Binance's production REST hosts, for depth snapshots and listen keys ({@link Endpoints#REST}). */
    public static final Map<Market, URI> PRODUCTION_REST = Endpoints.REST;

    /**
     * The streams of one market and where to get them.
     *
     * @param market       the market.
     * @param streams      stream names, validated and lower-cased.
     * @param endpoint     the WebSocket base URL ({@code wss://host[:port]}).
     * @param restEndpoint the REST base URL for depth snapshots (and listen keys).
     * @param userData     whether to record the account's user-data stream too (spot and usdm): a
     *                     listen key is created with the API key and kept alive by the REST call.
     * @param all          {@code symbols: all}: every symbol of the market that passes its filters,
     *                     crossed with its stream types, besides {@code streams}; null for none.
     */
    public record MarketStreams(Market market, List<String> streams, URI endpoint, URI restEndpoint, boolean userData,
        AllSymbols all)
    {
        /** Market-data streams only. */
        public MarketStreams(final Market market, final List<String> streams, final URI endpoint, final URI restEndpoint)
        {
            this(market, streams, endpoint, restEndpoint, false, null);
        }

        /** Named streams (and perhaps user data), no {@code symbols: all}. */
        public MarketStreams(final Market market, final List<String> streams, final URI endpoint, final URI restEndpoint,
            final boolean userData)
        {
            this(market, streams, endpoint, restEndpoint, userData, null);
        }

        /**
         * @param resolved the streams {@link #all} names now.
         * @return these streams with the resolved ones added, and {@code symbols: all} resolved.
         */
        public MarketStreams resolved(final List<String> resolved)
        {
            final List<String> both = new ArrayList<>(streams);
            both.addAll(resolved);
            return new MarketStreams(market, both, endpoint, restEndpoint, userData, null);
        }

        /** Validates and normalises. */
        public MarketStreams
        {
            final Set<String> unique = new LinkedHashSet<>();
            for (final String s : streams)
            {
                final String n = StreamNames.normalise(s);
                if (n.isEmpty())
                {
                    continue;
                }
                if (!StreamNames.valid(market, n))
                {
                    throw new TicktapeException(ErrorCode.USAGE, "unknown " + market.wireName() + " stream '" + s + "'");
                }
                unique.add(n);
            }
            if (userData && market == Market.SPOT_SBE)
            {
                throw new TicktapeException(ErrorCode.USAGE, "user-data streams are JSON only: use --market spot or usdm for them");
            }
            if (unique.isEmpty() && !userData && all == null)
            {
                throw new TicktapeException(ErrorCode.USAGE, "no streams given for " + market.wireName());
            }
            if (all != null)
            {
                for (final String type : all.streamTypes())
                {
                    if (!StreamNames.valid(market, "btcusdt@" + type))
                    {
                        throw new TicktapeException(ErrorCode.USAGE, "unknown " + market.wireName() + " stream type '" + type + "'");
                    }
                }
            }
            streams = List.copyOf(unique);
            endpoint = checkUri(endpoint == null ? PRODUCTION.get(market) : endpoint, "ws", "wss");
            restEndpoint = checkUri(restEndpoint == null ? PRODUCTION_REST.get(market) : restEndpoint, "http", "https");
        }
    }

    /**
     * {@code symbols: all}: every symbol of a market that Binance's exchange information lists and
     * the filters let through, each crossed with the stream types. Resolved when the recording
     * starts, from the exchange information it fetches (and journals) then.
     *
     * @param streamTypes   the stream types ({@code trade}, {@code depth@100ms}, ...), at least one.
     * @param quoteAssets   only symbols quoted in these ({@code USDT}); empty for any.
     * @param contractTypes futures: only these contract types ({@code PERPETUAL}, {@code CURRENT_QUARTER}); empty for any.
     * @param statuses      only symbols in these states; {@code TRADING} when none is given.
     */
    public record AllSymbols(List<String> streamTypes, List<String> quoteAssets, List<String> contractTypes, List<String> statuses)
    {
        /** Validates and normalises. */
        public AllSymbols
        {
            streamTypes = streamTypes.stream().map(t -> t.strip()).filter(t -> !t.isEmpty()).toList();
            if (streamTypes.isEmpty())
            {
                throw new TicktapeException(ErrorCode.USAGE, "symbols: all needs the stream types to record (streamTypes, --stream-types)");
            }
            quoteAssets = upper(quoteAssets);
            contractTypes = upper(contractTypes);
            statuses = statuses.isEmpty() ? List.of("TRADING") : upper(statuses);
        }

        private static List<String> upper(final List<String> values)
        {
            return values.stream().map(v -> v.strip().toUpperCase(Locale.ROOT)).filter(v -> !v.isEmpty()).toList();
        }

        /**
         * @param exchangeInfo the market's exchange information ({@code GET /api/v3/exchangeInfo} or
         *                     {@code /fapi/v1/exchangeInfo}).
         * @return the symbols that pass, in the information's order.
         * @throws TicktapeException {@link ErrorCode#DATA} when it is not exchange information.
         */
        public List<String> select(final byte[] exchangeInfo)
        {
            final JsonNode symbols;
            try
            {
                symbols = new ObjectMapper().readTree(exchangeInfo).get("symbols");
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.DATA, "the exchange information is not JSON: " + e.getMessage(), e);
            }
            if (symbols == null || !symbols.isArray())
            {
                throw new TicktapeException(ErrorCode.DATA, "the exchange information lists no symbols");
            }
            final List<String> out = new ArrayList<>();
            for (final JsonNode s : symbols)
            {
                final String symbol = s.path("symbol").asText("");
                if (!symbol.isEmpty()
                    && statuses.contains(s.path("status").asText(""))
                    && (quoteAssets.isEmpty() || quoteAssets.contains(s.path("quoteAsset").asText("")))
                    && (contractTypes.isEmpty() || contractTypes.contains(s.path("contractType").asText(""))))
                {
                    out.add(symbol);
                }
            }
            return out;
        }

        /**
         * @param symbols symbols as exchange information spells them.
         * @return their streams: each symbol with each stream type.
         */
        public List<String> streamsOf(final List<String> symbols)
        {
            return cross(symbols, streamTypes);
        }
    }

    /** Each symbol with each stream type, {@code btcusdt@trade}: the streams a list of symbols and of types names. */
    private static List<String> cross(final List<String> symbols, final List<String> types)
    {
        final List<String> out = new ArrayList<>(symbols.size() * types.size());
        for (final String symbol : symbols)
        {
            for (final String type : types)
            {
                out.add(symbol.toLowerCase(Locale.ROOT) + "@" + type);
            }
        }
        return out;
    }

    private static final List<String> MARKET_KEYS = List.of("symbols", "streamTypes", "streams", "endpoint", "restEndpoint", "userData",
        "quoteAssets", "contractTypes", "status", "snapshotLimit");

    private Path journal;
    private final List<MarketStreams> markets = new ArrayList<>();
    private Duration duration;
    private int streamsPerConnection = 1024;
    private Duration rotateAfter = Duration.ofHours(23).plusMinutes(50);
    private Duration overlap = Duration.ofSeconds(5);
    private Duration silenceTimeout;
    private Duration statusInterval = Duration.ofSeconds(10);
    private Duration archiveAfter;
    private Duration retain;
    private long maxDiskBytes;
    private Duration archiveInterval = Duration.ofMinutes(1);
    private int metricsPort = -1;
    private String metricsHost = "127.0.0.1";
    private long minFreeBytes = 256L << 20;
    private int snapshotLimit = 1000;
    private final Map<Market, Integer> snapshotLimits = new java.util.EnumMap<>(Market.class);
    private int connectionAttemptsPer5Minutes = 300;
    private String apiKey;
    private boolean snapshots = true;
    private Duration listenKeyKeepAlive = Duration.ofMinutes(30);
    private Duration symbolsRefresh = Duration.ofMinutes(5);
    private EpochNanoClock clock = new OffsetEpochNanoClock();

    public RecorderConfig journal(final Path journal)
    {
        this.journal = journal;
        return this;
    }

    public RecorderConfig add(final MarketStreams streams)
    {
        for (final MarketStreams m : markets)
        {
            if (m.market() == streams.market())
            {
                throw new TicktapeException(ErrorCode.USAGE, "market " + streams.market().wireName() + " given twice");
            }
        }
        markets.add(streams);
        return this;
    }

    /** @param duration how long to record; null to record until stopped. */
    public RecorderConfig duration(final Duration duration)
    {
        this.duration = duration;
        return this;
    }

    /** @param n streams per connection, at most Binance's 1024. */
    public RecorderConfig streamsPerConnection(final int n)
    {
        if (n < 1 || n > 1024)
        {
            throw new TicktapeException(ErrorCode.USAGE, "streams per connection must be 1 to 1024, not " + n);
        }
        this.streamsPerConnection = n;
        return this;
    }

    /**
     * @param after seal journal hours into archives once they have been over this long; null for never.
     * @return this.
     */
    public RecorderConfig archiveAfter(final Duration after)
    {
        this.archiveAfter = after;
        return this;
    }

    /**
     * @param retain remove archived hours that ended longer ago than this; null for no limit by age.
     * @return this.
     */
    public RecorderConfig retain(final Duration retain)
    {
        this.retain = retain == null ? null : positive(retain, "retain");
        return this;
    }

    /**
     * @param bytes remove the oldest archived hours while the journal directory is larger than this; 0 for no limit.
     * @return this.
     */
    public RecorderConfig maxDiskBytes(final long bytes)
    {
        if (bytes < 0)
        {
            throw new TicktapeException(ErrorCode.USAGE, "max-disk must not be negative");
        }
        this.maxDiskBytes = bytes;
        return this;
    }

    /**
     * @param interval how often the archiver and retention look for work (default 1 minute; tests shorten it).
     * @return this.
     */
    public RecorderConfig archiveInterval(final Duration interval)
    {
        this.archiveInterval = positive(interval, "archive interval");
        return this;
    }

    Duration archiveAfter()
    {
        return archiveAfter;
    }

    Duration retain()
    {
        return retain;
    }

    long maxDiskBytes()
    {
        return maxDiskBytes;
    }

    Duration archiveInterval()
    {
        return archiveInterval;
    }

    /** @param rotateAfter when a connection is replaced ahead of Binance's 24-hour cut. */
    public RecorderConfig rotateAfter(final Duration rotateAfter)
    {
        this.rotateAfter = positive(rotateAfter, "rotate-after");
        return this;
    }

    /** @param overlap how long a replaced connection stays open once its replacement delivers. */
    public RecorderConfig overlap(final Duration overlap)
    {
        this.overlap = overlap;
        return this;
    }

    /** @param timeout a connection with no frame and no ping for this long is replaced; null for the market's default. */
    public RecorderConfig silenceTimeout(final Duration timeout)
    {
        this.silenceTimeout = timeout == null ? null : positive(timeout, "silence timeout");
        return this;
    }

    public RecorderConfig statusInterval(final Duration interval)
    {
        this.statusInterval = interval;
        return this;
    }

    /** @param port the Prometheus metrics port (0: ephemeral), -1 for none. */
    public RecorderConfig metricsPort(final int port)
    {
        if (port < -1 || port > 65535)
        {
            throw new TicktapeException(ErrorCode.USAGE, "metrics port " + port + " is not a port number (0 to 65535)");
        }
        this.metricsPort = port;
        return this;
    }

    public RecorderConfig metricsHost(final String host)
    {
        this.metricsHost = host;
        return this;
    }

    /** @param bytes recording stops, cleanly, when the journal's file system has less free space than this. */
    public RecorderConfig minFreeBytes(final long bytes)
    {
        this.minFreeBytes = bytes;
        return this;
    }

    /**
     * @param limit the levels a side of every REST depth snapshot (default 1000; spot takes up to
     *              5000, futures one of 5, 10, 20, 50, 100, 500, 1000, rounded up). A deeper
     *              snapshot costs more of the request weight (spot 50 at 1000 levels, futures 20).
     * @return this.
     */
    public RecorderConfig snapshotLimit(final int limit)
    {
        this.snapshotLimit = limit;
        return this;
    }

    /**
     * @param market the market whose snapshots take another depth than {@link #snapshotLimit(int)}'s:
     *               with thousands of books, a shallower one syncs more of them per minute of weight.
     * @param limit  its levels a side.
     * @return this.
     */
    public RecorderConfig snapshotLimit(final Market market, final int limit)
    {
        this.snapshotLimits.put(Endpoints.restMarket(market), limit);
        return this;
    }

    public RecorderConfig connectionAttemptsPer5Minutes(final int attempts)
    {
        this.connectionAttemptsPer5Minutes = attempts;
        return this;
    }

    /** @param snapshots whether to fetch REST depth snapshots for diff-depth streams and the markets' exchange information (default yes). */
    public RecorderConfig snapshots(final boolean snapshots)
    {
        this.snapshots = snapshots;
        return this;
    }

    /**
     * @param every how often the markets under {@code symbols: all} fetch their exchange information
     *              again, to follow listings and delistings (default 5 minutes: spot's weight 20 and
     *              futures' 1 each time).
     * @return this.
     */
    public RecorderConfig symbolsRefresh(final Duration every)
    {
        this.symbolsRefresh = positive(every, "the symbols refresh interval");
        return this;
    }

    /** @param every how often a user-data listen key is kept alive (default 30 minutes; keys expire after 60). */
    public RecorderConfig listenKeyKeepAlive(final Duration every)
    {
        this.listenKeyKeepAlive = positive(every, "the listen-key keep-alive interval");
        return this;
    }

    /**
     * @param clock the wall clock that stamps receive times and so decides when the journal rolls to
     *              its next hourly file (default: the system clock, to the nanosecond); tests move it
     *              to reach an hour's end in seconds.
     */
    public RecorderConfig clock(final EpochNanoClock clock)
    {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        return this;
    }

    EpochNanoClock clock()
    {
        return clock;
    }

    /** @param apiKey the API key sent as {@code X-MBX-APIKEY} (SBE); never logged or journaled. */
    public RecorderConfig apiKey(final String apiKey)
    {
        this.apiKey = apiKey;
        return this;
    }

    /** @return the journal directory. */
    public Path journal()
    {
        return journal;
    }

    List<MarketStreams> markets()
    {
        return markets;
    }

    Duration duration()
    {
        return duration;
    }

    int streamsPerConnection()
    {
        return streamsPerConnection;
    }

    Duration rotateAfter()
    {
        return rotateAfter;
    }

    Duration overlap()
    {
        return overlap;
    }

    Duration silenceTimeout(final Market market)
    {
        // Binance pings every 20 s on spot and every 3 minutes on futures; pings count as activity.
        return silenceTimeout != null ? silenceTimeout : market == Market.USDM ? Duration.ofMinutes(7) : Duration.ofMinutes(1);
    }

    Duration statusInterval()
    {
        return statusInterval;
    }

    int metricsPort()
    {
        return metricsPort;
    }

    String metricsHost()
    {
        return metricsHost;
    }

    long minFreeBytes()
    {
        return minFreeBytes;
    }

    int snapshotLimit()
    {
        return snapshotLimit;
    }

    /** The snapshot depth of the market: its own, or the one of every market. */
    int snapshotLimit(final Market market)
    {
        return snapshotLimits.getOrDefault(Endpoints.restMarket(market), snapshotLimit);
    }

    int connectionAttemptsPer5Minutes()
    {
        return connectionAttemptsPer5Minutes;
    }

    String apiKey()
    {
        return apiKey;
    }

    boolean snapshots()
    {
        return snapshots;
    }

    Duration listenKeyKeepAlive()
    {
        return listenKeyKeepAlive;
    }

    Duration symbolsRefresh()
    {
        return symbolsRefresh;
    }

    /** Checks the whole configuration before anything starts. */
    void validate()
    {
        if (journal == null)
        {
            throw new TicktapeException(ErrorCode.USAGE, "no journal directory given (--journal)");
        }
        if (markets.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "nothing to record: give --market and --streams, or --config");
        }
        for (final MarketStreams m : markets)
        {
            if (m.market() == Market.SPOT_SBE && (apiKey == null || apiKey.isBlank()))
            {
                throw new TicktapeException(ErrorCode.USAGE,
                    "spot-sbe streams need an API key: --api-key-file FILE or the TICKTAPE_API_KEY environment variable");
            }
            if (m.userData() && (apiKey == null || apiKey.isBlank()))
            {
                throw new TicktapeException(ErrorCode.USAGE,
                    "a user-data stream needs an API key: --api-key-file FILE or the TICKTAPE_API_KEY environment variable");
            }
        }
    }

    /** @return the configuration as text for the journal's recordingStarted event: no API key, ever. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        for (final MarketStreams m : markets)
        {
            sb.append(m.market().wireName()).append(' ').append(m.endpoint()).append(' ').append(m.restEndpoint())
                .append(' ').append(m.streams().size()).append(" streams: ").append(String.join(",", m.streams()))
                .append(m.userData() ? " +userData" : "")
                .append(m.all() == null ? "" : " +symbols: all (streamTypes " + m.all().streamTypes() + ", quoteAssets "
                    + m.all().quoteAssets() + ", contractTypes " + m.all().contractTypes() + ", status " + m.all().statuses() + ")")
                .append('\n');
        }
        sb.append("streamsPerConnection=").append(streamsPerConnection).append(" rotateAfter=").append(rotateAfter)
            .append(" overlap=").append(overlap).append(" snapshots=").append(snapshots)
            .append(" snapshotLimit=").append(snapshotLimit).append(snapshotLimits.isEmpty() ? "" : " " + snapshotLimits)
            .append(" archiveAfter=").append(archiveAfter == null ? "never" : archiveAfter)
            .append(" retain=").append(retain == null ? "forever" : retain)
            .append(" maxDisk=").append(maxDiskBytes == 0 ? "unlimited" : maxDiskBytes)
            .append(" apiKey=").append(apiKey == null ? "none" : "set");
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }

    /**
     * Reads a YAML configuration:
     * <pre>
     * journal: /var/lib/ticktape/journal      # optional when --journal is given
     * streamsPerConnection: 200               # optional
     * snapshots: true                         # optional: REST depth snapshots for diff streams
     * listenKeyKeepAlive: 30m                 # optional
     * symbolsRefresh: 5m                      # optional: how often symbols: all follows listings
     * archive:                                # optional: the compact archive and retention
     *   after: 2h                             #   seal hours this long after they end
     *   retain: 90d                           #   remove archived hours older than this
     *   maxDisk: 500G                         #   remove the oldest archived hours above this size
     * markets:
     *   spot:
     *     endpoint: wss://stream.binance.com:9443   # optional
     *     restEndpoint: https://api.binance.com     # optional
     *     symbols: [btcusdt, ethusdt]               # optional, crossed with streamTypes; or all:
     *     streamTypes: [depth@100ms, trade]
     *   usdm:
     *     symbols: all                              # every symbol exchange information lists, filtered:
     *     quoteAssets: [USDT]                       #   optional: only these quote assets
     *     contractTypes: [PERPETUAL]                #   optional (futures): only these contract types
     *     status: [TRADING]                         #   optional: only these states (default TRADING)
     *     snapshotLimit: 100                        #   optional: this market's snapshot depth
     *     streamTypes: [depth@100ms, aggTrade]
     *     streams: ["!miniTicker@arr"]              # optional, taken as they are
     *     userData: true                            # optional: the account's user-data stream
     * </pre>
     *
     * @param file the file.
     * @return the configuration.
     * @throws TicktapeException {@link ErrorCode#USAGE} for a malformed file, {@link ErrorCode#IO} if unreadable.
     */
    public static RecorderConfig fromYaml(final Path file)
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException e)
        {
            final String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + where + ": "
                + e.getOriginalMessage().lines().findFirst().orElse("").strip(), e);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read configuration " + file + ": " + e, e);
        }
        if (root == null || !root.isObject())
        {
            throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": expected a mapping at the top");
        }
        final RecorderConfig config = new RecorderConfig();
        final Set<String> known = Set.of("journal", "markets", "streamsPerConnection", "rotateAfter", "overlap",
            "silenceTimeout", "minFreeBytes", "snapshotLimit", "metricsPort", "snapshots", "listenKeyKeepAlive", "archive",
            "symbolsRefresh");
        for (final Iterator<String> it = root.fieldNames(); it.hasNext(); )
        {
            final String name = it.next();
            if (!known.contains(name))
            {
                throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": unknown key '" + name + "'");
            }
        }
        if (root.hasNonNull("journal"))
        {
            config.journal(Path.of(root.get("journal").asText()));
        }
        if (root.hasNonNull("streamsPerConnection"))
        {
            config.streamsPerConnection(root.get("streamsPerConnection").asInt());
        }
        if (root.hasNonNull("rotateAfter"))
        {
            config.rotateAfter(Durations.parse(root.get("rotateAfter").asText()));
        }
        if (root.hasNonNull("overlap"))
        {
            config.overlap(Durations.parse(root.get("overlap").asText()));
        }
        if (root.hasNonNull("silenceTimeout"))
        {
            config.silenceTimeout(Durations.parse(root.get("silenceTimeout").asText()));
        }
        if (root.hasNonNull("minFreeBytes"))
        {
            config.minFreeBytes(root.get("minFreeBytes").asLong());
        }
        if (root.hasNonNull("snapshotLimit"))
        {
            config.snapshotLimit(root.get("snapshotLimit").asInt());
        }
        if (root.hasNonNull("snapshots"))
        {
            config.snapshots(root.get("snapshots").asBoolean(true));
        }
        if (root.hasNonNull("listenKeyKeepAlive"))
        {
            config.listenKeyKeepAlive(Durations.parse(root.get("listenKeyKeepAlive").asText()));
        }
        if (root.hasNonNull("symbolsRefresh"))
        {
            config.symbolsRefresh(Durations.parse(root.get("symbolsRefresh").asText()));
        }
        if (root.hasNonNull("metricsPort"))
        {
            config.metricsPort(root.get("metricsPort").asInt());
        }
        final JsonNode archive = root.get("archive");
        if (archive != null && !archive.isNull())
        {
            if (!archive.isObject())
            {
                throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": 'archive' must be a mapping (after, retain, maxDisk)");
            }
            for (final Iterator<String> keys = archive.fieldNames(); keys.hasNext(); )
            {
                final String name = keys.next();
                if (!Set.of("after", "retain", "maxDisk").contains(name))
                {
                    throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": unknown key '" + name
                        + "' in 'archive' (after, retain, maxDisk)");
                }
            }
            if (archive.hasNonNull("after"))
            {
                config.archiveAfter(Durations.parse(archive.get("after").asText()));
            }
            if (archive.hasNonNull("retain"))
            {
                config.retain(Durations.parse(archive.get("retain").asText()));
            }
            if (archive.hasNonNull("maxDisk"))
            {
                config.maxDiskBytes(Sizes.parse(archive.get("maxDisk").asText()));
            }
        }
        final JsonNode markets = root.get("markets");
        if (markets == null || !markets.isObject() || markets.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": 'markets' must map market names to streams");
        }
        for (final Iterator<Map.Entry<String, JsonNode>> it = markets.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> e = it.next();
            final Market market;
            try
            {
                market = Market.fromName(e.getKey());
            }
            catch (final RuntimeException bad)
            {
                throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": unknown market '" + e.getKey()
                    + "' (spot, spot-sbe, usdm)");
            }
            final JsonNode m = e.getValue();
            if (m == null || !m.isObject())
            {
                throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": market '" + e.getKey()
                    + "' must be a mapping (symbols, streamTypes, streams, endpoint, restEndpoint, userData)");
            }
            for (final Iterator<String> keys = m.fieldNames(); keys.hasNext(); )
            {
                final String name = keys.next();
                if (!MARKET_KEYS.contains(name))
                {
                    throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": unknown key '" + name
                        + "' in market '" + e.getKey() + "' (" + String.join(", ", MARKET_KEYS) + ")");
                }
            }
            final List<String> streams = new ArrayList<>(texts(m.get("streams"), file));
            final List<String> types = texts(m.get("streamTypes"), file);
            final boolean all = m.has("symbols") && m.get("symbols").isTextual();
            AllSymbols allSymbols = null;
            if (all)
            {
                if (!m.get("symbols").asText().equals("all"))
                {
                    throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": symbols in market '" + e.getKey()
                        + "' must be a list or all");
                }
                allSymbols = new AllSymbols(types, texts(m.get("quoteAssets"), file), texts(m.get("contractTypes"), file),
                    texts(m.get("status"), file));
            }
            else
            {
                if (m.has("quoteAssets") || m.has("contractTypes") || m.has("status"))
                {
                    throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": quoteAssets, contractTypes and "
                        + "status in market '" + e.getKey() + "' filter symbols: all");
                }
                streams.addAll(cross(texts(m.get("symbols"), file), types));
            }
            if (m.hasNonNull("snapshotLimit"))
            {
                config.snapshotLimit(market, m.get("snapshotLimit").asInt());
            }
            config.add(new MarketStreams(market, streams,
                m.hasNonNull("endpoint") ? URI.create(m.get("endpoint").asText()) : null,
                m.hasNonNull("restEndpoint") ? URI.create(m.get("restEndpoint").asText()) : null,
                m.hasNonNull("userData") && m.get("userData").asBoolean(false), allSymbols));
        }
        return config;
    }

    private static List<String> texts(final JsonNode node, final Path file)
    {
        final List<String> out = new ArrayList<>();
        if (node == null || node.isNull())
        {
            return out;
        }
        if (!node.isArray())
        {
            throw new TicktapeException(ErrorCode.USAGE, "malformed configuration " + file + ": expected a list, got " + node);
        }
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static URI checkUri(final URI uri, final String plain, final String secure)
    {
        if (uri.getScheme() == null || !(uri.getScheme().equals(plain) || uri.getScheme().equals(secure)) || uri.getHost() == null)
        {
            throw new TicktapeException(ErrorCode.USAGE, "not a " + plain + ":// or " + secure + ":// URL: " + uri);
        }
        return uri;
    }

    private static Duration positive(final Duration d, final String what)
    {
        if (d == null || d.isNegative() || d.isZero())
        {
            throw new TicktapeException(ErrorCode.USAGE, what + " must be positive");
        }
        return d;
    }
}
