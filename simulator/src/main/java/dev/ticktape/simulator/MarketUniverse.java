package dev.ticktape.simulator;

import dev.ticktape.core.Market;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The symbols of a whole market and what exchange information says of each: the majors first
 * (BTC, ETH, BNB, ...), then generated base assets, each quoted in USDT and some also in BTC,
 * USDC, FDUSD, ETH or TRY on spot; USDⓈ-M perpetuals in USDT (some in USDC) and the majors'
 * current and next quarterly contracts ({@code BTCUSDT_261225}). The order is the order of
 * activity: the first symbols are the busiest ({@link #activity}).
 */
final class MarketUniverse
{
    private static final String[] MAJORS = {
        "BTC", "ETH", "BNB", "SOL", "XRP", "DOGE", "ADA", "TRX", "AVAX", "LINK", "DOT", "LTC", "BCH", "NEAR", "UNI",
        "ATOM", "ETC", "FIL", "APT", "ARB", "OP", "SUI", "PEPE", "SHIB", "TON", "INJ", "AAVE", "SEI", "TIA", "WLD" };
    /** Quote assets a symbol's name may end with, longest first where one ends another. */
    private static final String[] QUOTES = { "FDUSD", "USDT", "USDC", "TRY", "BTC", "ETH", "BNB", "EUR" };
    /** Perpetual contracts deliver at Binance's "never" (2100-12-25 08:00 UTC). */
    static final long PERPETUAL_DELIVERY = 4133404800000L;
    private static final DateTimeFormatter QUARTER_SUFFIX = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    private MarketUniverse()
    {
    }

    /**
     * The chance of a book event at a step for the symbol at this rank of activity (0 the busiest):
     * 1 for the first, a half at rank 4, a tenth near 40, a five-hundredth in the tail of 2,000.
     */
    static double activity(final int rank)
    {
        return 1.0 / (1.0 + rank / 4.0);
    }

    /**
     * @param market {@link Market#USDM} for contracts, else spot's (spot's SBE streams serve the same).
     * @param today  the day the contracts' quarters are counted from.
     * @return {@code count} symbols of the market, busiest first.
     */
    static List<String> symbols(final Market market, final int count, final long seed, final LocalDate today)
    {
        return market == Market.USDM ? futures(count, seed, today) : spot(count, seed);
    }

    /** @return the UTC day of a time in epoch milliseconds. */
    static LocalDate day(final long epochMillis)
    {
        return java.time.Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** @return {@code count} spot symbols, busiest first. */
    static List<String> spot(final int count, final long seed)
    {
        final List<String> symbols = new ArrayList<>(count);
        final java.util.Iterator<String> bases = bases(seed).iterator();
        for (int b = 0; symbols.size() < count; b++)
        {
            final String base = bases.next();
            add(symbols, count, base + "USDT");
            if (b % 2 == 1 && b > 0)
            {
                add(symbols, count, base + "BTC");
            }
            if (b % 3 == 0)
            {
                add(symbols, count, base + "USDC");
            }
            if (b % 5 == 0 && !base.equals("ETH"))
            {
                add(symbols, count, base + (b % 10 == 0 ? "FDUSD" : "ETH"));
            }
            if (b % 7 == 0)
            {
                add(symbols, count, base + "TRY");
            }
        }
        return symbols;
    }

    /**
     * @param today the day the contracts' quarters are counted from.
     * @return {@code count} USDⓈ-M contracts, busiest first.
     */
    static List<String> futures(final int count, final long seed, final LocalDate today)
    {
        final List<String> symbols = new ArrayList<>(count);
        final java.util.Iterator<String> bases = bases(seed).iterator();
        final LocalDate current = quarterEnd(today);
        final LocalDate next = quarterEnd(current.plusDays(1));
        for (int b = 0; symbols.size() < count; b++)
        {
            final String base = bases.next();
            add(symbols, count, base + "USDT");
            if (b < 2)
            {
                add(symbols, count, base + "USDT_" + QUARTER_SUFFIX.format(current));
                add(symbols, count, base + "USDT_" + QUARTER_SUFFIX.format(next));
            }
            if (b % 4 == 0)
            {
                add(symbols, count, base + "USDC");
            }
        }
        return symbols;
    }

    private static void add(final List<String> symbols, final int count, final String symbol)
    {
        if (symbols.size() < count)
        {
            symbols.add(symbol);
        }
    }

    /** The majors, then base assets of 3 to 6 letters drawn from the seed, never one twice. */
    private static Iterable<String> bases(final long seed)
    {
        return () -> new java.util.Iterator<>()
        {
            private final SplittableRandom random = new SplittableRandom(seed);
            private final Set<String> seen = new LinkedHashSet<>(List.of(MAJORS));
            private int major;

            @Override
            public boolean hasNext()
            {
                return true;
            }

            @Override
            public String next()
            {
                if (major < MAJORS.length)
                {
                    return MAJORS[major++];
                }
                while (true)
                {
                    final StringBuilder sb = new StringBuilder();
                    final int length = 3 + random.nextInt(4);
                    for (int i = 0; i < length; i++)
                    {
                        sb.append((char) ('A' + random.nextInt(26)));
                    }
                    final String base = sb.toString();
                    if (seen.add(base) && quoteOf(base) == null)
                    {
                        return base;
                    }
                }
            }
        };
    }

    /** The last Friday of the quarter holding {@code day} (the delivery day of its quarterly contract), or the next one's when passed. */
    static LocalDate quarterEnd(final LocalDate day)
    {
        final int lastMonth = ((day.getMonthValue() - 1) / 3) * 3 + 3;
        final LocalDate end = LocalDate.of(day.getYear(), lastMonth, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.FRIDAY));
        return day.isAfter(end) ? quarterEnd(end.plusDays(7)) : end;
    }

    /** The quote asset a symbol's name ends with (before a quarterly suffix), or null. */
    static String quoteOf(final String symbol)
    {
        final String pair = pairOf(symbol);
        for (final String quote : QUOTES)
        {
            if (pair.endsWith(quote) && pair.length() > quote.length())
            {
                return quote;
            }
        }
        return null;
    }

    /** The quote asset exchange information gives a symbol: its ending, USDT for a name with none known. */
    static String quoteAsset(final String symbol)
    {
        final String quote = quoteOf(symbol);
        return quote == null ? "USDT" : quote;
    }

    /** The base asset: the pair without its quote asset. */
    static String baseAsset(final String symbol)
    {
        final String pair = pairOf(symbol);
        final String quote = quoteOf(symbol);
        return quote == null ? pair : pair.substring(0, pair.length() - quote.length());
    }

    /** {@code BTCUSDT_261225} belongs to the pair {@code BTCUSDT}; a perpetual is its own pair. */
    static String pairOf(final String symbol)
    {
        final int underscore = symbol.indexOf('_');
        return underscore < 0 ? symbol : symbol.substring(0, underscore);
    }

    /** A futures contract's type: PERPETUAL, or CURRENT_QUARTER / NEXT_QUARTER by its delivery day against today's quarter. */
    static String contractType(final String symbol, final LocalDate today)
    {
        final LocalDate delivery = deliveryDay(symbol);
        if (delivery == null)
        {
            return "PERPETUAL";
        }
        return delivery.equals(quarterEnd(today)) || delivery.isBefore(quarterEnd(today)) ? "CURRENT_QUARTER" : "NEXT_QUARTER";
    }

    /** A futures contract's delivery time (epoch ms, 08:00 UTC of its day), {@link #PERPETUAL_DELIVERY} for a perpetual. */
    static long deliveryMillis(final String symbol)
    {
        final LocalDate delivery = deliveryDay(symbol);
        return delivery == null ? PERPETUAL_DELIVERY : delivery.atTime(8, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static LocalDate deliveryDay(final String symbol)
    {
        final int underscore = symbol.indexOf('_');
        return underscore < 0 ? null : LocalDate.parse(symbol.substring(underscore + 1), QUARTER_SUFFIX);
    }
}
