package dev.ticktape.core.decode;

import java.util.Arrays;

/**
 * A message type's fields as Binance keys them ({@link JsonKeys}), each with how its value is read
 * into the type's event: the declaration the general path decodes by ({@link MessageFields}), one
 * per type, instead of a chain of key comparisons in every decoder. Built once; {@link #read}
 * allocates nothing.
 *
 * @param <E> the event the fields go into.
 */
final class FieldMap<E>
{
    /** An integer field. */
    @FunctionalInterface
    interface LongField<E>
    {
        void set(E event, long value);
    }

    /** A boolean field. */
    @FunctionalInterface
    interface BooleanField<E>
    {
        void set(E event, boolean value);
    }

    /** A field the event holds as an object the cursor reads into (a decimal, a text). */
    @FunctionalInterface
    interface Part<E, T>
    {
        T of(E event);
    }

    private static final byte LONG = 0;
    private static final byte DECIMAL = 1;
    private static final byte TEXT = 2;
    private static final byte BOOLEAN = 3;

    /**
     * @param <E> a market event.
     * @return a map holding the fields every market event has: {@code E}, the event time, and
     *         {@code s}, the symbol.
     */
    static <E extends MarketEvent> FieldMap<E> event()
    {
        return new FieldMap<E>().longs(JsonKeys.K_E, (e, v) -> e.eventTime = v).text(JsonKeys.K_S_LOWER, e -> e.symbol);
    }

    private int[] keys = new int[0];
    private byte[] kinds = new byte[0];
    private Object[] readers = new Object[0];

    FieldMap<E> longs(final int key, final LongField<E> field)
    {
        return add(key, LONG, field);
    }

    FieldMap<E> decimal(final int key, final Part<E, Decimal> field)
    {
        return add(key, DECIMAL, field);
    }

    FieldMap<E> text(final int key, final Part<E, TextView> field)
    {
        return add(key, TEXT, field);
    }

    FieldMap<E> bool(final int key, final BooleanField<E> field)
    {
        return add(key, BOOLEAN, field);
    }

    private FieldMap<E> add(final int key, final byte kind, final Object reader)
    {
        for (final int k : keys)
        {
            if (k == key)
            {
                throw new IllegalStateException("a field declared twice");
            }
        }
        final int n = keys.length;
        keys = Arrays.copyOf(keys, n + 1);
        kinds = Arrays.copyOf(kinds, n + 1);
        readers = Arrays.copyOf(readers, n + 1);
        keys[n] = key;
        kinds[n] = kind;
        readers[n] = reader;
        return this;
    }

    /**
     * Reads the value at the cursor into the event, if the key is one of the type's fields.
     *
     * @return false when it is not (the caller skips the value).
     */
    @SuppressWarnings("unchecked")
    boolean read(final int key, final JsonCursor cursor, final E event)
    {
        final int[] k = keys;
        for (int i = 0; i < k.length; i++)
        {
            if (k[i] == key)
            {
                switch (kinds[i])
                {
                    case LONG -> ((LongField<E>) readers[i]).set(event, cursor.readLong());
                    case DECIMAL -> cursor.readDecimal(((Part<E, Decimal>) readers[i]).of(event));
                    case TEXT -> cursor.readString(((Part<E, TextView>) readers[i]).of(event));
                    default -> ((BooleanField<E>) readers[i]).set(event, cursor.readBoolean());
                }
                return true;
            }
        }
        return false;
    }
}
