package dev.ticktape.recorder;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.binance.JsonFields;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.TicktapeException;
import dev.ticktape.core.Version;
import dev.ticktape.core.decode.JsonCheck;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFormat;
import dev.ticktape.core.journal.JournalPretoucher;
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
 * Brings captures made by other collectors into a journal ({@code ticktape import}), in three line
 * forms ({@link Format}): ticktape's and most collectors' own, Tardis.dev's raw feeds, cryptofeed's
 * raw logs; the first line of each file tells which. In the first, a capture holds one message per
 * line, {@code <receive time> <raw message>}:
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
 * no monotonic clock, so their monotonic time is their receive time. The journal's fresh pages are
 * read ahead of the importing thread on a thread of their own ({@link JournalPretoucher}).
 */
public final class Importer
{
    private static final byte[] COMBINED = "{\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONFIGURATION = "configuration: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP = "http".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WS = "ws".getBytes(StandardCharsets.US_ASCII);
    /** What follows the symbol in the stream of a depth snapshot Tardis generated. */
    private static final String TARDIS_SNAPSHOT = "@depthSnapshot";
    private static final java.util.regex.Pattern SYMBOL_PARAMETER = java.util.regex.Pattern.compile("[?&]symbol=([A-Za-z0-9_]+)");
    /** A line with nothing to journal and nothing wrong (a header, a sent message). */
    private static final String IGNORED = new String("ignored");
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

    /** The line forms {@code ticktape import} reads ({@code --format}). */
    public enum Format
    {
        /** Told from each file's first line: {@code configuration:} or a URL is cryptofeed's, an ISO time Tardis's, else lines. */
        AUTO,
        /** {@code <receive time> <message>}: the time in epoch ns, µs, ms or s, or decimal seconds, an optional colon. */
        LINES,
        /**
         * Tardis.dev's raw (exchange-native) feed: {@code <ISO 8601 local time, to 100 ns>Z <message>}; an empty line
         * marks a disconnect, and a generated {@code <symbol>@depthSnapshot} message carries a REST snapshot in its data.
         */
        TARDIS,
        /**
         * cryptofeed's raw data collection: {@code <time>: <message>} for a WebSocket message, {@code <url> -> <time>: <body>}
         * for an HTTP response (depth snapshots and exchange information are journaled), {@code <url> <-> <time>} for a
         * connection, {@code <url> <- <time>: <sent>} (skipped) and a {@code configuration:} header.
         */
        CRYPTOFEED;

