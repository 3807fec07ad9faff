package dev.ticktape.simulator;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.util.List;
import java.util.Locale;

/**
 * How a {@link Simulator} runs: where it binds, which symbols it models, its seed and its pace.
 * Fluent setters; validated once by {@link Simulator#start}.
 */
public final class SimulatorConfig
{
    private String host = "127.0.0.1";
    private int port;
    private List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
    private long seed = 1;
    private double ticksPerSecond = 10;
    private long startMillis = -1;

    /** @param host the address to bind, loopback by default. @return this. */
    public SimulatorConfig host(final String host)
    {
        this.host = host;
        return this;
    }

    /** @param port the first port (the markets and REST take it and the next ones), 0 for ephemeral ports. @return this. */
    public SimulatorConfig port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @param symbols the symbols to model, in any case. @return this. */
    public SimulatorConfig symbols(final List<String> symbols)
    {
        this.symbols = List.copyOf(symbols);
        return this;
    }

    /** @param seed the seed: the same seed gives the same frames. @return this. */
    public SimulatorConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /** @param ticksPerSecond model steps per second per symbol; 0 or less for as fast as possible. @return this. */
    public SimulatorConfig ticksPerSecond(final double ticksPerSecond)
    {
        this.ticksPerSecond = ticksPerSecond;
        return this;
    }

    /** @param startMillis event time of the first step (epoch ms), -1 for the wall clock at start. @return this. */
    public SimulatorConfig startMillis(final long startMillis)
    {
        this.startMillis = startMillis;
        return this;
    }

    String host()
    {
        return host;
    }

    int port()
    {
        return port;
    }

    List<String> symbols()
    {
        return symbols;
    }

    long seed()
    {
        return seed;
    }

    double ticksPerSecond()
    {
        return ticksPerSecond;
    }

    long startMillis()
    {
        return startMillis;
    }

    void validate()
    {
        if (symbols.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "the simulator needs at least one symbol");
        }
        for (final String s : symbols)
        {
            if (!s.toUpperCase(Locale.ROOT).matches("[A-Z0-9]{2,20}"))
            {
                throw new TicktapeException(ErrorCode.USAGE, "not a symbol: '" + s + "'");
            }
        }
        if (port < 0 || port > 65532)
        {
            throw new TicktapeException(ErrorCode.USAGE, "port out of range: " + port);
        }
    }
}
