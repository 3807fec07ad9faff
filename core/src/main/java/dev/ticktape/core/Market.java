package dev.ticktape.core;

/**
 * The Binance market-data services ticktape records. The id is what the journal stores; the name
 * is what users type and what JSON output shows.
 */
public enum Market
{
    /** Spot JSON streams ({@code wss://stream.binance.com:9443}). */
    SPOT(1, "spot"),
    /** Spot SBE binary streams ({@code wss://stream-sbe.binance.com:9443}). */
    SPOT_SBE(2, "spot-sbe"),
    /** USDⓈ-M futures streams ({@code wss://fstream.binance.com}). */
    USDM(3, "usdm");

    private static final Market[] BY_ID = new Market[4];

    static
    {
        for (final Market m : values())
        {
            BY_ID[m.id] = m;
        }
    }

    private final int id;
    private final String wireName;

    Market(final int id, final String wireName)
    {
        this.id = id;
        this.wireName = wireName;
    }

    /**
     * @return the id stored in the journal (1..3).
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the name users type and JSON output shows: {@code spot}, {@code spot-sbe}, {@code usdm}.
     */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param id a journal market id.
     * @return the market, or {@code null} if the id is not known.
     */
    public static Market fromId(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * @param name a market name as users type it.
     * @return the market.
     * @throws TicktapeException with {@link ErrorCode#USAGE} if the name is not known.
     */
    public static Market fromName(final String name)
    {
        for (final Market m : values())
        {
            if (m.wireName.equals(name))
            {
                return m;
            }
        }
        throw new TicktapeException(ErrorCode.USAGE, "unknown market '" + name + "' (expected spot, spot-sbe or usdm)");
    }

    @Override
    public String toString()
    {
        return wireName;
    }
}
