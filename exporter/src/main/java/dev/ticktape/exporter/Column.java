package dev.ticktape.exporter;

import dev.ticktape.core.decode.Decimal;
import dev.ticktape.core.decode.TextView;
import org.agrona.DirectBuffer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One column of an exported table: its Parquet type and how a {@link Row} fills it. Columns are
 * optional (null when the message lacks the field) except {@code recv_time}; values go straight
 * into parquet-java's per-column writers (flat schema: repetition level 0, definition level 1).
 * <p>
 * Decimals are exact: {@code DECIMAL(18,8)} in an INT64 for prices and other bounded values, and
 * {@code DECIMAL(28,8)} in 12 bytes for quantities and volumes, which on some symbols exceed ten
 * integer digits. Eight places hold every Binance price and quantity; a value that needs more, or
 * does not fit, stops the export ({@code DATA}) instead of being rounded. With
 * {@code --float} both are DOUBLE.
 */
abstract class Column
{
    /** Scale of every exact decimal column. */
    static final int SCALE = 8;
    static final int NARROW_PRECISION = 18;
    static final int WIDE_PRECISION = 28;
    static final int WIDE_BYTES = 12;

    final String name;
    final String description;
    int index;
    /** Dictionary-encode this column: for values that repeat (names, prices), not for ids and times. */
    boolean dictionary;
    /**
     * Keep min/max statistics: off for 12-byte decimals, whose comparisons cost more than they
     * give, and for the event tables' market and stream, which every row group holds all of.
     */
    boolean statistics = true;

    Column(final String name, final String description)
    {
        this.name = name;
        this.description = description;
    }

    /** The column's Parquet type; {@code floats} for {@code --float}. */
    abstract Type type(boolean floats);

    /** A short type name for the documentation and the summary. */
    abstract String typeName(boolean floats);

    /** @return whether the column keeps min/max statistics, as DOUBLE with {@code --float} if a decimal. */
    boolean statistics(final boolean floats)
    {
        return statistics;
    }

    /** @return this column, without min/max statistics. */
    final Column noStatistics()
    {
        this.statistics = false;
        return this;
    }

    /** @return this column, dictionary-encoded. */
    final Column dictionary()
    {
        this.dictionary = true;
        return this;
    }

    /** Puts the row's value, or a null, into the sink (on the decoding thread). */
    abstract void write(ValueSink out, Row row);

    /** @return whether values are bytes (text, blobs, 12-byte decimals) rather than numbers. */
    boolean binary()
    {
        return false;
    }

    /** @return whether values are whole frame payloads ({@link #blob}): written PLAIN, compressed for speed. */
    boolean payload()
    {
        return false;
    }

    @FunctionalInterface
    interface LongValue
    {
        long get(Row row);
    }

    @FunctionalInterface
    interface BooleanValue
    {
        boolean get(Row row);
    }

    @FunctionalInterface
    interface DecimalValue
    {
        /** @return the decimal, or null; an absent decimal is null too. */
        Decimal get(Row row);
    }

    @FunctionalInterface
    interface TextValue
    {
        /** @return the text, or null; an absent view is null too. */
        TextView get(Row row);
    }

    @FunctionalInterface
    interface StringValue
    {
        String get(Row row);
    }

