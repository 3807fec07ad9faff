package dev.ticktape.core.binance;

import dev.ticktape.core.Market;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Binance's stream names per market, as the reference kit lists them: which names a market serves
 * (the recorder refuses others before anything connects), the futures route of each
 * ({@code /public} for book data, {@code /market} for the rest), diff-depth streams, a stream's
 * symbol, and names as users write them made into Binance's spelling. The one place the recorder,
 * the simulator and the replay server read stream names from.
 */
public final class StreamNames
{
    /**
     * The name a journal gives the REST frame of a market's exchange information, which the
     * recorder journals when it starts and once a day (REST depth snapshots are named after the
     * diff stream they bootstrap).
     */
    public static final String EXCHANGE_INFO = "exchangeInfo";

    private static final String SYMBOL = "[a-z0-9]{2,30}";
    /** A futures symbol: a perpetual's, or a delivery contract's {@code <pair>_<YYMMDD>} ({@code btcusdt_250926}). */
    private static final String CONTRACT = SYMBOL + "(_[0-9]{6})?";
    private static final String INTERVAL = "(1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M)";
    private static final Pattern SPOT = Pattern.compile(
        SYMBOL + "@(aggTrade|trade|blockTrade|referencePrice|bookTicker|avgPrice|miniTicker|ticker|ticker_(1h|4h|1d)"
            + "|kline_" + INTERVAL + "(@\\+08:00)?|depth(5|10|20)?(@100ms)?)"
            + "|!miniTicker@arr|!ticker@arr|!ticker_(1h|4h|1d)@arr");
    private static final Pattern SBE = Pattern.compile(SYMBOL + "@(trade|bestBidAsk|depth|depth20)");
    private static final Pattern USDM_PUBLIC = Pattern.compile(
        CONTRACT + "@(bookTicker|depth(5|10|20)?(@100ms|@500ms)?|rpiDepth@500ms)|!bookTicker");
    private static final Pattern USDM_MARKET = Pattern.compile(
        CONTRACT + "@(aggTrade|markPrice(@1s)?|kline_" + INTERVAL + "|miniTicker|ticker|forceOrder|compositeIndex|assetIndex)"
            + "|" + SYMBOL + "_(perpetual|current_quarter|next_quarter|tradifi_perpetual)@continuousKline_" + INTERVAL
            + "|!markPrice@arr(@1s)?|!miniTicker@arr|!ticker@arr|!forceOrder@arr|!contractInfo|!assetIndex@arr|tradingSession");
    /** What follows the symbol in a diff-depth stream's name, on every market. */
    private static final String[] DIFF_DEPTH_SUFFIXES = { "@depth", "@depth@100ms", "@depth@500ms", "@rpiDepth@500ms" };
    private static final byte[][] DIFF_DEPTH_SUFFIX_BYTES = java.util.Arrays.stream(DIFF_DEPTH_SUFFIXES)
        .map(x -> x.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final Pattern SYMBOL_ONLY = Pattern.compile(CONTRACT);

    private StreamNames()
    {
    }

    /**
     * @param market the market.
     * @param stream a stream name.
     * @return whether the market serves it.
     */
    public static boolean valid(final Market market, final String stream)
    {
        return switch (market)
        {
            case SPOT -> SPOT.matcher(stream).matches();
            case SPOT_SBE -> SBE.matcher(stream).matches();
            case USDM -> USDM_PUBLIC.matcher(stream).matches() || USDM_MARKET.matcher(stream).matches();
        };
    }

    /**
     * @param symbol a symbol as exchange information spells it.
     * @return whether ticktape can name its streams: ASCII letters and digits, a delivery contract's
     * {@code _YYMMDD} after them (Binance has listed symbols in other scripts since 2025; their stream
     * names are not documented).
     */
    public static boolean subscribableSymbol(final String symbol)
    {
        return SYMBOL_ONLY.matcher(symbol.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    /**
     * @param market the market.
     * @param stream a stream name.
     * @return the futures route of a stream: {@code public} or {@code market}; "" for spot.
     */
    public static String route(final Market market, final String stream)
    {
        if (market != Market.USDM)
        {
            return "";
        }
        return USDM_PUBLIC.matcher(stream).matches() ? "public" : "market";
    }

    /**
     * @param stream a stream name.
     * @return whether a stream is a diff-depth stream, which a REST snapshot bootstraps.
     */
    public static boolean diffDepth(final String stream)
    {
        final int at = stream.indexOf('@');
        return at > 0 && SYMBOL_ONLY.matcher(stream.substring(0, at)).matches()
            && java.util.Arrays.asList(DIFF_DEPTH_SUFFIXES).contains(stream.substring(at));
    }

    /**
     * {@link #diffDepth(String)} on a name's ASCII bytes where they lie, allocating nothing, for the
     * recorder's read threads: the part after the first {@code @} is a diff-depth suffix (the symbol
     * is not checked: the name comes from a frame Binance sent).
     *
     * @param a      the bytes.
     * @param from   where the name starts.
     * @param length its length.
     * @return whether the name is a diff-depth stream's.
     */
    public static boolean diffDepth(final byte[] a, final int from, final int length)
    {
        int at = -1;
        for (int i = 0; i < length; i++)
        {
            if (a[from + i] == '@')
            {
                at = i;
                break;
            }
        }
        if (at <= 0)
        {
            return false;
        }
        for (final byte[] suffix : DIFF_DEPTH_SUFFIX_BYTES)
        {
            if (length - at == suffix.length && java.util.Arrays.equals(a, from + at, from + length, suffix, 0, suffix.length))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param stream a stream name.
     * @return the REST symbol of a stream ({@code btcusdt@depth} gives {@code BTCUSDT}).
     */
    public static String symbol(final String stream)
    {
        final int at = stream.indexOf('@');
        return (at < 0 ? stream : stream.substring(0, at)).toUpperCase(Locale.ROOT);
    }

    /**
     * Lower-cases the symbol part, as Binance's stream names want, leaving {@code kline_1M} and the
     * all-market names ({@code !bookTicker}, {@code tradingSession}) alone.
     *
     * @param stream a stream name as a user or a client wrote it.
     * @return the name as Binance spells it.
     */
    public static String normalise(final String stream)
    {
        final String s = stream.trim();
        final int at = s.indexOf('@');
        return at < 0 ? (s.startsWith("!") || s.equals("tradingSession") ? s : s.toLowerCase(Locale.ROOT))
            : s.substring(0, at).toLowerCase(Locale.ROOT) + s.substring(at);
    }
}
