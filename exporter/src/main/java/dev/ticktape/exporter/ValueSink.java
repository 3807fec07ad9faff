package dev.ticktape.exporter;

import org.agrona.DirectBuffer;

/** Where a {@link Column} puts the current row's value: a {@link Batch} on its way to the encoder. */
interface ValueSink
{
    /** The value is null. */
    void nil();

    /** An INT64 (also timestamps and narrow decimals). */
    void value(long v);

    /** An INT32. */
    void value(int v);

    /** A BOOLEAN. */
    void value(boolean v);

    /** A DOUBLE. */
    void value(double v);

    /** Text, bytes or a wide decimal, copied. */
    void bytes(byte[] b, int offset, int length);

    /** Text or bytes, copied. */
    void bytes(DirectBuffer b, int offset, int length);
}
