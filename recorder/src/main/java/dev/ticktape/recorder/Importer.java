package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.Version;
import dev.ticktape.core.decode.JsonCheck;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalWriter;
import dev.ticktape.core.journal.SessionEvent;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Brings captures made by other collectors into a journal ({@code ticktape import}). A capture
 * holds one message per line, {@code <receive time> <raw message>}:
 * <ul>
 * <li>the receive time as integer epoch nanoseconds, microseconds or milliseconds (told apart by
 * magnitude) or as decimal seconds ({@code 1704067200.123456}), optionally followed by a colon;</li>
 * <li>the message a combined-stream frame ({@code {"stream":...,"data":...}}), journaled as a text
 * frame byte for byte, or a bare REST depth snapshot ({@code {"lastUpdateId":...}}), journaled as
 * the recorder journals its own: a {@code snapshotTaken} event and a REST frame named after the
 * symbol's diff-depth stream. A snapshot names no symbol; it is attributed to the file's only
 * symbol, and refused when the file has several.</li>
 * </ul>
 * Files may be gzip-compressed (recognised by their magic bytes; inflated on a thread of their own,
 * a few megabytes ahead of the import). A line that cannot be parsed, or whose message is not one
 * well-formed JSON object ({@link JsonCheck}), is reported with its file and line number and
 * skipped; everything else is journaled. A file is read once, or twice when it holds a REST
 * snapshot (to learn which symbols the file has, the first time a snapshot needs it). Each file is
 * one "connection" in the journal (opened and closed around its frames); imported frames carry
 * no monotonic clock, so their monotonic time is their receive time.
 */
public final class Importer
{
    private static final byte[] COMBINED = "{\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = JournalFormat.MAX_PAYLOAD_LENGTH + 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * What an import did.
     *
     * @param frames    frames journaled (snapshots included).
     * @param snapshots REST depth snapshots journaled.
     * @param skipped   lines skipped as unreadable.
     * @param cutShort  gzip files whose compressed stream ended early: their readable lines were imported.
     */
    public record Result(long frames, long snapshots, long skipped, List<Path> cutShort)
    {
        /** Copies the list. */
        public Result
        {
            cutShort = List.copyOf(cutShort);
        }
    }

    private Importer()
    {
    }

