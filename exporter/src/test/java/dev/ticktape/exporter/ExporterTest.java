package dev.ticktape.exporter;

import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.decode.BookTickerEvent;
import dev.ticktape.core.decode.Brackets;
import dev.ticktape.core.decode.ContractInfoEvent;
import dev.ticktape.core.decode.DecodeErrorHandler;
import dev.ticktape.core.decode.DepthSnapshotEvent;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.EventType;
import dev.ticktape.core.decode.KlineEvent;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.decode.CompositeIndexEvent;
import dev.ticktape.core.decode.PartialDepthEvent;
import dev.ticktape.core.decode.PriceLevels;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.replayer.ReplayOptions;
import dev.ticktape.replayer.Replayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exports a journal of every reference-kit sample and SBE vector, and reads the Parquet back with
 * DuckDB's JDBC driver, an independent reader, against what the decoders deliver.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExporterTest
{
    @TempDir
    static Path shared;
    static Path journal;
    static Path out;
    static ExportSummary summary;
    static Connection duck;

    /** What decoding the journal delivers, the reference for counts and values. */
    static final Map<EventType, Long> expectedRows = new EnumMap<>(EventType.class);
    static final List<Object[]> trades = new ArrayList<>();
    static final List<Object[]> depthLevels = new ArrayList<>();
    static final List<Object[]> klines = new ArrayList<>();
    static final List<Object[]> bookTickers = new ArrayList<>();
    static final List<Object[]> brackets = new ArrayList<>();
    static long frames;

    @BeforeAll
    static void exportSamples() throws Exception
    {
        journal = shared.resolve("journal");
        out = shared.resolve("out");
        SampleJournal.write(journal, 4);
        decodeReference();
        summary = Exporter.export(new ExportOptions().journal(journal).out(out));
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void closeDuck() throws SQLException
    {
        duck.close();
    }

    private static long micros(final MarketEvent e, final long t)
    {
        return e.timeUnit() == TimeUnit.MILLISECONDS ? t * 1000 : t;
    }

    private static void decodeReference()
    {
        final MarketDataListener listener = new MarketDataListener()
        {
            @Override
            public void onEvent(final JournalFrame frame, final MarketEvent event)
            {
                final long n = switch (event.type())
                {
                    case DEPTH_UPDATE -> levels(((DepthUpdateEvent) event).bids(), ((DepthUpdateEvent) event).asks());
                    case PARTIAL_DEPTH -> levels(((PartialDepthEvent) event).bids(), ((PartialDepthEvent) event).asks());
                    case DEPTH_SNAPSHOT -> levels(((DepthSnapshotEvent) event).bids(), ((DepthSnapshotEvent) event).asks());
                    case CONTRACT_INFO -> Math.max(1, ((ContractInfoEvent) event).brackets().count());
                    case COMPOSITE_INDEX -> Math.max(1, ((CompositeIndexEvent) event).components().count());
                    default -> 1;
                };
                expectedRows.merge(event.type(), n, Long::sum);
            }

            @Override
            public void onTrade(final JournalFrame frame, final TradeEvent e)
            {
                onEvent(frame, e);
                trades.add(new Object[] {frame.recvEpochNanos(), frame.market().wireName(), e.symbol().toString(), e.tradeId(),
                    e.price().toBigDecimal(), e.quantity().toBigDecimal(), micros(e, e.tradeTime()), micros(e, e.eventTime()),
                    e.buyerMaker()});
            }

            @Override
            public void onBookTicker(final JournalFrame frame, final BookTickerEvent e)
            {
                onEvent(frame, e);
                bookTickers.add(new Object[] {frame.recvEpochNanos(), e.symbol().toString(), e.bidPrice().toBigDecimal(),
                    e.bidQuantity().toBigDecimal(), e.askPrice().toBigDecimal(), e.askQuantity().toBigDecimal()});
            }

            @Override
            public void onDepthUpdate(final JournalFrame frame, final DepthUpdateEvent e)
            {
                onEvent(frame, e);
                addLevels(frame, e.firstUpdateId(), e.lastUpdateId(), "bid", e.bids());
                addLevels(frame, e.firstUpdateId(), e.lastUpdateId(), "ask", e.asks());
            }

            @Override
            public void onKline(final JournalFrame frame, final KlineEvent e)
            {
                onEvent(frame, e);
                klines.add(new Object[] {frame.recvEpochNanos(), e.interval().toString(), micros(e, e.openTime()),
                    e.open().toBigDecimal(), e.close().toBigDecimal(), e.volume().toBigDecimal(), e.quoteVolume().toBigDecimal(),
                    e.tradeCount(), e.closed()});
            }

            @Override
            public void onContractInfo(final JournalFrame frame, final ContractInfoEvent e)
            {
                onEvent(frame, e);
                for (int i = 0; i < e.brackets().count(); i++)
                {
                    final Brackets.Bracket b = e.brackets().get(i);
                    brackets.add(new Object[] {frame.recvEpochNanos(), b.bracket(), b.floorNotional().toBigDecimal(),
                        b.capNotional().toBigDecimal(), b.maintenanceMarginRatio().toBigDecimal()});
                }
            }
        };
        final MarketDataDecoder decoder = new MarketDataDecoder(listener, DecodeErrorHandler.IGNORE);
        try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed()))
        {
            frames = r.run(decoder, decoder).frames();
        }
    }

    private static long levels(final PriceLevels bids, final PriceLevels asks)
    {
        return bids.count() + asks.count();
    }

    private static void addLevels(final JournalFrame frame, final long first, final long last, final String side,
        final PriceLevels levels)
    {
        for (int i = 0; i < levels.count(); i++)
        {
            depthLevels.add(new Object[] {frame.recvEpochNanos(), frame.market().wireName(), first, last, side, i,
                levels.price(i, new dev.ticktape.core.decode.Decimal()).toBigDecimal(),
                levels.quantity(i, new dev.ticktape.core.decode.Decimal()).toBigDecimal()});
        }
    }

    /** The exact receive time, epoch nanoseconds, from the two receive-time columns. */
    private static final String RECV_NS = "epoch_us(recv_time) * 1000 + recv_sub_us AS recv_ns";

    private static String glob(final Path dir, final String table)
    {
        return "'" + dir.resolve("type=" + table) + "/*/*.parquet'";
    }

    private static List<Object[]> query(final String sql) throws SQLException
    {
        final List<Object[]> rows = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            final int n = rs.getMetaData().getColumnCount();
            while (rs.next())
            {
                final Object[] row = new Object[n];
                for (int i = 0; i < n; i++)
                {
                    row[i] = rs.getObject(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long count(final Path dir, final String table) throws SQLException
    {
        return ((Number) query("SELECT count(*) FROM read_parquet(" + glob(dir, table) + ")").get(0)[0]).longValue();
    }

    @Test
    void everyTableHoldsAsManyRowsAsTheDecodersDeliverEvents() throws SQLException
    {
        assertFalse(expectedRows.isEmpty());
        for (final Map.Entry<EventType, Long> e : expectedRows.entrySet())
        {
            final String table = e.getKey().wireName();
            assertEquals(e.getValue(), count(out, table), table);
            assertEquals(e.getValue(), summary.rows().get(table), table + " in the summary");
        }
        assertEquals(frames, count(out, "raw"));
        assertTrue(expectedRows.size() >= 15, "the samples reach most tables: " + expectedRows.keySet());
        // 3 opens, a gap, a close and a stop
        assertEquals(6, count(out, "sessions"));
        assertEquals(summary.rows().keySet().stream().filter(t -> !expectedRows.containsKey(type(t))).sorted().toList(),
            List.of("raw", "sessions"));
    }

    private static EventType type(final String table)
    {
        return Stream.of(EventType.values()).filter(t -> t.wireName().equals(table)).findFirst().orElse(null);
    }

    @Test
    void tradesRoundTripExactlyIncludingSbeInMicroseconds() throws SQLException
    {
        final List<Object[]> got = query("SELECT " + RECV_NS + ", market, symbol, trade_id, price, quantity, "
            + "epoch_us(trade_time), epoch_us(event_time), buyer_maker FROM read_parquet(" + glob(out, "trade")
            + ") ORDER BY recv_ns, trade_id");
        assertTrue(trades.stream().anyMatch(t -> t[1].equals("spot-sbe")), "SBE trades go to the trade table");
        assertRows(trades, got);
    }

    @Test
    void depthLevelsRoundTripOneRowPerLevel() throws SQLException
    {
        final List<Object[]> got = query("SELECT " + RECV_NS + ", market, first_update_id, last_update_id, side, level, "
            + "price, quantity FROM read_parquet(" + glob(out, "depthUpdate") + ") ORDER BY recv_ns, side DESC, level");
        depthLevels.sort((a, b) -> a[0].equals(b[0]) ? (a[4].equals(b[4]) ? Integer.compare((int) a[5], (int) b[5])
            : ((String) b[4]).compareTo((String) a[4])) : Long.compare((long) a[0], (long) b[0]));
        assertRows(depthLevels, got);
    }

    @Test
    void bookTickersKlinesAndBracketsRoundTrip() throws SQLException
    {
        final List<Object[]> bt = query("SELECT " + RECV_NS + ", symbol, bid_price, bid_quantity, ask_price, ask_quantity "
            + "FROM read_parquet(" + glob(out, "bookTicker") + ") ORDER BY recv_ns");
        assertRows(bookTickers, bt);
        final List<Object[]> k = query("SELECT " + RECV_NS + ", interval, epoch_us(open_time), open, close, volume, "
            + "quote_volume, trade_count, closed FROM read_parquet(" + glob(out, "kline") + ") ORDER BY recv_ns");
        assertRows(klines, k);
        final List<Object[]> b = query("SELECT " + RECV_NS + ", bracket, floor_notional, cap_notional, "
            + "maintenance_margin_ratio FROM read_parquet(" + glob(out, "contractInfo") + ") WHERE bracket IS NOT NULL "
            + "ORDER BY recv_ns, bracket");
        assertFalse(brackets.isEmpty());
        assertRows(brackets, b);
    }

    @Test
    void eventRowsAreGroupedBySymbolMarketAndStreamWithinBlocksInReceiveOrder(@TempDir final Path dir) throws Exception
    {
        final Path trades = dir.resolve("trades");
        final String[] symbols = {"BTCUSDT", "ETHUSDT", "BNBUSDT"};
        final int n = 5000;
        try (JournalWriter w = JournalWriter.open(trades))
        {
            for (int i = 0; i < n; i++)
            {
                // skewed, so that a key fills more than one batch in a block
                final String symbol = symbols[i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2];
                final Market market = i % 4 == 3 ? Market.USDM : Market.SPOT;
                final long t = SampleJournal.T0 + i * SampleJournal.MS + i * 7919L % SampleJournal.MS;
                final byte[] frame = ("{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                    + t / SampleJournal.MS + ",\"s\":\"" + symbol + "\",\"t\":" + i + ",\"p\":\"1." + i + "\",\"q\":\"2\",\"T\":"
                    + t / SampleJournal.MS + ",\"m\":true,\"M\":true}}").getBytes(StandardCharsets.UTF_8);
                w.appendFrame(market, market == Market.SPOT ? 1 : 2, FrameKind.TEXT, t, t, null, frame, 0, frame.length);
            }
        }
        final int block = 1000;
        final Path parquet = dir.resolve("out");
        Exporter.export(new ExportOptions().journal(trades).out(parquet).type("trade").blockRows(block));

        final List<Object[]> rows = query("SELECT symbol, market, stream, " + RECV_NS + ", trade_id FROM read_parquet("
            + glob(parquet, "trade") + ", file_row_number = true) ORDER BY file_row_number");
        assertEquals(n, rows.size());
        assertEquals(n, rows.stream().mapToLong(r -> (long) r[4]).distinct().count(), "every trade once");
        for (final Object[] r : rows)
        {
            final long id = (long) r[4];
            assertEquals(SampleJournal.T0 + id * SampleJournal.MS + id * 7919L % SampleJournal.MS, (long) r[3],
                "receive time to the nanosecond");
        }
        final Comparator<Object[]> byKeyThenTime = Comparator.<Object[], String>comparing(r -> (String) r[0])
            .thenComparing(r -> (String) r[1]).thenComparing(r -> (String) r[2]).thenComparingLong(r -> (long) r[3]);
        for (int from = 0; from < n; from += block)
        {
            final List<Object[]> inFile = rows.subList(from, Math.min(n, from + block));
            final List<Object[]> sorted = new ArrayList<>(inFile);
            sorted.sort(byKeyThenTime);
            for (int i = 0; i < inFile.size(); i++)
            {
                assertArrayEquals(sorted.get(i), inFile.get(i), "row " + (from + i));
            }
            // the block holds the next rows in receive order: the trades from..from+block
            final long[] ids = inFile.stream().mapToLong(r -> (long) r[4]).sorted().toArray();
            assertEquals(from, ids[0]);
            assertEquals(from + inFile.size() - 1, ids[ids.length - 1]);
        }
        assertEquals("BNBUSDT", rows.get(0)[0], "grouped, not in receive order");
        assertEquals(8L, rows.get(0)[4]);
    }

    @Test
    void withThousandsOfSymbolsABlockGrowsSoThatEachKeysRowsStayTogether(@TempDir final Path dir) throws Exception
    {
        final Path trades = dir.resolve("trades");
        final int symbols = 3_000;
        final int n = 60_000;
        try (JournalWriter w = JournalWriter.open(trades))
        {
            for (int i = 0; i < n; i++)
            {
                final String symbol = "S" + (i * 7 % symbols) + "USDT";
                final long t = SampleJournal.T0 + i * SampleJournal.MS;
                final byte[] frame = ("{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                    + t / SampleJournal.MS + ",\"s\":\"" + symbol + "\",\"t\":" + i + ",\"p\":\"1." + i + "\",\"q\":\"2\",\"T\":"
                    + t / SampleJournal.MS + ",\"m\":true,\"M\":true}}").getBytes(StandardCharsets.UTF_8);
                w.appendFrame(Market.SPOT, 1, FrameKind.TEXT, t, t, null, frame, 0, frame.length);
            }
        }
        final Path parquet = dir.resolve("out");
        // a decoder block of 1,000 rows would leave each of 3,000 keys a row or none: the writer waits for more
        Exporter.export(new ExportOptions().journal(trades).out(parquet).type("trade").blockRows(1_000));
        final List<Object[]> rows = query("SELECT symbol, trade_id FROM read_parquet(" + glob(parquet, "trade")
            + ", file_row_number = true) ORDER BY file_row_number");
        assertEquals(n, rows.size());
        assertEquals(n, rows.stream().mapToLong(r -> (long) r[1]).distinct().count(), "every trade once");
        int runs = 1;
        for (int i = 1; i < n; i++)
        {
            if (!rows.get(i)[0].equals(rows.get(i - 1)[0]))
            {
                runs++;
            }
            else
            {
                assertTrue((long) rows.get(i)[1] > (long) rows.get(i - 1)[1], "a symbol's trades in receive order, row " + i);
            }
        }
        assertEquals(symbols, runs, "each symbol's rows in one run (blocks of 1,000 rows would give about 60,000)");
    }

    @Test
    void rawHoldsEveryFrameByteForByte() throws Exception
    {
        final List<byte[]> journaled = new ArrayList<>();
        try (Replayer r = Replayer.open(new ReplayOptions().journal(journal).maxSpeed().deduplicate(false)))
        {
            r.run(f -> journaled.add(f.payloadBytes()), (i, t, e) -> { });
        }
        final List<Object[]> got = query("SELECT payload FROM read_parquet(" + glob(out, "raw") + ") ORDER BY recv_time, recv_sub_us, recv_mono");
        assertEquals(journaled.size(), got.size());
        for (int i = 0; i < got.size(); i++)
        {
            assertArrayEquals(journaled.get(i), blob(got.get(i)[0]), "frame " + i);
        }
    }

    private static byte[] blob(final Object o) throws SQLException
    {
        if (o instanceof byte[] b)
        {
            return b;
        }
        final java.sql.Blob blob = (java.sql.Blob) o;
        return blob.getBytes(1, (int) blob.length());
    }

    @Test
    void layoutIsHivePartitionedByTableAndReceiveDateWithDocumentedTypes() throws Exception
    {
        final List<Object[]> partitions = query("SELECT DISTINCT type, CAST(date AS VARCHAR) FROM read_parquet('" + out
            + "/*/*/*.parquet') ORDER BY 1, 2");
        final Map<String, List<String>> dates = new TreeMap<>();
        for (final Object[] p : partitions)
        {
            dates.computeIfAbsent((String) p[0], k -> new ArrayList<>()).add((String) p[1]);
        }
        assertEquals(List.of("2024-01-01", "2024-01-02"), dates.get("trade"));
        assertEquals(List.of("2024-01-01", "2024-01-02"), dates.get("raw"));
        try (Stream<Path> files = Files.walk(out))
        {
            final List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")).toList();
            assertEquals(summary.files().size(), parquet.size(), "one file per table and date");
            for (final Path p : parquet)
            {
                assertTrue(out.relativize(p).toString().matches(
                    "type=[A-Za-z0-9_]+/date=2024-01-0[12]/part-\\d{8}T\\d{6}\\.\\d{9}Z_\\d{8}T\\d{6}\\.\\d{9}Z\\.parquet"), p.toString());
            }
        }
        final Map<String, String> types = new HashMap<>();
        for (final Object[] r : query("DESCRIBE SELECT * FROM read_parquet(" + glob(out, "trade") + ", hive_partitioning = false)"))
        {
            types.put((String) r[0], (String) r[1]);
        }
        assertEquals("TIMESTAMP WITH TIME ZONE", types.get("recv_time"), "microseconds, which Spark reads too");
        assertEquals("SMALLINT", types.get("recv_sub_us"));
        assertEquals("TIMESTAMP WITH TIME ZONE", types.get("event_time"));
        assertEquals("DECIMAL(18,8)", types.get("price"));
        assertEquals("DECIMAL(28,8)", types.get("quantity"));
        assertEquals("VARCHAR", types.get("symbol"));
        assertEquals("BIGINT", types.get("trade_id"));
        assertEquals("BOOLEAN", types.get("buyer_maker"));
        final List<Object[]> meta = query("SELECT decode(key), decode(value) FROM parquet_kv_metadata(" + glob(out, "trade")
            + ") WHERE decode(key) LIKE 'ticktape.%'");
        final Map<String, String> kv = new HashMap<>();
        meta.forEach(m -> kv.put((String) m[0], (String) m[1]));
        assertEquals(Exporter.SCHEMA_VERSION, kv.get("ticktape.schema_version"));
        assertEquals(journal.toAbsolutePath().normalize().toString(), kv.get("ticktape.journals"));
        assertTrue(kv.containsKey("ticktape.range_from_ns") && kv.containsKey("ticktape.range_to_ns"), kv.toString());
    }

    @Test
    void floatsWriteDoubles(@TempDir final Path dir) throws SQLException
    {
        Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade").floats(true));
        final List<Object[]> got = query("SELECT typeof(price), sum(price) FROM read_parquet(" + glob(dir, "trade") + ") GROUP BY 1");
        assertEquals("DOUBLE", got.get(0)[0]);
        final double expected = trades.stream().mapToDouble(t -> ((BigDecimal) t[4]).doubleValue()).sum();
        assertEquals(expected, ((Number) got.get(0)[1]).doubleValue(), 1e-9 * Math.abs(expected));
    }

    @Test
    void rerunYieldsTheSameFilesAndWiderRangesReplaceNarrowerOnes(@TempDir final Path dir) throws IOException
    {
        final ExportOptions options = new ExportOptions().journal(journal).out(dir).type("trade").type("bookTicker");
        final ExportSummary first = Exporter.export(options);
        final Map<Path, byte[]> before = contents(dir);
        final ExportSummary second = Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade").type("bookTicker"));
        assertEquals(first.files(), second.files());
        final Map<Path, byte[]> after = contents(dir);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((p, b) -> assertArrayEquals(b, after.get(p), p + " is byte for byte the same"));

        // a wider range replaces the files it covers; nothing outside the range goes
        final Path outside = dir.resolve("type=trade/date=2023-12-31/part-20231231T000000.000000000Z_20240101T000000.000000000Z.parquet");
        Files.createDirectories(outside.getParent());
        Files.write(outside, new byte[] {1});
        final ExportSummary wide = Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade").type("bookTicker")
            .from(SampleJournal.T0).to(SampleJournal.T0 + 2 * SampleJournal.DAY));
        assertEquals(first.files().size(), wide.files().size());
        assertEquals(first.files().size(), wide.replaced().size());
        assertTrue(Files.exists(outside), "a file outside the range stays");
        assertEquals(first.rows(), wide.rows());
        try (Stream<Path> files = Files.walk(dir.resolve("type=trade")))
        {
            assertEquals(3, files.filter(p -> p.toString().endsWith(".parquet")).count(), "two days, plus the one outside");
        }
    }

    @Test
    void aRangeThatCutsThroughAnEarlierFileIsRefusedBeforeAnythingMoves(@TempDir final Path dir) throws IOException
    {
        Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade"));
        final Map<Path, byte[]> before = contents(dir);
        final TicktapeException e = assertThrows(TicktapeException.class, () -> Exporter.export(new ExportOptions()
            .journal(journal).out(dir).type("trade").from(SampleJournal.T0).to(SampleJournal.T0 + SampleJournal.DAY + 5 * SampleJournal.MS)));
        assertEquals(dev.ticktape.core.ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("overlaps without covering"), e.getMessage());
        assertEquals(before.keySet(), contents(dir).keySet());
        assertNoStaging(dir);
    }

    @Test
    void anInterruptedExportLeavesNoFileUnderAFinalNameAndTheNextCleansUp(@TempDir final Path dir) throws IOException
    {
        Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade"));
        final Map<Path, byte[]> before = contents(dir);
        final RuntimeException stop = new RuntimeException("interrupted");
        final RuntimeException thrown = assertThrows(RuntimeException.class, () -> Exporter.export(new ExportOptions()
            .journal(journal).out(dir).progress((records, total, rows) ->
            {
                if (rows > 0)
                {
                    throw stop;
                }
            })));
        assertEquals(stop, thrown);
        final Map<Path, byte[]> after = contents(dir);
        assertEquals(before.keySet(), after.keySet(), "nothing new under a final name, nothing removed");
        before.forEach((p, b) -> assertArrayEquals(b, after.get(p)));
        assertNoStaging(dir);

        // a killed export leaves its staging directory; the next export removes it
        final Path abandoned = dir.resolve(ExportFiles.STAGING_PREFIX + "2147483646-1");
        Files.createDirectories(abandoned);
        Files.write(abandoned.resolve("trade-2024-01-01-0.parquet"), new byte[] {1, 2, 3});
        Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade"));
        assertNoStaging(dir);
    }

    @Test
    void anOutputThatCannotBeWrittenIsAnIoErrorAndLeavesNoStaging(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("type=trade"), "a file where the table's directory should be");
        final TicktapeException e = assertThrows(TicktapeException.class,
            () -> Exporter.export(new ExportOptions().journal(journal).out(dir).type("trade")));
        assertEquals(dev.ticktape.core.ErrorCode.IO, e.code());
        assertTrue(e.getMessage().startsWith("cannot write to " + dir), e.getMessage());
        assertNoStaging(dir);
        assertEquals(Map.of(), contents(dir), "no Parquet file anywhere");
    }

    @Test
    void duplicatesOfASecondRecorderAreDropped(@TempDir final Path dir) throws IOException
    {
        final Path copy = dir.resolve("second-recorder");
        SampleJournal.write(copy, 4);
        final ExportSummary both = Exporter.export(new ExportOptions().journal(journal).journal(copy).out(dir.resolve("out"))
            .type("trade").type("depthUpdate"));
        assertEquals(expectedRows.get(EventType.TRADE), both.rows().get("trade"));
        assertEquals(expectedRows.get(EventType.DEPTH_UPDATE), both.rows().get("depthUpdate"));
        assertTrue(both.duplicates() > 0);
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir final Path dir)
    {
        final TicktapeException unknown = assertThrows(TicktapeException.class,
            () -> Exporter.export(new ExportOptions().journal(journal).out(dir).type("trades")));
        assertEquals(dev.ticktape.core.ErrorCode.USAGE, unknown.code());
        assertTrue(unknown.getMessage().startsWith("unknown table trades; one of trade, aggTrade"), unknown.getMessage());
        assertEquals(dev.ticktape.core.ErrorCode.USAGE, assertThrows(TicktapeException.class,
            () -> Exporter.export(new ExportOptions().journal(journal).out(dir).from(5).to(5))).code());
        assertEquals(dev.ticktape.core.ErrorCode.USAGE, assertThrows(TicktapeException.class,
            () -> Exporter.export(new ExportOptions().journal(journal).out(dir).type("book_snapshot_0"))).code());
        final TicktapeException missing = assertThrows(TicktapeException.class,
            () -> Exporter.export(new ExportOptions().journal(dir.resolve("nope")).out(dir.resolve("o"))));
        assertEquals(dev.ticktape.core.ErrorCode.IO, missing.code());
    }

    private static void assertNoStaging(final Path dir) throws IOException
    {
        try (Stream<Path> list = Files.list(dir))
        {
            assertEquals(List.of(), list.filter(p -> p.getFileName().toString().startsWith(ExportFiles.STAGING_PREFIX)).toList());
        }
    }

    private static Map<Path, byte[]> contents(final Path dir) throws IOException
    {
        final Map<Path, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList())
            {
                if (!p.getFileName().toString().startsWith("."))
                {
                    m.put(dir.relativize(p), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    private static void assertRows(final List<Object[]> expected, final List<Object[]> actual)
    {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < actual.size(); i++)
        {
            assertRow(expected.get(i), actual.get(i));
        }
    }

    private static void assertRow(final Object[] expected, final Object[] actual)
    {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++)
        {
            final Object e = expected[i];
            final Object a = actual[i];
            if (e instanceof BigDecimal d)
            {
                assertEquals(0, d.compareTo((BigDecimal) a), "column " + i + ": " + d + " vs " + a);
            }
            else if (e instanceof Number n)
            {
                assertEquals(n.longValue(), ((Number) a).longValue(), "column " + i);
            }
            else
            {
                assertEquals(e, a, "column " + i);
            }
        }
    }
}
