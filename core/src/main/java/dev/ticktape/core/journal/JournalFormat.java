package dev.ticktape.core.journal;

import dev.ticktape.core.binance.JsonFields;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The journal's on-disk layout, version {@value #VERSION}.
 * <p>
 * A journal is a Chronicle Queue directory. Every excerpt starts with the same 28-byte header,
 * little-endian:
 * <pre>
 *   0        1        2        3        4                                 8
 *  +--------+--------+--------+--------+--------+--------+--------+--------+
 *  | record | format | market | kind / |          connection id            |
 *  |  type  |version |   id   | event  |          (int32, -1 = none)       |
 *  +--------+--------+--------+--------+--------+--------+--------+--------+
 *  |              receive time, wall clock, epoch nanoseconds (int64)       |  8
 *  +------------------------------------------------------------------------+
 *  |              receive time, monotonic nanoseconds (int64)               | 16
 *  +-----------------+--------+--------+------------------------------------+
 *  | stream offset   | stream | flags  |  28: [inline stream name]          | 24
 *  | (uint16, 0=none)| length | (bit 0 |      payload / Wire event body ... |
 *  |                 |        | inline)|                                    |
 *  +-----------------+--------+--------+------------------------------------+
 * </pre>
 * <ul>
 *   <li>record type {@link #RECORD_FRAME} ({@code 'F'}): a received frame. The kind byte is a
 *       {@link FrameKind} id; the payload is every byte after the header and the inline stream name,
 *       exactly as received.</li>
 *   <li>record type {@link #RECORD_EVENT} ({@code 'E'}): a session event. The kind byte is a
 *       {@link SessionEventType} code; the body is a self-describing Chronicle Wire (binary) document.</li>
 *   <li>The stream name is located by offset and length from the start of the excerpt. For a
 *       combined-stream text frame it points into the payload ({@code {"stream":"<name>",...}}), so
 *       nothing is stored twice; otherwise (a {@code /ws/<name>} URL) the name is stored inline right
 *       after the header and the payload follows it.</li>
 * </ul>
 * Journals roll every hour ({@link #DEFAULT_ROLL_CYCLE}), by receive time: see {@code docs/journal-format.md}.
 */
public final class JournalFormat
{
    /** The format version this build writes and the only one it reads. */
    public static final int VERSION = 1;

    /** Record type of a received frame: ASCII {@code 'F'}. */
    public static final byte RECORD_FRAME = 'F';
    /** Record type of a session event: ASCII {@code 'E'}. */
    public static final byte RECORD_EVENT = 'E';

    /** Offset of the record type byte. */
    public static final int RECORD_TYPE_OFFSET = 0;
    /** Offset of the format version byte. */
    public static final int VERSION_OFFSET = 1;
    /** Offset of the market id byte (0 when the record concerns no market). */
    public static final int MARKET_OFFSET = 2;
    /** Offset of the frame kind (frames) or event type (events) byte. */
    public static final int KIND_OFFSET = 3;
    /** Offset of the int32 connection id. */
    public static final int CONNECTION_OFFSET = 4;
    /** Offset of the int64 wall-clock receive time in epoch nanoseconds. */
    public static final int RECV_EPOCH_NS_OFFSET = 8;
    /** Offset of the int64 monotonic receive time in nanoseconds. */
    public static final int RECV_MONO_NS_OFFSET = 16;
    /** Offset of the uint16 stream-name offset (from the start of the excerpt; 0 = no stream). */
    public static final int STREAM_OFFSET_OFFSET = 24;
    /** Offset of the uint8 stream-name length. */
    public static final int STREAM_LENGTH_OFFSET = 26;
    /** Offset of the flags byte (bit 0: {@link #FLAG_STREAM_INLINE}). */
    public static final int FLAGS_OFFSET = 27;
    /** Flag bit: the stream name is stored inline after the header and the payload follows it. */
    public static final int FLAG_STREAM_INLINE = 1;
    /** Length of the fixed header. */
    public static final int HEADER_LENGTH = 28;

    /** Longest stream name the header can point at. */
    public static final int MAX_STREAM_LENGTH = 255;
    /** Largest payload a frame may carry: 8 MiB, far above any Binance market-data message. */
    public static final int MAX_PAYLOAD_LENGTH = 8 << 20;

    /**
     * The roll cycle of new journals: one file per UTC hour, up to 2^32-1 excerpts each.
     * That is 1.19 M frames/s sustained for a whole hour, above what one WebSocket recorder can
     * receive on this hardware, while a full-market day can exceed the 2^32-1 excerpts of
     * Chronicle's default daily cycle.
     */
    public static final RollCycle DEFAULT_ROLL_CYCLE = RollCycles.FAST_HOURLY;

    /** Connection id for records that belong to no connection. */
    public static final int NO_CONNECTION = -1;

    static final byte[] COMBINED_PREFIX = "{\"stream\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The length of <code>&#123;"stream":"</code>, where a combined-stream frame's stream name starts. */
    public static final int COMBINED_PREFIX_LENGTH = COMBINED_PREFIX.length;

    /**
     * Locates the stream name of a combined-stream frame, the way the journal does: the recorder and
     * the replay server use it so that what they take for a frame's stream is what the journal records.
     *
     * @return the length of the stream name of a combined-stream frame ({@code {"stream":"<name>",...}}),
     * which starts {@link #COMBINED_PREFIX_LENGTH} bytes in; 0 when the payload is not one (or the name is
     * escaped or too long to point at).
     */
    public static int combinedStreamLength(final DirectBuffer payload, final int offset, final int length)
    {
        // {"stream":" is 11 bytes: compare it as one 8-byte word and one 4-byte word (its last 3 bytes + 1 more).
        if (length <= COMBINED_PREFIX.length + 1
            || payload.getLong(offset, ByteOrder.LITTLE_ENDIAN) != COMBINED_PREFIX_WORD0
            || (payload.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN) & 0x00FF_FFFF) != COMBINED_PREFIX_WORD1)
        {
            return 0;
        }
        final int prefix = COMBINED_PREFIX.length;
        final int end = Math.min(length, prefix + MAX_STREAM_LENGTH + 1);
        int i = prefix;
        for (; i + 8 <= end; i += 8)
        {
            // eight bytes at a time up to the first quote or backslash: the name's end, or an escape
            final long w = payload.getLong(offset + i, ByteOrder.LITTLE_ENDIAN);
            final long found = JsonFields.bytesEqual(w, '"') | JsonFields.bytesEqual(w, '\\');
            if (found != 0)
            {
                final int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
                return payload.getByte(offset + at) == '"' ? at - prefix : 0;
            }
        }
        for (; i < end; i++)
        {
            final byte b = payload.getByte(offset + i);
            if (b == '"')
            {
                return i - prefix;
            }
            if (b == '\\')
            {
                return 0;
            }
        }
        return 0;
    }

    private static final long COMBINED_PREFIX_WORD0 = littleEndianLong(COMBINED_PREFIX, 0);
    private static final int COMBINED_PREFIX_WORD1 = (COMBINED_PREFIX[8] & 0xFF) | ((COMBINED_PREFIX[9] & 0xFF) << 8)
        | ((COMBINED_PREFIX[10] & 0xFF) << 16);

    private static long littleEndianLong(final byte[] bytes, final int offset)
    {
        long word = 0;
        for (int i = 7; i >= 0; i--)
        {
            word = (word << 8) | (bytes[offset + i] & 0xFF);
        }
        return word;
    }

    private JournalFormat()
    {
    }
}