    /**
     * Imports files into a journal (created if absent, appended to if present).
     *
     * @param journal the journal directory.
     * @param market  the market the captures come from.
     * @param files   the capture files, imported in order.
     * @param report  receives one line per skipped line ({@code FILE:LINE: why}).
     * @return the counts.
     * @throws TicktapeException {@link ErrorCode#IO} when a file cannot be read, {@link ErrorCode#USAGE}
     *                           when none is given.
     */
    public static Result run(final Path journal, final Market market, final List<Path> files, final Consumer<String> report)
    {
        if (files.isEmpty())
        {
            throw new TicktapeException(ErrorCode.USAGE, "no capture files given");
        }
        for (final Path f : files)
        {
            if (!Files.isRegularFile(f))
            {
                throw new TicktapeException(ErrorCode.IO, "cannot read capture " + f + ": no such file");
            }
        }
        long frames = 0;
        long snapshots = 0;
        long skipped = 0;
        final List<Path> cutShort = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(journal))
        {
            // The session events carry the capture's own times, so that the journal stays in receive-time order.
            final SessionEvent started = new SessionEvent.RecordingStarted(Version.TICKTAPE, JournalFormat.VERSION, "import",
                ProcessHandle.current().pid(), "import " + market.wireName() + ": " + files, Version.SBE_SCHEMA_ID, Version.SBE_SCHEMA_VERSION);
            int connection = 0;
            long lastTime = -1;
            for (final Path file : files)
            {
                connection++;
                final FileImport one = new FileImport(writer, market, file, connection, report, lastTime < 0 ? started : null);
                one.run();
                frames += one.frames;
                snapshots += one.snapshots;
                skipped += one.skipped;
                lastTime = Math.max(lastTime, one.lastTime);
                if (one.cutShort)
                {
                    cutShort.add(file);
                }
            }
            if (lastTime >= 0)
            {
                writer.appendEvent(new SessionEvent.RecordingStopped("import done", frames), lastTime, lastTime);
            }
        }
        return new Result(frames, snapshots, skipped, cutShort);
    }

    /** One capture file: a pass for its streams (to attribute snapshots), then the import. */
    private static final class FileImport
    {
        private final JournalWriter writer;
        private final Market market;
        private final Path file;
        private final int connection;
        private final Consumer<String> report;
        private final Map<String, String> depthStreamBySymbol = new LinkedHashMap<>();
        private final List<String> symbols = new ArrayList<>();
        private final JsonCheck json = new JsonCheck();
        private byte[] line;
        /** Whether the file has been read for its symbols and diff-depth streams. */
        private boolean streamsCollected;
        private SessionEvent started;
        private long lastTime = -1;
        private long frames;
        private long snapshots;
        private long skipped;
        /** Whether the file's gzip stream ended before its end: the lines before are imported. */
        boolean cutShort;

        FileImport(final JournalWriter writer, final Market market, final Path file, final int connection, final Consumer<String> report,
            final SessionEvent started)
        {
            this.started = started;
            this.writer = writer;
            this.market = market;
            this.file = file;
            this.connection = connection;
            this.report = report;
        }

        void run()
        {
            long firstTime = -1;
            try (Lines in = new Lines(open()))
            {
                line = in.line;
                int lineNumber = 0;
                int length;
                while ((length = in.next()) >= 0)
                {
                    lineNumber++;
                    lineCount = lineNumber;
                    if (length == Integer.MAX_VALUE)
                    {
                        skip(lineNumber, "longer than " + MAX_LINE + " bytes");
                        continue;
                    }
                    final int end = trimEnd(length);
                    if (end == 0)
                    {
                        continue; // a blank line
                    }
                    final String problem = importLine(end, lineNumber, firstTime < 0);
                    if (problem != null)
                    {
                        skip(lineNumber, problem);
                    }
                    else
                    {
                        lastTime = Math.max(lastTime, time);
                        if (firstTime < 0)
                        {
                            firstTime = time;
                        }
                    }
                }
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot read capture " + file + ": " + e.getMessage(), e);
            }
            if (cutShort)
            {
                report.accept(file + ": the gzip stream is cut short after line " + lineCount + "; the lines before it were imported");
            }
            if (firstTime >= 0)
            {
                writer.appendEvent(new SessionEvent.ConnectionClosed(connection, market, cutShort ? 1006 : 1000,
                    "end of " + file.getFileName() + (cutShort ? ": cut short" : ""), false), lastTime, lastTime);
            }
        }

        private void skip(final int lineNumber, final String why)
        {
            skipped++;
            report.accept(file + ":" + lineNumber + ": " + why + "; skipped");
        }

        private InputStream open() throws IOException
        {
            final InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            final int b0 = raw.read();
            final int b1 = raw.read();
            raw.reset();
            return b0 == 0x1f && b1 == 0x8b
                ? new ReadAheadInputStream(new CutTolerant(new GZIPInputStream(raw, 1 << 16)), "ticktape-import-inflate")
                : raw;
        }

        /**
         * A gzip stream cut short (a copy or a collector that died mid-write) ends where its data ends,
         * so that every line before the cut is imported; the file is reported as cut short.
         */
        private final class CutTolerant extends java.io.FilterInputStream
        {
            CutTolerant(final InputStream in)
            {
                super(in);
            }

            @Override
            public int read() throws IOException
            {
                try
                {
                    return super.read();
                }
                catch (final java.io.EOFException e)
                {
                    cutShort = true;
                    return -1;
                }
            }

            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException
            {
                try
                {
                    return super.read(b, off, len);
                }
                catch (final java.io.EOFException e)
                {
                    cutShort = true;
                    return -1;
                }
            }
        }

        /**
         * A file's lines, read in large blocks: {@link #next} puts each in {@link #line} (from its
         * index 0) and returns its length, -1 at the end, or MAX_VALUE for a line longer than
         * {@link #MAX_LINE} (consumed to its end).
         */
        private static final class Lines implements AutoCloseable
        {
            private final InputStream in;
            private final byte[] block = new byte[1 << 20];
            private int position;
            private int limit;
            private boolean end;
            final byte[] line = new byte[MAX_LINE];

            Lines(final InputStream in)
            {
                this.in = in;
            }

            int next() throws IOException
            {
                int n = 0;
                boolean tooLong = false;
                while (true)
                {
                    if (position == limit)
                    {
                        if (end || !refill())
                        {
                            end = true;
                            if (n == 0 && !tooLong)
                            {
                                return -1;
                            }
                            return tooLong ? Integer.MAX_VALUE : n;
                        }
                    }
                    final byte[] b = block;
                    final int to = limit;
                    final int i = newline(b, position, to);
                    final int take = i - position;
                    if (!tooLong && n + take <= line.length)
                    {
                        System.arraycopy(b, position, line, n, take);
                        n += take;
                    }
                    else
                    {
                        tooLong = true;
                    }
                    position = i;
                    if (i < to)
                    {
                        position++; // the newline
                        return tooLong ? Integer.MAX_VALUE : n;
                    }
                }
            }

            /** The index of the first newline in {@code b[from, to)}, or {@code to}: eight bytes at a time. */
            private static int newline(final byte[] b, final int from, final int to)
            {
                int i = from;
                for (; i + 8 <= to; i += 8)
                {
                    final long x = (long) LONGS.get(b, i) ^ 0x0A0A_0A0A_0A0A_0A0AL;
                    final long zero = (x - 0x0101_0101_0101_0101L) & ~x & 0x8080_8080_8080_8080L;
                    if (zero != 0)
                    {
                        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
                    }
                }
                while (i < to && b[i] != '\n')
                {
                    i++;
                }
                return i;
            }

            private boolean refill() throws IOException
            {
                final int r = in.read(block, 0, block.length);
                if (r <= 0)
                {
                    return false;
                }
                position = 0;
                limit = r;
                return true;
            }

            @Override
            public void close() throws IOException
            {
                in.close();
            }
        }

        private int trimEnd(final int length)
        {
            int end = length;
            while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == ' ' || line[end - 1] == '\t'))
            {
                end--;
            }
            return end;
        }

        /**
         * A pass of its own over the whole file, the first time a snapshot needs it: the symbols and
         * diff-depth streams the file's combined frames name.
         */
        private void collectStreams()
        {
            streamsCollected = true;
            try (Lines in = new Lines(open()))
            {
                final byte[] line = in.line;
                int length;
                while ((length = in.next()) >= 0)
                {
                    if (length == Integer.MAX_VALUE)
                    {
                        continue;
                    }
                    final int start = messageStart(line, length);
                    if (start < 0 || !startsWith(line, start, length, COMBINED))
                    {
                        continue;
                    }
                    int i = start + COMBINED.length;
                    while (i < length && line[i] != '"')
                    {
                        i++;
                    }
                    final String stream = new String(line, start + COMBINED.length, i - start - COMBINED.length, StandardCharsets.US_ASCII);
                    final String symbol = StreamNames.symbol(stream);
                    if (symbol.isEmpty() || symbol.startsWith("!"))
                    {
                        continue;
                    }
                    if (!symbols.contains(symbol))
                    {
                        symbols.add(symbol);
                    }
                    if (StreamNames.diffDepth(stream))
                    {
                        depthStreamBySymbol.putIfAbsent(symbol, stream);
                    }
                }
            }
            catch (final IOException e)
            {
                throw new TicktapeException(ErrorCode.IO, "cannot read capture " + file + ": " + e.getMessage(), e);
            }
        }

        /** Where the message starts after the time, an optional colon and blanks; -1 if the line has no such shape. */
        private static int messageStart(final byte[] line, final int end)
        {
            int i = 0;
            while (i < end && (line[i] >= '0' && line[i] <= '9' || line[i] == '.'))
            {
                i++;
            }
            if (i == 0)
            {
                return -1;
            }
            if (i < end && line[i] == ':')
            {
                i++;
            }
            final int afterTime = i;
            while (i < end && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }
            if (i == end || (i == afterTime && line[afterTime - 1] != ':'))
            {
                return -1; // nothing after the time, or no separator
            }
            return i;
        }

        private long time;
        private int lineCount;

        private String importLine(final int end, final int lineNumber, final boolean first)
        {
            final int start = messageStart(line, end);
            if (start < 0)
            {
                return "not '<receive time> <message>'";
            }
            int timeEnd = 0;
            while (line[timeEnd] >= '0' && line[timeEnd] <= '9' || line[timeEnd] == '.')
            {
                timeEnd++;
            }
            time = epochNanos(line, timeEnd);
            if (time <= 0)
            {
                return "unreadable receive time '" + new String(line, 0, timeEnd, StandardCharsets.US_ASCII) + "'";
            }
            final String invalid = json.objectProblem(line, start, end - start);
            if (invalid != null)
            {
                return "malformed JSON (" + invalid + ")";
            }
            final boolean combined = startsWith(line, start, end, COMBINED);
            final String snapshotSymbol;
            if (combined)
            {
                snapshotSymbol = null;
            }
            else if (contains(start, end, "\"lastUpdateId\"") && contains(start, end, "\"bids\""))
            {
                if (!streamsCollected)
                {
                    collectStreams();
                }
                if (symbols.size() != 1)
                {
                    return "a REST depth snapshot names no symbol and the file has " + symbols.size() + " symbols " + symbols;
                }
                snapshotSymbol = symbols.get(0);
            }
            else
            {
                return "neither a combined-stream frame nor a REST depth snapshot";
            }
            if (started != null)
            {
                writer.appendEvent(started, time, time);
                started = null;
            }
            if (first)
            {
                writer.appendEvent(new SessionEvent.ConnectionOpened(connection, market, "file:" + file.toAbsolutePath()), time, time);
            }
            if (combined)
            {
                writer.appendFrame(market, connection, FrameKind.TEXT, time, time, null, line, start, end - start);
                frames++;
            }
            else
            {
                final String stream = depthStreamBySymbol.getOrDefault(snapshotSymbol, snapshotSymbol.toLowerCase(Locale.ROOT) + "@depth");
                writer.appendEvent(new SessionEvent.SnapshotTaken(market, snapshotSymbol, lastUpdateId(start, end),
                    "import " + file.getFileName() + ":" + lineNumber, 200), time, time);
                writer.appendFrame(market, JournalFormat.NO_CONNECTION, FrameKind.REST, time, time,
                    stream.getBytes(StandardCharsets.US_ASCII), line, start, end - start);
                frames++;
                snapshots++;
            }
            return null;
        }

        private long lastUpdateId(final int start, final int end)
        {
            final int at = indexOf(start, end, "\"lastUpdateId\"");
            int i = at + "\"lastUpdateId\"".length();
            while (i < end && (line[i] == ':' || line[i] == ' '))
            {
                i++;
            }
            long v = 0;
            final int digits = i;
            while (i < end && line[i] >= '0' && line[i] <= '9')
            {
                v = v * 10 + (line[i++] - '0');
            }
            return i == digits ? -1 : v;
        }

        private boolean contains(final int start, final int end, final String needle)
        {
            return indexOf(start, end, needle) >= 0;
        }

        private int indexOf(final int start, final int end, final String needle)
        {
            outer:
            for (int i = start; i + needle.length() <= end; i++)
            {
                for (int k = 0; k < needle.length(); k++)
                {
                    if (line[i + k] != needle.charAt(k))
                    {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private static boolean startsWith(final byte[] b, final int from, final int to, final byte[] prefix)
    {
        if (to - from < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (b[from + i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A receive time as epoch nanoseconds: decimal seconds, or an integer in ns, µs, ms or s told
     * apart by magnitude (any date from 1973 to 2286 reads unambiguously).
     *
     * @return the time, or -1 if unreadable.
     */
    static long epochNanos(final byte[] b, final int length)
    {
        int dot = -1;
        for (int i = 0; i < length; i++)
        {
            if (b[i] == '.')
            {
                if (dot >= 0)
                {
                    return -1;
                }
                dot = i;
            }
        }
        if (dot >= 0)
        {
            if (dot == 0 || dot > 12)
            {
                return -1;
            }
            long seconds = 0;
            for (int i = 0; i < dot; i++)
            {
                seconds = seconds * 10 + (b[i] - '0');
            }
            long fraction = 0;
            int digits = 0;
            for (int i = dot + 1; i < length && digits < 9; i++, digits++)
            {
                fraction = fraction * 10 + (b[i] - '0');
            }
            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
            return seconds * 1_000_000_000L + fraction;
        }
        if (length == 0 || length > 19)
        {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < length; i++)
        {
            v = v * 10 + (b[i] - '0');
        }
        if (v >= 100_000_000_000_000_000L)
        {
            return v; // ns: 1973 onwards
        }
        if (v >= 100_000_000_000_000L)
        {
            return v * 1_000L; // µs
        }
        if (v >= 100_000_000_000L)
        {
            return v * 1_000_000L; // ms
        }
        if (v >= 100_000_000L)
        {
            return v * 1_000_000_000L; // s
        }
        return -1;
    }
}
