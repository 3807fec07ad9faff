package dev.ticktape.replayer;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@link ReplayServer} serves: journals, where, from when, how fast. */
public final class ServeOptions
{
    private final List<Path> journals = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port;
    private double speed = 1.0;
    private long from = Long.MIN_VALUE;
    private long to = Long.MAX_VALUE;
    private int maxConnections = 256;

    public ServeOptions journal(final Path journal)
    {
        journals.add(journal);
        return this;
    }

    public ServeOptions journals(final List<Path> journals)
    {
        this.journals.addAll(journals);
        return this;
    }

    /** @param host the address to bind (default loopback). @return this. */
    public ServeOptions host(final String host)
    {
        this.host = host;
        return this;
    }

    /** @param port spot's port; spot SBE gets port + 1, USDⓈ-M port + 2 (0: ephemeral ports). @return this. */
    public ServeOptions port(final int port)
    {
        if (port < 0 || port > 65533)
        {
            throw new TicktapeException(ErrorCode.USAGE, "port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /** @param speed as {@link ReplayOptions#speed}. @return this. */
    public ServeOptions speed(final double speed)
    {
        new ReplayOptions().speed(speed); // validates
        this.speed = speed;
        return this;
    }

    /** @param epochNanos where every connection's replay starts. @return this. */
    public ServeOptions from(final long epochNanos)
    {
        this.from = epochNanos;
        return this;
    }

    /** @param epochNanos where every connection's replay ends (exclusive). @return this. */
    public ServeOptions to(final long epochNanos)
    {
        this.to = epochNanos;
        return this;
    }

    /** @param n connections per market endpoint at most (default 256). @return this. */
    public ServeOptions maxConnections(final int n)
    {
        this.maxConnections = n;
        return this;
    }

    List<Path> journals()
    {
        return journals;
    }

    String host()
    {
        return host;
    }

    int port()
    {
        return port;
    }

    double speed()
    {
        return speed;
    }

    long from()
    {
        return from;
    }

    long to()
    {
        return to;
    }

    int maxConnections()
    {
        return maxConnections;
    }

    /** The options of one connection's replay of one market. */
    ReplayOptions replay(final dev.ticktape.core.Market market)
    {
        final ReplayOptions o = new ReplayOptions().journals(journals).market(market).speed(speed);
        if (from != Long.MIN_VALUE)
        {
            o.from(from);
        }
        if (to != Long.MAX_VALUE)
        {
            o.to(to);
        }
        return o;
    }

    void validate()
    {
        if (journals.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "no journal to serve");
        }
    }
}
