package dev.ticktape.benchmarks;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.exporter.ExportOptions;
import dev.ticktape.exporter.ExportSummary;
import dev.ticktape.exporter.Exporter;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * Export on the peers' bookTicker/trade workload (their P2): ticktape's exporter from a journal of
 * those frames against DuckDB's {@code read_json} → Parquet with the peers' own SQL, in the same
 * JVM and run, alternating which goes first. Both write zstd Parquet; ticktape writes its
 * {@code trade}, {@code aggTrade} and {@code bookTicker} tables with exact decimals (DuckDB's side
 * writes doubles, as the peers' SQL does). Each round then exports the {@code raw} table of the same journal, for
 * its rows/s beside the typed tables' ({@code raw_over_typed}). Usage:
 * {@code ExportBench BT_TRADE_JSONL BT_TRADE_NDJSON WORK_DIR [rounds]}; prints RESULT lines.
 */
public final class ExportBench
{
    private static final String BOOK_COLS =
        "recv_ts_ns, (data->>'$.E')::BIGINT AS event_ms, (data->>'$.T')::BIGINT AS txn_ms, data->>'$.s' AS symbol, "
        + "(data->>'$.u')::BIGINT AS update_id, (data->>'$.b')::DOUBLE AS bid_px, (data->>'$.B')::DOUBLE AS bid_qty, "
        + "(data->>'$.a')::DOUBLE AS ask_px, (data->>'$.A')::DOUBLE AS ask_qty";
    private static final String TRADE_COLS =
        "recv_ts_ns, data->>'$.e' AS kind, (data->>'$.E')::BIGINT AS event_ms, (data->>'$.T')::BIGINT AS trade_ms, "
        + "data->>'$.s' AS symbol, COALESCE((data->>'$.a')::BIGINT, (data->>'$.t')::BIGINT) AS trade_id, "
        + "(data->>'$.p')::DOUBLE AS price, (data->>'$.q')::DOUBLE AS qty, (data->>'$.m')::BOOLEAN AS buyer_is_maker";

    private ExportBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path jsonl = Path.of(args[0]);
        final Path ndjson = Path.of(args[1]);
        final Path work = Path.of(args[2]);
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        final Path journal = work.resolve("export-journal");
        JournalBenchmark.delete(journal);
        final long frames = journal(jsonl, journal);
        System.out.printf("# %,d frames journaled%n", frames);

        // untimed warm-up of both (JIT, the DuckDB native library, page cache)
        duck(ndjson, work.resolve("warm-duck"));
        ticktape(journal, work.resolve("warm-ticktape"));
        raw(journal, work.resolve("warm-ticktape-raw"));
        for (int round = 1; round <= rounds; round++)
        {
            double typedRate = 0;
            for (int k = 0; k < 2; k++)
            {
                final boolean duckFirst = round % 2 == 1;
                if ((k == 0) == duckFirst)
                {
                    final Path out = work.resolve("duck-out");
                    final long t = System.nanoTime();
                    final long rows = duck(ndjson, out);
                    final double s = (System.nanoTime() - t) / 1e9;
                    final long bytes = size(out);
                    System.out.printf("RESULT\texport\tduckdb_rows_per_s\t%d\t%.0f\trows/s%n", round, rows / s);
                    System.out.printf("RESULT\texport\tduckdb_bytes_per_row\t%d\t%.2f\tB%n", round, bytes / (double) rows);
                }
                else
                {
                    final long t = System.nanoTime();
                    typedRate = report("ticktape", round, ticktape(journal, work.resolve("ticktape-out")), t);
                }
            }
            // the raw table of the same journal (every frame, byte for byte, nothing decoded), after the typed tables
            final long t = System.nanoTime();
            final double rawRate = report("ticktape_raw", round, raw(journal, work.resolve("ticktape-raw-out")), t);
            System.out.printf("RESULT\texport\traw_over_typed\t%d\t%.3f\tratio%n", round, rawRate / typedRate);
        }
        JournalBenchmark.delete(journal);
    }

    private static ExportSummary ticktape(final Path journal, final Path out) throws IOException
    {
        JournalBenchmark.delete(out);
        return Exporter.export(new ExportOptions().journal(journal).out(out).type("trade").type("aggTrade").type("bookTicker"));
    }

    /**
     * Prints an export's rows/s and bytes per row as {@code NAME_rows_per_s} and {@code NAME_bytes_per_row}.
     *
     * @param startNanos when it started ({@link System#nanoTime}); it ended now.
     * @return its rows/s.
     */
    private static double report(final String name, final int round, final ExportSummary summary, final long startNanos)
    {
        final double s = (System.nanoTime() - startNanos) / 1e9;
        final long rows = summary.totalRows();
        System.out.printf("RESULT\texport\t%s_rows_per_s\t%d\t%.0f\trows/s%n", name, round, rows / s);
        System.out.printf("RESULT\texport\t%s_bytes_per_row\t%d\t%.2f\tB%n", name, round, summary.totalBytes() / (double) rows);
        return rows / s;
    }

    private static ExportSummary raw(final Path journal, final Path out) throws IOException
    {
        JournalBenchmark.delete(out);
        return Exporter.export(new ExportOptions().journal(journal).out(out).type("raw"));
    }

    private static long duck(final Path ndjson, final Path out) throws Exception
    {
        JournalBenchmark.delete(out);
        Files.createDirectories(out);
        final String source = "SELECT recv_ts_ns, data FROM read_json('" + ndjson + "', format='newline_delimited', "
            + "columns={recv_ts_ns: 'BIGINT', stream: 'VARCHAR', data: 'JSON'})";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement())
        {
            st.execute("CREATE TEMP TABLE raw AS " + source);
            long rows = update(st, "COPY (SELECT " + BOOK_COLS + " FROM raw WHERE data->>'$.e' = 'bookTicker') TO '"
                + out.resolve("bookticker.parquet") + "' (FORMAT parquet, COMPRESSION zstd)");
            rows += update(st, "COPY (SELECT " + TRADE_COLS + " FROM raw WHERE data->>'$.e' IN ('aggTrade','trade')) TO '"
                + out.resolve("trades.parquet") + "' (FORMAT parquet, COMPRESSION zstd)");
            return rows;
        }
    }

    private static long update(final Statement st, final String sql) throws Exception
    {
        if (st.execute(sql))
        {
            try (ResultSet rs = st.getResultSet())
            {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
        return st.getUpdateCount();
    }

    private static long size(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Journals the collector-format lines ({@code <recv ns> <combined frame>}) as USDⓈ-M text frames. */
    private static long journal(final Path jsonl, final Path journal) throws IOException
    {
        long n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(jsonl), 1 << 20);
             JournalWriter w = JournalWriter.open(journal))
        {
            final byte[] line = new byte[1 << 16];
            int length = 0;
            int b;
            while ((b = in.read()) >= 0)
            {
                if (b != '\n')
                {
                    line[length++] = (byte) b;
                    continue;
                }
                int space = 0;
                long t = 0;
                while (line[space] != ' ')
                {
                    t = t * 10 + (line[space++] - '0');
                }
                w.appendFrame(Market.USDM, 1, FrameKind.TEXT, t, t, null, line, space + 1, length - space - 1);
                length = 0;
                n++;
            }
        }
        return n;
    }
}
