package dev.ticktape.core.decode;

import org.agrona.UnsafeApi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * A message type's fields as Binance keys them ({@link JsonKeys}), each with the event field its
 * value goes into and how it is read, and the fields an event must hold to be delivered: the one
 * declaration both JSON paths decode by ({@link MessageFields}), instead of a chain of key
 * comparisons in every decoder. The general path reads an object's members with {@link JsonCursor}
 * ({@link #readMembers(JsonCursor, Object)}), the fast path with {@link FastJsonReader}
 * ({@link #readMembers(FastJsonReader, int, boolean, Object)}).
 * <p>
 * An event field is named as it is declared in the event class, and resolved once, when the map
 * is built, to the field's offset (a name that is not a field of the right type fails the class's
 * initialisation, so any decoding test finds it). Reading stores through the offset: no call per
 * field, which keeps the fast path as fast as code written for each type, and nothing allocated.
 *
 * @param <E> the event (or the part of one, such as an array element) the fields go into.
 */
final class FieldMap<E>
{
    /** A part of the event that an array of objects adds an element to, for each element. */
    @FunctionalInterface
    interface Element<E, T>
    {
        T add(E event);
    }

    private static final byte LONG = 0;
    private static final byte DECIMAL = 1;
    private static final byte TEXT = 2;
    private static final byte BOOLEAN = 3;
    /** A text read only while the event has none: the first of two keys for one field wins. */
    private static final byte FIRST_TEXT = 4;
    /** An array of price levels, {@code [["price","quantity"],...]}. */
    private static final byte LEVELS = 5;
    /** A nested object whose fields go into the same event, which notes in a boolean field that it came. */
    private static final byte OBJECT = 6;
    /** An array of objects, each read by its own map into an element the event adds (general path only). */
    private static final byte OBJECTS = 7;

    /**
     * @param type the event class.
     * @param <E>  a market event.
     * @return a map of {@code type} holding the fields every market event has: {@code E}, the event
     *         time, and {@code s}, the symbol.
     */
    static <E extends MarketEvent> FieldMap<E> event(final Class<E> type)
    {
        return new FieldMap<>(type).longs(JsonKeys.K_E, "eventTime").text(JsonKeys.K_S_LOWER, "symbol");
    }

    /** The multiplier of the key hash into {@link #slots}. */
    private static final int HASH = 0x9E37_79B1;

    private final Class<E> type;
    private int[] keys = new int[0];
    /**
     * Each packed key's field at {@code slots[(key * HASH) >>> shift]}, 0 where none: the key in the
     * upper half, then the field's offset (16 bits), kind (8) and index (8). The table is made just
     * large enough for no two of the map's keys to share a slot (a perfect hash), so that finding a
     * field and all it takes to read it is a multiply, one load and a compare.
     */
    private long[] slots = new long[2];
    private int shift = 31;
    private byte[] kinds = new byte[0];
    private long[] offsets = new long[0];
    private FieldMap<?>[] nested = new FieldMap<?>[0];
    private Element<?, ?>[] elements = new Element<?, ?>[0];
    /** The names of fields keyed by a name too long to pack ({@link JsonCursor#keyIs}); null for the others. */
    private byte[][] names = new byte[0][];
    /** The fields an event must hold, as {@link #requires} takes them: their kinds and offsets. */
    private byte[] requiredKinds = new byte[0];
    private long[] requiredOffsets = new long[0];

    FieldMap(final Class<E> type)
    {
        this.type = type;
    }

    /** An integer field. */
    FieldMap<E> longs(final int key, final String field)
    {
        return add(key, LONG, offset(field, long.class), null, null);
    }

    /** An integer field whose name is too long to pack into a key: the fast path never reads it. */
    FieldMap<E> longs(final byte[] name, final String field)
    {
        for (final byte[] n : names)
        {
            if (Arrays.equals(n, name))
            {
                throw new IllegalStateException("a field declared twice");
            }
        }
        add(0, LONG, offset(field, long.class), null, null);
        names[names.length - 1] = name;
        return this;
    }

    FieldMap<E> decimal(final int key, final String field)
    {
        return add(key, DECIMAL, offset(field, Decimal.class), null, null);
    }

    FieldMap<E> text(final int key, final String field)
    {
        return add(key, TEXT, offset(field, TextView.class), null, null);
    }

    /** A text field also keyed elsewhere, read here only when the event has none yet. */
    FieldMap<E> firstText(final int key, final String field)
    {
        return add(key, FIRST_TEXT, offset(field, TextView.class), null, null);
    }

    FieldMap<E> bool(final int key, final String field)
    {
        return add(key, BOOLEAN, offset(field, boolean.class), null, null);
    }

    FieldMap<E> levels(final int key, final String field)
    {
        return add(key, LEVELS, offset(field, PriceLevels.class), null, null);
    }

    /**
     * A nested object whose fields {@code fields} declares into the same event; the boolean field
     * {@code cameFlag} is set when it comes.
     */
    FieldMap<E> object(final int key, final String cameFlag, final FieldMap<E> fields)
    {
        return add(key, OBJECT, offset(cameFlag, boolean.class), fields, null);
    }

    /** An array of objects whose fields {@code fields} declares, each read into what {@code add} adds to the event. */
    <T> FieldMap<E> objects(final int key, final Element<E, T> add, final FieldMap<T> fields)
    {
        return add(key, OBJECTS, 0, fields, add);
    }

    /**
     * The fields an event must hold to be delivered (one missing is {@link DecodeException#MISSING_FIELD}):
     * a decimal present, an integer not negative (events reset them to -1), a boolean true.
     */
    FieldMap<E> requires(final String... fields)
    {
        requiredKinds = new byte[fields.length];
        requiredOffsets = new long[fields.length];
        for (int i = 0; i < fields.length; i++)
        {
            final Field f = field(fields[i]);
            requiredKinds[i] = f.getType() == long.class ? LONG : f.getType() == boolean.class ? BOOLEAN : DECIMAL;
            requiredOffsets[i] = offset(fields[i], f.getType() == long.class || f.getType() == boolean.class
                ? f.getType() : Decimal.class);
        }
        return this;
    }

    /** Whether the event holds every field {@link #requires} names. */
    boolean complete(final E event)
    {
        final byte[] kinds = requiredKinds;
        for (int i = 0; i < kinds.length; i++)
        {
            final long offset = requiredOffsets[i];
            final boolean holds = switch (kinds[i])
            {
                case LONG -> UnsafeApi.getLong(event, offset) >= 0;
                case BOOLEAN -> UnsafeApi.getBoolean(event, offset);
                default -> ((Decimal) UnsafeApi.getReference(event, offset)).isPresent();
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }

    private FieldMap<E> add(final int key, final byte kind, final long offset, final FieldMap<?> fields,
        final Element<?, ?> element)
    {
        for (final int k : keys)
        {
            if (k == key && key != 0)
            {
                throw new IllegalStateException("a field declared twice");
            }
        }
        final int n = keys.length;
        keys = Arrays.copyOf(keys, n + 1);
        kinds = Arrays.copyOf(kinds, n + 1);
        offsets = Arrays.copyOf(offsets, n + 1);
        nested = Arrays.copyOf(nested, n + 1);
        elements = Arrays.copyOf(elements, n + 1);
        names = Arrays.copyOf(names, n + 1);
        if (offset > 0xFFFF || n > 0xFF)
        {
            throw new IllegalStateException("a field beyond what a slot holds");
        }
        keys[n] = key;
        kinds[n] = kind;
        offsets[n] = offset;
        nested[n] = fields;
        elements[n] = element;
        hash();
        return this;
    }

    private long offset(final String name, final Class<?> fieldType)
    {
        final Field f = field(name);
        if (f.getType() != fieldType || Modifier.isStatic(f.getModifiers()))
        {
            throw new IllegalStateException(type.getSimpleName() + "." + name + " is not a " + fieldType.getSimpleName());
        }
        return UnsafeApi.objectFieldOffset(f);
    }

    private Field field(final String name)
    {
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            try
            {
                return c.getDeclaredField(name);
            }
            catch (final NoSuchFieldException e)
            {
                // declared higher up, perhaps
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no field " + name);
    }

    /** The slot of a packed key (not 0): its field as {@link #slots} holds it, or 0 when the map does not declare it. */
    private long slot(final int key)
    {
        final long slot = slots[(key * HASH) >>> shift];
        return (int) (slot >>> 32) == key ? slot : 0;
    }

    private static int index(final long slot)
    {
        return (int) slot & 0xFF;
    }

    private static int kind(final long slot)
    {
        return (int) (slot >>> 8) & 0xFF;
    }

    private static long offset(final long slot)
    {
        return (slot >>> 16) & 0xFFFF;
    }

    /** Builds {@link #slots} for the keys declared so far. */
    private void hash()
    {
        for (int bits = 1; bits <= 16; bits++)
        {
            final long[] table = new long[1 << bits];
            boolean perfect = true;
            for (int i = 0; i < keys.length && perfect; i++)
            {
                if (keys[i] == 0)
                {
                    continue; // long names are found by indexOfName
                }
                final int slot = (keys[i] * HASH) >>> (32 - bits);
                perfect = table[slot] == 0;
                table[slot] = (long) keys[i] << 32 | offsets[i] << 16 | kinds[i] << 8 | i;
            }
            if (perfect)
            {
                shift = 32 - bits;
                slots = table;
                return;
            }
        }
        throw new IllegalStateException("no perfect hash of the keys");
    }

    private int indexOfName(final JsonCursor cursor)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i] != null && cursor.keyIs(names[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * General path: reads the object's remaining members at the cursor into the event, each declared
     * one by its declaration, skipping the others.
     */
    void readMembers(final JsonCursor cursor, final E event)
    {
        while (cursor.nextField())
        {
            if (!read(cursor.key(), cursor, event))
            {
                cursor.skipValue();
            }
        }
    }

    /**
     * General path: reads the value at the cursor into the event, if the key is one of the type's fields.
     *
     * @return false when it is not (the caller skips the value).
     */
    @SuppressWarnings("unchecked")
    boolean read(final int key, final JsonCursor cursor, final E event)
    {
        final int i;
        if (key == 0)
        {
            i = indexOfName(cursor);
            if (i < 0)
            {
                return false;
            }
        }
        else
        {
            final long slot = slot(key);
            if (slot == 0)
            {
                return false;
            }
            i = index(slot);
        }
        final long offset = offsets[i];
        switch (kinds[i])
        {
            case LONG -> UnsafeApi.putLong(event, offset, cursor.readLong());
            case DECIMAL -> cursor.readDecimal((Decimal) UnsafeApi.getReference(event, offset));
            case TEXT -> cursor.readString((TextView) UnsafeApi.getReference(event, offset));
            case BOOLEAN -> UnsafeApi.putBoolean(event, offset, cursor.readBoolean());
            case FIRST_TEXT ->
            {
                final TextView text = (TextView) UnsafeApi.getReference(event, offset);
                if (text.isPresent())
                {
                    cursor.skipValue();
                }
                else
                {
                    cursor.readString(text);
                }
            }
            case LEVELS -> cursor.readLevels((PriceLevels) UnsafeApi.getReference(event, offset));
            case OBJECT ->
            {
                UnsafeApi.putBoolean(event, offset, true);
                cursor.enterObject();
                ((FieldMap<E>) nested[i]).readMembers(cursor, event);
            }
            default ->
            {
                final Element<E, Object> element = (Element<E, Object>) elements[i];
                final FieldMap<Object> fields = (FieldMap<Object>) nested[i];
                cursor.enterArray();
                while (cursor.nextElement())
                {
                    cursor.enterObject();
                    fields.readMembers(cursor, element.add(event));
                }
            }
        }
        return true;
    }

    /**
     * Fast path: reads an object's members, each declared one into the event by its declaration
     * (while the value has the form the fast path takes) and the others skipped, up to its closing
     * brace; the loop and the reads are one method, so that the JIT compiles them as one.
     *
     * @param start   the object's opening brace ({@code opening}), or the position after a member
     *                already read (where a separator or the closing brace is).
     * @param opening whether {@code start} is the opening brace.
     * @return the position after the closing brace when the event is {@link #complete}; -1 to give
     *         the frame up to the general path.
     */
    @SuppressWarnings("unchecked")
    int readMembers(final FastJsonReader in, final int start, final boolean opening, final E event)
    {
        // first and next return a value's position, minus the position after the closing brace, or 0
        int p = opening ? in.first(start) : in.next(start);
        while (p > 0)
        {
            final long slot = slot(in.key());
            if (slot == 0)
            {
                p = in.skipScalar(p);
            }
            else
            {
                final long offset = offset(slot);
                switch (kind(slot))
                {
                    case LONG ->
                    {
                        p = in.number(p);
                        UnsafeApi.putLong(event, offset, in.value());
                    }
                    case DECIMAL -> p = in.decimal(p, (Decimal) UnsafeApi.getReference(event, offset));
                    case TEXT -> p = in.string(p, (TextView) UnsafeApi.getReference(event, offset));
                    case BOOLEAN ->
                    {
                        p = in.bool(p);
                        UnsafeApi.putBoolean(event, offset, in.value() != 0);
                    }
                    case FIRST_TEXT ->
                    {
                        final TextView text = (TextView) UnsafeApi.getReference(event, offset);
                        p = text.isPresent() ? in.skipScalar(p) : in.string(p, text);
                    }
                    case LEVELS -> p = in.levels(p, (PriceLevels) UnsafeApi.getReference(event, offset));
                    case OBJECT ->
                    {
                        UnsafeApi.putBoolean(event, offset, true);
                        p = ((FieldMap<E>) nested[index(slot)]).readMembers(in, p, true, event);
                    }
                    default -> p = -1; // arrays of objects are left to the general path
                }
            }
            if (p < 0)
            {
                return -1;
            }
            p = in.next(p);
        }
        return p == 0 || !complete(event) ? -1 : -p;
    }
}