    /**
     * Receive time, the first two columns of every table, never null: {@code recv_time}, a
     * {@code TIMESTAMP(MICROS, UTC)} that every reader takes as a timestamp (Spark refuses
     * {@code TIMESTAMP(NANOS)} without options), and {@code recv_sub_us}, the nanoseconds past its
     * microsecond (0 to 999), so that the two hold the journal's receive time exactly. Splitting
     * it so (as Spark's own nanosecond timestamps do) costs 1.2 bytes a row where a second,
     * whole-nanosecond column cost 3.
     */
    static List<Column> recvTime(final String description)
    {
        final Column micros = new Column("recv_time", description + ", to the microsecond")
        {
            @Override
            Type type(final boolean floats)
            {
                return Types.required(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
            }

            @Override
            String typeName(final boolean floats)
            {
                return "TIMESTAMP(MICROS, UTC), required";
            }

            @Override
            void write(final ValueSink out, final Row row)
            {
                out.value(Math.floorDiv(row.recvNanos, 1000L));
            }
        };
        final Column nanos = new Column("recv_sub_us", "the nanoseconds past recv_time's microsecond, 0 to 999: "
            + "epoch_us(recv_time) * 1000 + recv_sub_us is the exact receive time in epoch nanoseconds")
        {
            @Override
            Type type(final boolean floats)
            {
                return Types.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
            }

            @Override
            String typeName(final boolean floats)
            {
                return "SMALLINT, required";
            }

            @Override
            void write(final ValueSink out, final Row row)
            {
                out.value((int) Math.floorMod(row.recvNanos, 1000L));
            }
        }.dictionary();
        return List.of(micros, nanos);
    }

    /**
     * An exchange time in microseconds: the event's own unit (milliseconds unless the connection
     * or the SBE stream gives microseconds) converted exactly. Negative (absent) is null.
     */
    static Column eventTime(final String name, final String description, final LongValue value)
    {
        return new Column(name, description)
        {
            @Override
            Type type(final boolean floats)
            {
                return Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
            }

            @Override
            String typeName(final boolean floats)
            {
                return "TIMESTAMP(MICROS, UTC)";
            }

            @Override
            void write(final ValueSink out, final Row row)
            {
                final long v = value.get(row);
                if (v >= 0)
                {
                    out.value(row.event.timeUnit() == TimeUnit.MILLISECONDS ? v * 1000 : v);
                }
                else
                {
                    out.nil();
                }
            }
        };
    }

    /** A 64-bit integer, written as it is. */
    static Column int64(final String name, final String description, final LongValue value)
    {
        return new IntegerColumn(name, description, value, false, false);
    }

    /** A 64-bit integer that is null when negative (ids a message may lack). */
    static Column optionalInt64(final String name, final String description, final LongValue value)
    {
        return new IntegerColumn(name, description, value, false, true);
    }

    /** A 32-bit integer that is null when negative. */
    static Column int32(final String name, final String description, final LongValue value)
    {
        return new IntegerColumn(name, description, value, true, true);
    }

    private static final class IntegerColumn extends Column
    {
        private final LongValue value;
        private final boolean int32;
        private final boolean nullIfNegative;

        IntegerColumn(final String name, final String description, final LongValue value, final boolean int32,
            final boolean nullIfNegative)
        {
            super(name, description);
            this.value = value;
            this.int32 = int32;
            this.nullIfNegative = nullIfNegative;
        }

        @Override
        Type type(final boolean floats)
        {
            return Types.optional(int32 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64).named(name);
        }

        @Override
        String typeName(final boolean floats)
        {
            return int32 ? "INTEGER" : "BIGINT";
        }

        @Override
        void write(final ValueSink out, final Row row)
        {
            final long v = value.get(row);
            if (nullIfNegative && v < 0)
            {
                out.nil();
            }
            else if (int32)
            {
                out.value((int) v);
            }
            else
            {
                out.value(v);
            }
        }
    }

    static Column bool(final String name, final String description, final BooleanValue value)
    {
        return new Column(name, description)
        {
            @Override
            Type type(final boolean floats)
            {
                return Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            }

            @Override
            String typeName(final boolean floats)
            {
                return "BOOLEAN";
            }

            @Override
            void write(final ValueSink out, final Row row)
            {
                out.value(value.get(row));
            }
        };
    }

    /** A dictionary-encoded UTF-8 column. */
    abstract static class Varchar extends Column
    {
        Varchar(final String name, final String description)
        {
            super(name, description);
            this.dictionary = true;
        }

        @Override
        final Type type(final boolean floats)
        {
            return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
        }

        @Override
        final String typeName(final boolean floats)
        {
            return "VARCHAR";
        }

        @Override
        final boolean binary()
        {
            return true;
        }

        /** Writes {@code length} bytes of {@code buffer} at {@code offset}, or a null for none. */
        static void bytesOrNull(final ValueSink out, final DirectBuffer buffer, final int offset, final int length)
        {
            if (buffer == null)
            {
                out.nil();
            }
            else
            {
                out.bytes(buffer, offset, length);
            }
        }
    }

    /** UTF-8 text from a decoded view; null when absent. */
    static Column text(final String name, final String description, final TextValue value)
    {
        return new Varchar(name, description)
        {
            @Override
            void write(final ValueSink out, final Row row)
            {
                final TextView v = value.get(row);
                final boolean present = v != null && v.isPresent();
                bytesOrNull(out, present ? v.buffer() : null, present ? v.offset() : 0, present ? v.byteLength() : 0);
            }
        };
    }

    /** UTF-8 text from a string (session events, names); null when null. */
    static Column string(final String name, final String description, final StringValue value)
    {
        return new Varchar(name, description)
        {
            private String last;
            private byte[] lastBytes;

            @Override
            void write(final ValueSink out, final Row row)
            {
                final String v = value.get(row);
                if (v == null)
                {
                    out.nil();
                    return;
                }
                if (v != last) // the same constant (a market name) row after row: encoded once
                {
                    last = v;
                    lastBytes = v.getBytes(StandardCharsets.UTF_8);
                }
                out.bytes(lastBytes, 0, lastBytes.length);
            }
        };
    }

    /** Raw bytes (a frame's payload). */
    static Column blob(final String name, final String description)
    {
        // no min/max: two comparisons of whole payloads a row, and a copy of each new extreme, for
        // bounds nobody filters on
        return new Column(name, description)
        {
            {
                statistics = false;
            }

            @Override
            Type type(final boolean floats)
            {
                return Types.optional(PrimitiveTypeName.BINARY).named(name);
            }

            @Override
            String typeName(final boolean floats)
            {
                return "BLOB";
            }

            @Override
            boolean binary()
            {
                return true;
            }

            @Override
            boolean payload()
            {
                return true;
            }

            @Override
            void write(final ValueSink out, final Row row)
            {
                out.bytes(row.frame.buffer(), row.frame.payloadOffset(), row.frame.payloadLength());
            }
        };
    }

    /** An exact decimal, {@code DECIMAL(18,8)}: prices, rates, ratios. */
    static Column decimal(final String name, final String description, final DecimalValue value)
    {
        return new DecimalColumn(name, description, value, false);
    }

    /** An exact decimal, {@code DECIMAL(28,8)}: quantities, volumes, notionals. */
    static Column wideDecimal(final String name, final String description, final DecimalValue value)
    {
        return new DecimalColumn(name, description, value, true);
    }

    private static final class DecimalColumn extends Column
    {
        private final DecimalValue value;
        private final boolean wide;

        DecimalColumn(final String name, final String description, final DecimalValue value, final boolean wide)
        {
            super(name, description);
            this.value = value;
            this.wide = wide;
            this.dictionary = !wide;
            this.statistics = !wide;
        }

        @Override
        boolean statistics(final boolean floats)
        {
            return statistics || floats;
        }

        @Override
        Type type(final boolean floats)
        {
            if (floats)
            {
                return Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            }
            if (wide)
            {
                return Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(WIDE_BYTES)
                    .as(LogicalTypeAnnotation.decimalType(SCALE, WIDE_PRECISION)).named(name);
            }
            return Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.decimalType(SCALE, NARROW_PRECISION)).named(name);
        }

        @Override
        boolean binary()
        {
            return wide;
        }

        @Override
        String typeName(final boolean floats)
        {
            return floats ? "DOUBLE" : "DECIMAL(" + (wide ? WIDE_PRECISION : NARROW_PRECISION) + "," + SCALE + ")";
        }

        @Override
        void write(final ValueSink out, final Row row)
        {
            final Decimal d = value.get(row);
            if (d == null || !d.isPresent())
            {
                out.nil();
            }
            else if (row.floats)
            {
                out.value(d.toDouble());
            }
            else if (wide)
            {
                out.bytes(Decimals.wide(d.mantissa(), d.scale(), row.wide, name), 0, WIDE_BYTES);
            }
            else
            {
                out.value(Decimals.narrow(d.mantissa(), d.scale(), name));
            }
        }
    }
}
