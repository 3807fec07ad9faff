package dev.ticktape.core.journal;

/**
 * The archive's on-disk layout, version {@value #VERSION}: one file per sealed journal hour,
 * named like the hour's {@code .cq4} file with {@value #SUFFIX} in place of {@code .cq4}.
 * All integers are little-endian; {@code docs/archive-format.md} has the full description.
 * <pre>
 *  header   magic "TTARCHV1", u16 version, u16 header length, i32 cycle, i64 cycle start (epoch ms),
 *           i64 cycle length (ms), u8 + ASCII roll cycle name, u32 CRC32C of the header before it
 *  blocks   each: the block body (record count, column table, zstd columns), CRC32C in the index
 *  index    per block: i64 offset, i32 length, u32 CRC32C, i64 first sequence, i32 records,
 *           i64 first receive time, i64 last receive time (epoch ns)
 *  footer   i64 index offset, i32 blocks, u32 index CRC32C, i64 records, i64 first and i64 last
 *           receive time, i64 raw record bytes, magic "TTAEND01"
 * </pre>
 */
public final class ArchiveFormat
{
    /** The archive format version this build writes and the only one it reads. */
    public static final int VERSION = 1;
    /** File name suffix of an archived hour. */
    public static final String SUFFIX = ".tta";
    /** Suffix of an archive being written: never read, removed by the next archiver run. */
    public static final String PARTIAL_SUFFIX = ".tta.partial";

    static final byte[] MAGIC = {'T', 'T', 'A', 'R', 'C', 'H', 'V', '1'};
    static final byte[] END_MAGIC = {'T', 'T', 'A', 'E', 'N', 'D', '0', '1'};
    /** Bytes of one index entry. */
    static final int INDEX_ENTRY = 8 + 4 + 4 + 8 + 4 + 8 + 8;
    /** Bytes of the footer. */
    static final int FOOTER = 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8;

    /** Column ids, in the order a block body lists them. */
    static final int CHANNEL = 0;
    static final int DICTIONARY = 1;
    static final int TEMPLATE = 2;
    static final int TIME = 3;
    static final int MONO = 4;
    static final int RAW = 5;
    /** Residuals of bucket 0: one byte each. */
    static final int ONE_BYTE = 6;
    /** Residuals of bucket 1: two bytes each, the low bytes in this column and the high ones in the next. */
    static final int TWO_BYTES = 7;
    /** Residuals of bucket 2: three bytes each, in this column and the next two, low byte first. */
    static final int THREE_BYTES = 9;
    /** Residuals of bucket 3: varints. */
    static final int WIDE = 12;
    /** Residuals that did not fit their bucket's width (which then holds all ones): varints. */
    static final int ESCAPED = 13;
    static final int COLUMNS = 14;

    static final int METHOD_STORED = 0;
    static final int METHOD_ZSTD = 1;

    /** zstd level of the columns; the dictionary column, small and repetitive, gets at least {@link #DICTIONARY_LEVEL}. */
    static final int DEFAULT_LEVEL = 1;
    static final int DICTIONARY_LEVEL = 9;
    /** A channel whose frames keep making new templates (not JSON of a fixed shape) stores the rest raw. */
    static final int MAX_TEMPLATES_PER_CHANNEL = 4096;
    /** A block closes at this many records or raw bytes, whichever comes first. */
    static final int BLOCK_RECORDS = 65_536;
    static final int BLOCK_BYTES = 8 << 20;

    private ArchiveFormat()
    {
    }
}
