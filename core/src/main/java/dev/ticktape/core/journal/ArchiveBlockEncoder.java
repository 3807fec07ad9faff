package dev.ticktape.core.journal;

import com.github.luben.zstd.Zstd;
import dev.ticktape.core.binance.JsonFields;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.ticktape.core.journal.ArchiveFormat.*;
import static dev.ticktape.core.journal.JournalFormat.*;

/**
 * Codes the records of one archive block into columns and compresses each column with zstd
 * ({@code docs/archive-format.md}). A JSON frame becomes its channel, its receive-time deltas, a
 * template (its text with the numbers taken out, stored once per block and channel) and one
 * residual per number against the predictor that has done best in that number's slot; a frame
 * the template path cannot reproduce exactly, and every session event, is stored as it is.
 * Confined to one thread; reused from block to block.
 */
final class ArchiveBlockEncoder
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ArchiveModel model = new ArchiveModel();
    private final ArchiveColumn[] columns = new ArchiveColumn[COLUMNS];
    private final ArchiveResiduals residuals;
    private final int level;
    private byte[] template = new byte[1024];
    private long[] values = new long[64];
    private byte[] compressed = new byte[1 << 16];
    private int count;
    private long rawBytes;
    private long previousEpoch;
    private long previousMono;
    private long firstEpoch;
    private long lastEpoch;

    /** Whether a record is first read along its channel's last template (off only to test that it changes nothing). */
    private final boolean followLast;

    ArchiveBlockEncoder(final int level)
    {
        this(level, true);
    }

    /**
     * @param followLast false: every record is tokenized from its first byte, as before records were
     *                   read along their channel's last template; the archive is the same either way.
     */
    ArchiveBlockEncoder(final int level, final boolean followLast)
    {
        this.level = level;
        this.followLast = followLast;
        for (int i = 0; i < COLUMNS; i++)
        {
            columns[i] = new ArchiveColumn(1 << 16);
        }
        residuals = new ArchiveResiduals(columns);
        reset();
    }

    void reset()
    {
        model.reset();
        for (final ArchiveColumn c : columns)
        {
            c.clear();
        }
        count = 0;
        rawBytes = 0;
        previousEpoch = 0;
        previousMono = 0;
        firstEpoch = Long.MIN_VALUE;
        lastEpoch = Long.MIN_VALUE;
    }

    int count()
    {
        return count;
    }

    long rawBytes()
    {
        return rawBytes;
    }

    /** The first record's receive time (epoch ns), or {@link Long#MIN_VALUE} when no record carries one. */
    long firstEpoch()
    {
        return firstEpoch;
    }

    /** The highest receive time of the block's records (epoch ns). */
    long lastEpoch()
    {
        return lastEpoch;
    }

    /**
     * Adds one record: the excerpt's bytes exactly as the journal holds them.
     */
    void add(final byte[] record, final int offset, final int length)
    {
        count++;
        rawBytes += length;
        if (length >= HEADER_LENGTH)
        {
            noteEpoch(getLong(record, offset + RECV_EPOCH_NS_OFFSET));
        }
        if (length < HEADER_LENGTH || record[offset] != RECORD_FRAME)
        {
            verbatim(record, offset, length);
            return;
        }
        final int streamLength = record[offset + STREAM_LENGTH_OFFSET] & 0xFF;
        final boolean inline = (record[offset + FLAGS_OFFSET] & FLAG_STREAM_INLINE) != 0;
        final int streamOffset = (record[offset + STREAM_OFFSET_OFFSET] & 0xFF) | ((record[offset + STREAM_OFFSET_OFFSET + 1] & 0xFF) << 8);
        final int streamStart = inline ? HEADER_LENGTH : streamOffset;
        final int payloadStart = HEADER_LENGTH + (inline ? streamLength : 0);
        if (streamStart + streamLength > length || payloadStart > length)
        {
            verbatim(record, offset, length);
            return;
        }
        ArchiveModel.Channel channel = model.channel(record, offset, offset + streamStart, streamLength);
        if (channel == null)
        {
            final byte[] key = new byte[ArchiveModel.KEY_LENGTH];
            System.arraycopy(record, offset, key, 0, 8);
            System.arraycopy(record, offset + STREAM_OFFSET_OFFSET, key, 8, 4);
            final byte[] stream = Arrays.copyOfRange(record, offset + streamStart, offset + streamStart + streamLength);
            channel = model.addChannel(key, stream);
            columns[CHANNEL].putVarint(channel.index + 1);
            final ArchiveColumn dict = columns[DICTIONARY];
            dict.putBytes(key, 0, key.length);
            dict.putByte(streamLength);
            dict.putBytes(stream, 0, streamLength);
        }
        else
        {
            columns[CHANNEL].putVarint(channel.index + 1);
        }
        final long epoch = getLong(record, offset + RECV_EPOCH_NS_OFFSET);
        final long mono = getLong(record, offset + RECV_MONO_NS_OFFSET);
        columns[TIME].putVarint(ArchiveColumn.zigzag(epoch - previousEpoch));
        columns[MONO].putVarint(ArchiveColumn.zigzag((mono - previousMono) - (epoch - previousEpoch)));
        previousEpoch = epoch;
        previousMono = mono;
        final int kind = record[offset + KIND_OFFSET];
        final int payloadLength = length - payloadStart;
        if ((kind == FrameKind.TEXT.id() || kind == FrameKind.REST.id())
            && templated(channel, record, offset + payloadStart, payloadLength, epoch / 1_000_000L))
        {
            return;
        }
        columns[TEMPLATE].putVarint(0);
        final ArchiveColumn raw = columns[RAW];
        raw.putVarint(payloadLength);
        raw.putBytes(record, offset + payloadStart, payloadLength);
    }

    private void verbatim(final byte[] record, final int offset, final int length)
    {
        columns[CHANNEL].putVarint(0);
        final ArchiveColumn raw = columns[RAW];
        raw.putVarint(length);
        raw.putBytes(record, offset, length);
    }

    private void noteEpoch(final long epoch)
    {
        if (firstEpoch == Long.MIN_VALUE)
        {
            firstEpoch = epoch;
        }
        lastEpoch = Math.max(lastEpoch, epoch);
    }

    /**
     * Takes the numbers out of a JSON payload and codes it by its template; false (nothing written)
     * when the payload is not one the template path reproduces.
     */
    private boolean templated(final ArchiveModel.Channel channel, final byte[] p, final int start, final int length,
        final long recvMillis)
    {
        if (length == 0 || (p[start] != '{' && p[start] != '['))
        {
            return false;
        }
        // a template takes 2 bytes (mark, scale) for a 1-digit number: at most twice the payload, and 8 for word stores
        if (template.length < 2 * length + 8)
        {
            template = new byte[Math.max(template.length * 2, 2 * length + 8)];
        }
        final byte[] t = template;
        int tl = 0;
        int tokens = 0;
        final int end = start + length;
        int i = start;
        final ArchiveModel.Template recent = channel.recentTemplate;
        if (recent != null && followLast)
        {
            // most records of a channel have the shape of its last: follow that template while the payload does
            final long[][] words = recent.words;
            final int[] lengths = recent.lengths;
            final byte[] scales = recent.scale;
            final int n = recent.tokens;
            if (values.length < n)
            {
                values = Arrays.copyOf(values, n);
            }
            int k = 0;
            for (; k < n; k++)
            {
                final int literal = lengths[k];
                if (!matches(words[k], literal, recent.segments[k], p, i, end))
                {
                    break;
                }
                final int at = i + literal;
                final int numberEnd = at < end ? number(p, at, end, literal > 0 && p[at - 1] == '"') : -1;
                if (numberEnd < 0 || parsedScale != scales[k])
                {
                    break;
                }
                values[k] = parsedValue;
                i = numberEnd;
                tl += literal + 2;
            }
            if (k == n && end - i == lengths[n] && matches(words[n], lengths[n], recent.segments[n], p, i, end))
            {
                tokens = n;
                return residuals(channel, recent, tokens, recvMillis);
            }
            // the shape parts from the last template's at segment k: the text so far tokenizes as it did, so go on from there
            System.arraycopy(channel.recentTemplateBytes, 0, t, 0, tl);
            tokens = k;
        }
        final byte[] classes = CLASSES;
        while (i < end)
        {
            final byte b;
            if (i + 8 <= end)
            {
                // eight bytes at a time up to the next byte that may open a number (or the mark, which fails)
                final long word = (long) LONGS.get(p, i);
                LONGS.set(t, tl, word);
                final long found = special(word);
                if (found == 0)
                {
                    i += 8;
                    tl += 8;
                    continue;
                }
                final int plain = Long.numberOfTrailingZeros(found) >>> 3;
                i += plain + 1;
                tl += plain + 1;
                b = p[i - 1];
            }
            else
            {
                b = p[i++];
                t[tl++] = b;
                final byte c = classes[b & 0xFF];
                if (c != OPENS && c != MARK_BYTE)
                {
                    continue;
                }
            }
            if (b == ArchiveModel.MARK)
            {
                return false;
            }
            // b opens a value (: , [): a number may follow, bare or quoted
            if (i >= end)
            {
                break;
            }
            final byte next = p[i];
            final boolean quoted = next == '"';
            final int at = quoted ? i + 1 : i;
            if (at >= end || classes[p[at] & 0xFF] != NUMBER_START)
            {
                continue;
            }
            final int numberEnd = number(p, at, end, quoted);
            if (numberEnd < 0)
            {
                continue;
            }
            if (tokens == values.length)
            {
                values = Arrays.copyOf(values, tokens * 2);
            }
            values[tokens++] = parsedValue;
            if (quoted)
            {
                t[tl++] = '"';
            }
            t[tl++] = ArchiveModel.MARK;
            t[tl++] = (byte) parsedScale;
            i = numberEnd;
        }
        // another of the channel's templates, or a new one (a record of its last template's shape was followed to its end above)
        final ArchiveModel.Template known;
        final long hash = ArchiveByteTable.hash(t, 0, tl);
        final int id = channel.templateBytes.find(t, 0, tl, hash);
        if (id >= 0)
        {
            known = channel.templates.get(id);
        }
        else
        {
            if (channel.templates.size() >= MAX_TEMPLATES_PER_CHANNEL)
            {
                return false;
            }
            known = newTemplate(channel, t, tl, tokens, hash);
        }
        channel.recentTemplate = known;
        channel.recentTemplateBytes = channel.templateBytes.get(known.code - 1);
        return residuals(channel, known, tokens, recvMillis);
    }

    /** Codes a templated record: its template's code, then each number's residual against its slot's predictor. */
    private boolean residuals(final ArchiveModel.Channel channel, final ArchiveModel.Template known, final int tokens,
        final long recvMillis)
    {
        columns[TEMPLATE].putVarint(known.code);
        residuals.ensure(tokens);
        final int[] context = known.context;
        // records counted from 1: this one is count
        final boolean sampled = (count & (ArchiveModel.SAMPLE - 1)) == 0;
        long previousToken = 0;
        for (int k = 0; k < tokens; k++)
        {
            final long v = values[k];
            final int c = context[k];
            final int choice = model.choice(c);
            final long residual = v - ArchiveModel.predict(choice, model.last[c], previousToken, recvMillis);
            residuals.put(choice >>> 2, ArchiveColumn.zigzag(residual));
            model.learn(c, v, previousToken, recvMillis, sampled);
            previousToken = v;
        }
        return true;
    }

    /**
     * Whether the payload holds a template's literal segment at {@code i}: compared a word at a time
     * with the segment's words (zero-padded past its end), byte by byte within 8 bytes of the end.
     */
    private static boolean matches(final long[] words, final int literal, final byte[] segment, final byte[] p, final int i,
        final int end)
    {
        if (literal > end - i)
        {
            return false;
        }
        int j = 0;
        for (; j + 8 <= literal; j += 8)
        {
            if ((long) LONGS.get(p, i + j) != words[j >>> 3])
            {
                return false;
            }
        }
        final int rest = literal - j;
        if (rest == 0)
        {
            return true;
        }
        if (i + j + 8 <= end)
        {
            return ((long) LONGS.get(p, i + j) & ((1L << (rest << 3)) - 1)) == words[j >>> 3];
        }
        return Arrays.equals(segment, j, literal, p, i + j, i + literal);
    }

    /**
     * Adds a new template to the channel and to the dictionary column: the number count, then each
     * literal segment (its id in the channel's table + 1, or 0 and its bytes when new), then each scale.
     */
    private ArchiveModel.Template newTemplate(final ArchiveModel.Channel channel, final byte[] t, final int tl, final int tokens,
        final long hash)
    {
        final ArchiveColumn dict = columns[DICTIONARY];
        dict.putVarint(tokens);
        final int[] ids = new int[tokens + 1];
        final byte[] scales = new byte[tokens];
        int segmentStart = 0;
        int k = 0;
        for (int i = 0; i <= tl; i++)
        {
            if (i == tl || t[i] == ArchiveModel.MARK)
            {
                final int before = channel.segments.size();
                ids[k] = model.segment(channel, t, segmentStart, i - segmentStart);
                if (ids[k] == before)
                {
                    dict.putVarint(0);
                    dict.putVarint(i - segmentStart);
                    dict.putBytes(t, segmentStart, i - segmentStart);
                }
                else
                {
                    dict.putVarint(ids[k] + 1);
                }
                if (i < tl)
                {
                    scales[k] = t[i + 1];
                    i++;
                    segmentStart = i + 1;
                }
                k++;
            }
        }
        dict.putBytes(scales, 0, tokens);
        return model.addTemplate(channel, ids, scales, Arrays.copyOf(t, tl), hash);
    }

    private static final byte OPENS = 1;
    private static final byte MARK_BYTE = 2;
    private static final byte NUMBER_START = 3;
    /** What each byte value can mean to the tokenizer: most are plain text (0). */
    private static final byte[] CLASSES = new byte[256];

    static
    {
        CLASSES[':'] = OPENS;
        CLASSES[','] = OPENS;
        CLASSES['['] = OPENS;
        CLASSES[ArchiveModel.MARK & 0xFF] = MARK_BYTE;
        CLASSES['-'] = NUMBER_START;
        for (int d = '0'; d <= '9'; d++)
        {
            CLASSES[d] = NUMBER_START;
        }
    }

    /**
     * The bytes of a word that may open a number ({@code : , [}) or are the mark: the high bit of
     * each such byte, exact up to the first of them (what {@link Long#numberOfTrailingZeros} finds).
     */
    private static long special(final long word)
    {
        return JsonFields.bytesEqual(word, ':') | JsonFields.bytesEqual(word, ',') | JsonFields.bytesEqual(word, '[')
            | JsonFields.zeroBytes(~word);
    }

    private long parsedValue;
    private int parsedScale;
    /** The digits read by {@link #digits}: their count, and their value appended to what came before. */
    private int digitsRead;
    private long digitsValue;

    /**
     * Reads the run of digits at {@code j} eight at a time, appending them to {@code value}; false
     * when it comes within 8 bytes of the end (the byte-at-a-time parser takes those).
     */
    private boolean digits(final byte[] p, final int from, final int end, final long value)
    {
        long v = value;
        int j = from;
        int run;
        do
        {
            if (j + 8 > end)
            {
                return false;
            }
            final long word = (long) LONGS.get(p, j);
            run = JsonFields.digitRun(word);
            if (run == 0)
            {
                break;
            }
            // the run's bytes to the top of the word, zero bytes (leading zeros) below them
            v = v * ArchiveModel.POWERS[run] + JsonFields.eightDigits((word ^ JsonFields.ZEROS) << ((8 - run) << 3));
            j += run;
        }
        while (run == 8 && j - from <= ArchiveModel.MAX_DIGITS);
        digitsRead = j - from;
        digitsValue = v;
        return true;
    }

    /**
     * Parses a number token at {@code i}: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, at most 18 digits,
     * not minus zero, followed by the closing quote (quoted) or by {@code , } ]} or the end.
     *
     * @return the index after it, or -1 when it is not one the template path reproduces.
     */
    private int number(final byte[] p, final int i, final int end, final boolean quoted)
    {
        final boolean negative = p[i] == '-';
        final int digitsStart = negative ? i + 1 : i;
        if (digitsStart + 8 <= end)
        {
            final int j = numberInWord(p, digitsStart, end);
            if (j >= 0)
            {
                return end(p, j, end, quoted, negative, wordValue, wordScale);
            }
            if (j == NOT_A_NUMBER)
            {
                return -1;
            }
        }
        if (!digits(p, digitsStart, end, 0))
        {
            return numberByBytes(p, i, end, quoted);
        }
        final int integerDigits = digitsRead;
        if (integerDigits == 0 || integerDigits > ArchiveModel.MAX_DIGITS || (integerDigits > 1 && p[digitsStart] == '0'))
        {
            return -1;
        }
        int j = digitsStart + integerDigits;
        long value = digitsValue;
        int scale = 0;
        if (j < end && p[j] == '.')
        {
            if (!digits(p, j + 1, end, value))
            {
                return numberByBytes(p, i, end, quoted);
            }
            scale = digitsRead;
            if (scale == 0 || integerDigits + scale > ArchiveModel.MAX_DIGITS)
            {
                return -1;
            }
            value = digitsValue;
            j += 1 + scale;
        }
        return end(p, j, end, quoted, negative, value, scale);
    }

    /** {@link #numberInWord}: the digits are not a number the template path reproduces. */
    private static final int NOT_A_NUMBER = -1;
    /** {@link #numberInWord}: the number does not end within the word; read it by {@link #digits}. */
    private static final int LONGER = -2;
    private long wordValue;
    private int wordScale;

    /**
     * Reads the digits of a number that ends within the eight bytes at {@code from}, the point
     * among them if it has one, with one load and one conversion: most prices and quantities
     * ({@code 3499.97}, {@code 0.109}) and small integers are that short.
     *
     * @return the index after its digits (value and scale in {@link #wordValue}, {@link #wordScale}),
     *         {@link #NOT_A_NUMBER} or {@link #LONGER}.
     */
    private int numberInWord(final byte[] p, final int from, final int end)
    {
        final long x = (long) LONGS.get(p, from) ^ JsonFields.ZEROS;
        final long marks = JsonFields.notDigits(x);
        final int integer = Long.numberOfTrailingZeros(marks) >>> 3;
        if (integer == 8)
        {
            return integerInTwoWords(p, from, end, x);
        }
        if (integer == 0 || (integer > 1 && p[from] == '0'))
        {
            return NOT_A_NUMBER;
        }
        final int bits = integer << 3;
        if (p[from + integer] != '.')
        {
            wordValue = JsonFields.eightDigits(x << (64 - bits));
            wordScale = 0;
            return from + integer;
        }
        if (integer == 7)
        {
            return LONGER;
        }
        // the fraction's digits run to the next mark after the point; none within the word: longer
        final long after = marks & (-1L << (bits + 8));
        final int stop;
        if (after != 0)
        {
            stop = Long.numberOfTrailingZeros(after) >>> 3;
        }
        else if (from + 8 < end && !isDigit(p[from + 8]))
        {
            stop = 8;
        }
        else
        {
            return LONGER;
        }
        final int scale = stop - integer - 1;
        if (scale == 0)
        {
            return NOT_A_NUMBER;
        }
        // the point taken out: the fraction's bytes moved down one onto it
        final long low = (1L << bits) - 1;
        final long joined = (x & low) | ((x >>> 8) & ~low);
        wordValue = JsonFields.eightDigits(joined << (64 - ((stop - 1) << 3)));
        wordScale = scale;
        return from + stop;
    }

    /**
     * {@link #numberInWord} for an integer of 9 to 15 digits (ids, times in ms), {@code x} its first
     * eight digits' values.
     */
    private int integerInTwoWords(final byte[] p, final int from, final int end, final long x)
    {
        if (from + 16 > end)
        {
            return LONGER;
        }
        final long y = (long) LONGS.get(p, from + 8) ^ JsonFields.ZEROS;
        final int more = Long.numberOfTrailingZeros(JsonFields.notDigits(y)) >>> 3;
        if (more == 8 || p[from + 8 + more] == '.')
        {
            return LONGER;
        }
        if (p[from] == '0')
        {
            return NOT_A_NUMBER;
        }
        final long high = JsonFields.eightDigits(x);
        wordValue = more == 0 ? high : high * ArchiveModel.POWERS[more] + JsonFields.eightDigits(y << (64 - (more << 3)));
        wordScale = 0;
        return from + 8 + more;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    /**
     * A number's digits are read: it is one when its closing quote (quoted) or {@code , } ]} (bare) or
     * the end follows, and it is not a minus zero; then its value and scale are kept.
     *
     * @return the index after it, or -1.
     */
    private int end(final byte[] p, final int j, final int end, final boolean quoted, final boolean negative, final long value,
        final int scale)
    {
        if (quoted ? j >= end || p[j] != '"' : j < end && p[j] != ',' && p[j] != '}' && p[j] != ']')
        {
            return -1;
        }
        if (negative && value == 0)
        {
            return -1;
        }
        parsedValue = negative ? -value : value;
        parsedScale = scale;
        return j;
    }

    /** {@link #number} a byte at a time, for a number within 8 bytes of the payload's end. */
    private int numberByBytes(final byte[] p, final int i, final int end, final boolean quoted)
    {
        int j = i;
        final boolean negative = p[j] == '-';
        if (negative)
        {
            j++;
        }
        final int digitsStart = j;
        long value = 0;
        while (j < end && p[j] >= '0' && p[j] <= '9')
        {
            value = value * 10 + (p[j] - '0');
            j++;
            if (j - digitsStart > ArchiveModel.MAX_DIGITS)
            {
                return -1;
            }
        }
        final int integerDigits = j - digitsStart;
        if (integerDigits == 0 || (integerDigits > 1 && p[digitsStart] == '0'))
        {
            return -1;
        }
        int scale = 0;
        if (j < end && p[j] == '.')
        {
            j++;
            final int fractionStart = j;
            while (j < end && p[j] >= '0' && p[j] <= '9')
            {
                value = value * 10 + (p[j] - '0');
                j++;
                if (integerDigits + j - fractionStart > ArchiveModel.MAX_DIGITS)
                {
                    return -1;
                }
            }
            scale = j - fractionStart;
            if (scale == 0)
            {
                return -1;
            }
        }
        return end(p, j, end, quoted, negative, value, scale);
    }

    private static long getLong(final byte[] b, final int offset)
    {
        return (long) LONGS.get(b, offset);
    }

    /**
     * Writes the block body: the record count, each column's length before and after compression,
     * then the columns.
     *
     * @return the body's length in {@code out}, from its position 0.
     */
    int encode(final ArchiveColumn out)
    {
        out.clear();
        out.putVarint(count);
        out.putByte(COLUMNS);
        final int[] stored = new int[COLUMNS];
        final int[] method = new int[COLUMNS];
        int total = 0;
        for (int i = 0; i < COLUMNS; i++)
        {
            total += (int) Zstd.compressBound(columns[i].position);
        }
        if (compressed.length < total)
        {
            compressed = new byte[total + (total >> 2)];
        }
        int at = 0;
        for (int i = 0; i < COLUMNS; i++)
        {
            final ArchiveColumn c = columns[i];
            if (c.position == 0)
            {
                continue;
            }
            final long n = Zstd.compressByteArray(compressed, at, compressed.length - at, c.bytes, 0, c.position,
                i == DICTIONARY ? Math.max(level, DICTIONARY_LEVEL) : level);
            if (Zstd.isError(n))
            {
                throw new IllegalStateException("zstd: " + Zstd.getErrorName(n));
            }
            if (n < c.position)
            {
                method[i] = METHOD_ZSTD;
                stored[i] = (int) n;
                at += (int) n;
            }
            else
            {
                method[i] = METHOD_STORED;
                stored[i] = c.position;
            }
        }
        int from = 0;
        for (int i = 0; i < COLUMNS; i++)
        {
            out.putByte(method[i]);
            out.putVarint(columns[i].position);
            out.putVarint(stored[i]);
        }
        for (int i = 0; i < COLUMNS; i++)
        {
            if (columns[i].position == 0)
            {
                continue;
            }
            if (method[i] == METHOD_ZSTD)
            {
                out.putBytes(compressed, from, stored[i]);
                from += stored[i];
            }
            else
            {
                out.putBytes(columns[i].bytes, 0, stored[i]);
            }
        }
        return out.position;
    }

    /** Bytes each column held before compression, for the size benchmark's breakdown. */
    int[] columnSizes()
    {
        final int[] sizes = new int[COLUMNS];
        for (int i = 0; i < COLUMNS; i++)
        {
            sizes[i] = columns[i].position;
        }
        return sizes;
    }
}
