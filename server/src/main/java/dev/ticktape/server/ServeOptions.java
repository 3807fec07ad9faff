package dev.ticktape.server;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.replayer.ReplayOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What {@link ReplayServer} serves: the replay (journals, range, pace, whose clock), and where. */
public final class ServeOptions
{
    /** Whose clock a connection's frames follow. */
    public enum Clock
    {
        /** One replay clock for the serve run: every connection and every REST call see the same moment (the default). */
        SHARED,
        /** Each connection replays from the start on its own, at once (REST has no moment to answer at). */
        PER_CONNECTION
    }

    /** The default settle window: how long no connection may change its streams before the shared clock starts. */
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(500);
    /** How long a control message's reply, and what it changes, waits: about a network's round trip on loopback. */
    static final long REPLY_DELAY_NANOS = 5_000_000L;

    /** The replay the clock (or each connection's) runs, on a thread of its own: it parks between records rather than spin. */
    private final ReplayOptions replay = new ReplayOptions().spinWindow(0);
    private String host = "127.0.0.1";
    private int port;
    private int maxConnections = 256;
    private int maxConnectionsPerClient = 64;
    private int messagesPerSecond;
    private Clock clock = Clock.SHARED;
    private long settleNanos = DEFAULT_SETTLE.toNanos();

    public ServeOptions journal(final Path journal)
    {
        replay.journal(journal);
        return this;
    }

    public ServeOptions journals(final List<Path> journals)
    {
        replay.journals(journals);
        return this;
    }

    /** @param host the address to bind (default loopback). @return this. */
    public ServeOptions host(final String host)
    {
        this.host = host;
        return this;
    }

    /** @param port spot's port; spot SBE gets port + 1, USDⓈ-M port + 2, REST port + 3 (0: ephemeral ports). @return this. */
    public ServeOptions port(final int port)
    {
        if (port < 0 || port > 65532)
        {
            throw new TicktapeException(ErrorCode.USAGE, "port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /** @param speed as {@link ReplayOptions#speed}. @return this. */
    public ServeOptions speed(final double speed)
    {
        replay.speed(speed);
        return this;
    }

    /** @param epochNanos where the replay starts (every connection's, with a clock per connection). @return this. */
    public ServeOptions from(final long epochNanos)
    {
        replay.from(epochNanos);
        return this;
    }

    /** @param epochNanos where the replay ends (exclusive). @return this. */
    public ServeOptions to(final long epochNanos)
    {
        replay.to(epochNanos);
        return this;
    }

    /** @param n connections per market endpoint at most (default 256). @return this. */
    public ServeOptions maxConnections(final int n)
    {
        this.maxConnections = n;
        return this;
    }

    /**
     * @param n connections one client address may hold per market endpoint at most (default 64), so
     *          that one client cannot take every slot. @return this.
     */
    public ServeOptions maxConnectionsPerClient(final int n)
    {
        if (n < 1)
        {
            throw new TicktapeException(ErrorCode.USAGE, "connections per client must be at least 1: " + n);
        }
        this.maxConnectionsPerClient = n;
        return this;
    }

    /**
     * @param n incoming messages (control messages, pings, pongs) a connection may send per second
     *          before it is closed with 1008; 0 (the default) for Binance's limits: 5 on spot, 10 on futures.
     * @return this.
     */
    public ServeOptions messagesPerSecond(final int n)
    {
        if (n < 0)
        {
            throw new TicktapeException(ErrorCode.USAGE, "messages per second must not be negative: " + n);
        }
        this.messagesPerSecond = n;
        return this;
    }

    /** @param clock one clock for the run (default) or one per connection. @return this. */
    public ServeOptions clock(final Clock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @param settle how long no connection may subscribe or unsubscribe before the shared clock
     *               starts (default {@link #DEFAULT_SETTLE}), at least 0.
     * @return this.
     */
    public ServeOptions settle(final Duration settle)
    {
        if (settle.isNegative())
        {
            throw new TicktapeException(ErrorCode.USAGE, "the settle window cannot be negative: " + settle);
        }
        this.settleNanos = settle.toNanos();
        return this;
    }

    Clock clock()
    {
        return clock;
    }

    long settleNanos()
    {
        return settleNanos;
    }

    double speed()
    {
        return replay.speed();
    }

    long from()
    {
        return replay.from();
    }

    /** The HTTP port: after the three WebSocket ports, or ephemeral with them. */
    int restPort()
    {
        return port == 0 ? 0 : port + 3;
    }

    /** The shared clock's replay: every market. */
    ReplayOptions sharedReplay()
    {
        return replay.copy();
    }

    int maxConnectionsPerClient()
    {
        return maxConnectionsPerClient;
    }

    int messagesPerSecond(final Market market)
    {
        return messagesPerSecond > 0 ? messagesPerSecond : market == Market.USDM ? 10 : 5;
    }

    List<Path> journals()
    {
        return replay.journals();
    }

    String host()
    {
        return host;
    }

    int port()
    {
        return port;
    }

    int maxConnections()
    {
        return maxConnections;
    }

    /** The options of one connection's replay of one market. */
    ReplayOptions replay(final Market market)
    {
        return replay.copy().market(market);
    }

    void validate()
    {
        // the journals and the range, at start rather than at each connection
        replay.selection().validate("serve");
    }
}
