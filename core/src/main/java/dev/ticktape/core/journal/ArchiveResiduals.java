package dev.ticktape.core.journal;

import static dev.ticktape.core.journal.ArchiveFormat.*;

/**
 * The residual columns of an archive block ({@code docs/archive-format.md}), for both sides: the
 * encoder puts a number's residual into its bucket's columns, the decoder gets it back. A residual
 * goes at the bucket's fixed width (1, 2 or 3 bytes, each byte of it in a column of its own, low
 * first), or as a varint for bucket 3; one that does not fit its width writes all ones there (so
 * all ones is escaped too) and the value as a varint in the escape column. The columns are the
 * block's own ({@link ArchiveFormat#ONE_BYTE} to {@link ArchiveFormat#ESCAPED}), held here one by
 * one rather than looked up per byte.
 */
final class ArchiveResiduals
{
    private final ArchiveColumn oneByte;
    private final ArchiveColumn twoLow;
    private final ArchiveColumn twoHigh;
    private final ArchiveColumn threeLow;
    private final ArchiveColumn threeMiddle;
    private final ArchiveColumn threeHigh;
    private final ArchiveColumn wide;
    private final ArchiveColumn escaped;

    /** @param columns a block's columns, by id. */
    ArchiveResiduals(final ArchiveColumn[] columns)
    {
        oneByte = columns[ONE_BYTE];
        twoLow = columns[TWO_BYTES];
        twoHigh = columns[TWO_BYTES + 1];
        threeLow = columns[THREE_BYTES];
        threeMiddle = columns[THREE_BYTES + 1];
        threeHigh = columns[THREE_BYTES + 2];
        wide = columns[WIDE];
        escaped = columns[ESCAPED];
    }

    /** Room for a byte a number in each fixed-width column, so that {@link #put} writes them unchecked. */
    void ensure(final int numbers)
    {
        oneByte.ensure(numbers);
        twoLow.ensure(numbers);
        twoHigh.ensure(numbers);
        threeLow.ensure(numbers);
        threeMiddle.ensure(numbers);
        threeHigh.ensure(numbers);
    }

    /** Puts a residual (zigzagged) into bucket {@code bucket}'s columns; {@link #ensure} first. */
    void put(final int bucket, final long zigzag)
    {
        if (bucket == WIDE_BUCKET)
        {
            wide.putVarint(zigzag);
            return;
        }
        final long allOnes = allOnes(bucket);
        final long v = Math.min(zigzag, allOnes); // zigzag values are never negative: residuals are under 2^62
        switch (bucket)
        {
            case 0 -> put(oneByte, v);
            case 1 ->
            {
                put(twoLow, v);
                put(twoHigh, v >>> 8);
            }
            default ->
            {
                put(threeLow, v);
                put(threeMiddle, v >>> 8);
                put(threeHigh, v >>> 16);
            }
        }
        if (v == allOnes)
        {
            escaped.putVarint(zigzag);
        }
    }

    /** @return the next residual (zigzagged) of bucket {@code bucket}. */
    long get(final int bucket)
    {
        if (bucket == WIDE_BUCKET)
        {
            return wide.getVarint();
        }
        final long v = switch (bucket)
        {
            case 0 -> next(oneByte);
            case 1 -> next(twoLow) | next(twoHigh) << 8;
            default -> next(threeLow) | next(threeMiddle) << 8 | next(threeHigh) << 16;
        };
        return v == allOnes(bucket) ? escaped.getVarint() : v;
    }

    /** The bucket whose residuals are varints. */
    private static final int WIDE_BUCKET = 3;

    /** The escape of a fixed-width bucket (0 to 2): all ones at its width of 1 to 3 bytes. */
    private static long allOnes(final int bucket)
    {
        return (1L << ((bucket + 1) << 3)) - 1;
    }

    private static void put(final ArchiveColumn column, final long v)
    {
        column.bytes[column.position++] = (byte) v;
    }

    private static long next(final ArchiveColumn column)
    {
        final int at = column.position;
        if (at >= column.limit)
        {
            throw new IllegalStateException("a number column ends early");
        }
        column.position = at + 1;
        return column.bytes[at] & 0xFFL;
    }
}