        /** @return the format named (any case), or null. */
        public static Format of(final String name)
        {
            for (final Format f : values())
            {
                if (f.name().equalsIgnoreCase(name))
                {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * {@link #run(Path, Market, List, Format, Consumer)} with each file's format detected.
     *
     * @param journal the journal directory.
     * @param market  the market the captures come from.
     * @param files   the capture files, imported in order.
     * @param report  receives one line per skipped line.
     * @return the counts.
     */
    public static Result run(final Path journal, final Market market, final List<Path> files, final Consumer<String> report)
    {
        return run(journal, market, files, Format.AUTO, report);
    }

    /**
     * Imports files into a journal (created if absent, appended to if present).
     *
     * @param journal the journal directory.
     * @param market  the market the captures come from.
     * @param files   the capture files, imported in order.
     * @param format  their line form, or {@link Format#AUTO} to tell it from each file's first line.
     * @param report  receives one line per skipped line ({@code FILE:LINE: why}).
     * @return the counts.
     * @throws TicktapeException {@link ErrorCode#IO} when a file cannot be read, {@link ErrorCode#USAGE}
     *                           when none is given.
     */
    public static Result run(final Path journal, final Market market, final List<Path> files, final Format format,
        final Consumer<String> report)
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
        try (JournalWriter writer = JournalWriter.open(journal); JournalPretoucher pretoucher = JournalPretoucher.start(journal))
        {
            // The session events carry the capture's own times, so that the journal stays in receive-time order.
            final SessionEvent started = new SessionEvent.RecordingStarted(Version.TICKTAPE, JournalFormat.VERSION, "import",
                ProcessHandle.current().pid(), "import " + market.wireName() + ": " + files, Version.SBE_SCHEMA_ID, Version.SBE_SCHEMA_VERSION);
            final int[] connections = new int[1];
            long lastTime = -1;
            for (final Path file : files)
            {
                final FileImport one = new FileImport(writer, market, file, connections, format, report, lastTime < 0 ? started : null);
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
        /** The last connection id given, across the import's files. */
        private final int[] connections;
        /** This file's connection now: each file is one, and a disconnect or reconnect in it starts another. */
        private int connection;
        /** Whether the current connection has been opened in the journal. */
        private boolean opened;
        private Format format;
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

        FileImport(final JournalWriter writer, final Market market, final Path file, final int[] connections, final Format format,
            final Consumer<String> report, final SessionEvent started)
        {
            this.started = started;
            this.writer = writer;
            this.market = market;
            this.file = file;
            this.connections = connections;
            this.connection = ++connections[0];
            this.format = format;
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
                        if (format == Format.TARDIS)
                        {
                            disconnected("a disconnect marked in the capture");
                        }
                        continue; // a blank line
                    }
                    if (format == Format.AUTO)
                    {
                        format = detect(end);
                    }
                    final String problem = importLine(end, lineNumber);
                    if (problem == IGNORED)
                    {
                        continue;
                    }
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
            if (opened)
            {
                writer.appendEvent(new SessionEvent.ConnectionClosed(connection, market, cutShort ? 1006 : 1000,
                    "end of " + file.getFileName() + (cutShort ? ": cut short" : ""), false), lastTime, lastTime);
            }
        }

        /** The capture's connection ended (a disconnect marker, a reconnect): the next message opens another. */
        private void disconnected(final String why)
        {
            if (opened)
            {
                writer.appendEvent(new SessionEvent.ConnectionClosed(connection, market, 1006, why, true), lastTime, lastTime);
                opened = false;
                connection = ++connections[0];
            }
        }

        /** A file's format from its first line. */
        private Format detect(final int end)
        {
            if (startsWith(line, 0, end, CONFIGURATION) || startsWith(line, 0, end, HTTP) || startsWith(line, 0, end, WS))
            {
                return Format.CRYPTOFEED;
            }
            return end > 20 && line[4] == '-' && line[10] == 'T' ? Format.TARDIS : Format.LINES;
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
                    final long zero = JsonFields.bytesEqual((long) LONGS.get(b, i), '\n');
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
                    final int start = format == Format.TARDIS ? afterSpace(line, length) : messageStart(line, length);
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

        /** Where a Tardis line's message starts, after the time and its space; -1 when it has none. */
        private static int afterSpace(final byte[] line, final int end)
        {
            for (int i = 0; i < end - 1; i++)
            {
                if (line[i] == ' ')
                {
                    return i + 1;
                }
            }
            return -1;
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

        /**
         * Journals one line, in the file's format.
         *
         * @return null when journaled, {@link #IGNORED} for a line with nothing to journal, else why it is skipped.
         */
        private String importLine(final int end, final int lineNumber)
        {
            final int start;
            String url = null;
            if (format == Format.TARDIS)
            {
                start = afterSpace(line, end);
                time = start < 0 ? -1 : isoNanos(line, start - 1);
                if (time <= 0)
                {
                    return "not '<ISO 8601 time> <message>' (Tardis)";
                }
            }
            else if (format == Format.CRYPTOFEED && !(line[0] >= '0' && line[0] <= '9'))
            {
                if (startsWith(line, 0, end, CONFIGURATION))
                {
                    return IGNORED;
                }
                final int arrow = indexOf(0, end, " -> ");
                if (arrow < 0)
                {
                    if (indexOf(0, end, " <-> ") >= 0)
                    {
                        disconnected("reconnected in the capture"); // a connection (re)opened: what came before ended
                        return IGNORED;
                    }
                    return indexOf(0, end, " <- ") >= 0 ? IGNORED : "not a line of cryptofeed's raw data";
                }
                url = new String(line, 0, arrow, StandardCharsets.UTF_8);
                final int timeStart = arrow + 4;
                final int colon = indexOf(timeStart, end, ": ");
                if (colon < 0)
                {
                    return "not '<url> -> <time>: <body>' (cryptofeed)";
                }
                time = epochNanos(line, timeStart, colon);
                if (time <= 0)
                {
                    return "unreadable receive time '" + new String(line, timeStart, colon - timeStart, StandardCharsets.US_ASCII) + "'";
                }
                start = colon + 2;
            }
            else
            {
                start = messageStart(line, end);
                if (start < 0)
                {
                    return "not '<receive time> <message>'";
                }
                int timeEnd = 0;
                while (line[timeEnd] >= '0' && line[timeEnd] <= '9' || line[timeEnd] == '.')
                {
                    timeEnd++;
                }
                time = epochNanos(line, 0, timeEnd);
                if (time <= 0)
                {
                    return "unreadable receive time '" + new String(line, 0, timeEnd, StandardCharsets.US_ASCII) + "'";
                }
            }
            final String invalid = json.objectProblem(line, start, end - start);
            if (invalid != null)
            {
                return "malformed JSON (" + invalid + ")";
            }
            if (url != null)
            {
                return httpResponse(url, start, end, lineNumber);
            }
            final boolean combined = startsWith(line, start, end, COMBINED);
            if (combined && format == Format.TARDIS)
            {
                final int nameEnd = indexOf(start + COMBINED.length, end, "\"");
                final String stream = new String(line, start + COMBINED.length, nameEnd - start - COMBINED.length, StandardCharsets.UTF_8);
                if (stream.endsWith(TARDIS_SNAPSHOT))
                {
                    // Tardis generates these from REST: the data is the snapshot's body
                    final int data = indexOf(nameEnd, end, "\"data\":");
                    if (data < 0 || line[end - 1] != '}')
                    {
                        return "a Tardis depth snapshot without its data";
                    }
                    int bodyStart = data + "\"data\":".length();
                    while (line[bodyStart] == ' ')
                    {
                        bodyStart++;
                    }
                    return snapshot(StreamNames.symbol(stream).toUpperCase(Locale.ROOT), bodyStart, end - 1, lineNumber);
                }
            }
            if (combined)
            {
                opened();
                writer.appendFrame(market, connection, FrameKind.TEXT, time, time, null, line, start, end - start);
                frames++;
                return null;
            }
            if (contains(start, end, "\"lastUpdateId\"") && contains(start, end, "\"bids\""))
            {
                if (!streamsCollected)
                {
                    collectStreams();
                }
                if (symbols.size() != 1)
                {
                    return "a REST depth snapshot names no symbol and the file has " + symbols.size() + " symbols " + symbols;
                }
                return snapshot(symbols.get(0), start, end, lineNumber);
            }
            return "neither a combined-stream frame nor a REST depth snapshot";
        }

        /** cryptofeed's record of an HTTP response: a depth snapshot or the exchange information is journaled, as the recorder journals its own. */
        private String httpResponse(final String url, final int start, final int end, final int lineNumber)
        {
            final java.util.regex.Matcher symbol = SYMBOL_PARAMETER.matcher(url);
            if (url.contains("/depth?") && symbol.find() && contains(start, end, "\"lastUpdateId\""))
            {
                return snapshot(symbol.group(1).toUpperCase(Locale.ROOT), start, end, lineNumber);
            }
            if (url.contains("/exchangeInfo"))
            {
                begin();
                final byte[] name = StreamNames.EXCHANGE_INFO.getBytes(StandardCharsets.US_ASCII);
                writer.appendFrame(market, JournalFormat.NO_CONNECTION, FrameKind.REST, time, time, name, line, start, end - start);
                frames++;
                return null;
            }
            return "an HTTP response from " + url + ", neither a depth snapshot nor exchange information";
        }

        /** Journals a REST depth snapshot of a symbol as the recorder does: a snapshotTaken event, then the body named after its diff stream. */
        private String snapshot(final String symbol, final int start, final int end, final int lineNumber)
        {
            if (!streamsCollected)
            {
                collectStreams();
            }
            begin();
            final String stream = depthStreamBySymbol.getOrDefault(symbol, symbol.toLowerCase(Locale.ROOT) + "@depth");
            writer.appendEvent(new SessionEvent.SnapshotTaken(market, symbol, lastUpdateId(start, end),
                "import " + file.getFileName() + ":" + lineNumber, 200), time, time);
            writer.appendFrame(market, JournalFormat.NO_CONNECTION, FrameKind.REST, time, time,
                stream.getBytes(StandardCharsets.US_ASCII), line, start, end - start);
            frames++;
            snapshots++;
            return null;
        }

        /** The import's start event, before its first record. */
        private void begin()
        {
            if (started != null)
            {
                writer.appendEvent(started, time, time);
                started = null;
            }
        }

        /** The file's connection opened before its first frame (and again after each disconnect). */
        private void opened()
        {
            begin();
            if (!opened)
            {
                opened = true;
                writer.appendEvent(new SessionEvent.ConnectionOpened(connection, market, "file:" + file.toAbsolutePath()), time, time);
            }
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
    static long epochNanos(final byte[] b, final int from, final int to)
    {
        int dot = -1;
        for (int i = from; i < to; i++)
        {
            if (b[i] == '.')
            {
                if (dot >= 0)
                {
                    return -1;
                }
                dot = i;
            }
            else if (b[i] < '0' || b[i] > '9')
            {
                return -1;
            }
        }
        if (dot >= 0)
        {
            if (dot == from || dot - from > 12)
            {
                return -1;
            }
            long seconds = 0;
            for (int i = from; i < dot; i++)
            {
                seconds = seconds * 10 + (b[i] - '0');
            }
            return seconds * 1_000_000_000L + fraction(b, dot + 1, to);
        }
        final int length = to - from;
        if (length == 0 || length > 19)
        {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++)
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

    /** Digits after a decimal point as nanoseconds (those past the ninth dropped). */
    private static long fraction(final byte[] b, final int from, final int to)
    {
        long fraction = 0;
        int digits = 0;
        for (int i = from; i < to && digits < 9; i++, digits++)
        {
            fraction = fraction * 10 + (b[i] - '0');
        }
        for (; digits < 9; digits++)
        {
            fraction *= 10;
        }
        return fraction;
    }

    /**
     * An ISO 8601 UTC time as Tardis writes its local timestamps, {@code 2019-04-01T00:00:34.8345516Z}
     * (any number of fraction digits, or none), as epoch nanoseconds.
     *
     * @return the time, or -1 if it is not one.
     */
    static long isoNanos(final byte[] b, final int length)
    {
        if (length < 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[length - 1] != 'Z')
        {
            return -1;
        }
        final int year = number(b, 0, 4);
        final int month = number(b, 5, 7);
        final int day = number(b, 8, 10);
        final int hour = number(b, 11, 13);
        final int minute = number(b, 14, 16);
        final int second = number(b, 17, 19);
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        {
            return -1;
        }
        long nanos = 0;
        if (length > 20)
        {
            if (b[19] != '.' || length == 21)
            {
                return -1;
            }
            for (int i = 20; i < length - 1; i++)
            {
                if (b[i] < '0' || b[i] > '9')
                {
                    return -1;
                }
            }
            nanos = fraction(b, 20, length - 1);
        }
        else if (b[19] != 'Z')
        {
            return -1;
        }
        final boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        if (day > (month == 2 ? leap ? 29 : 28 : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31))
        {
            return -1;
        }
        return ((epochDay(year, month, day) * 24 + hour) * 60 + minute) * 60_000_000_000L + second * 1_000_000_000L + nanos;
    }

    /** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (year 1970 or later), without allocating. */
    private static long epochDay(final int year, final int month, final int day)
    {
        // count years from March, so that the leap day ends a year: 400-year eras of 146,097 days
        final int y = month <= 2 ? year - 1 : year;
        final int era = y / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    /** Two or four ASCII digits as a number, or -1. */
    private static int number(final byte[] b, final int from, final int to)
    {
        int v = 0;
        for (int i = from; i < to; i++)
        {
            if (b[i] < '0' || b[i] > '9')
            {
                return -1;
            }
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
