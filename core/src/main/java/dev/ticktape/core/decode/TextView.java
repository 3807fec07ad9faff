package dev.ticktape.core.decode;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A text field (symbol, interval, status) as a view of the frame's bytes, so that decoding it
 * allocates nothing. Valid only during the listener call; {@link #toString()} copies it out.
 * Bytes are UTF-8 as received; JSON escapes, which Binance does not use in these fields, are left as they are.
 */
public final class TextView implements CharSequence
{
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean present;

    void wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.present = true;
    }

    void clear()
    {
        buffer = null;
        offset = 0;
        length = 0;
        present = false;
    }

    /**
     * @return whether the field was in the message.
     */
    public boolean isPresent()
    {
        return present;
    }

    /**
     * @return the buffer holding the text; valid only during the listener call.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the text in {@link #buffer()}.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return length in bytes (equal to {@link #length()}).
     */
    public int byteLength()
    {
        return length;
    }

    @Override
    public int length()
    {
        return length;
    }

    /**
     * @return the byte at {@code index} as a char (exact for ASCII, which every Binance field name and most symbols are).
     */
    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (buffer.getByte(offset + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().subSequence(start, end);
    }

    /**
     * Compares with ASCII text without allocating.
     *
     * @param text the text.
     * @return whether the bytes are exactly {@code text}.
     */
    public boolean contentEquals(final CharSequence text)
    {
        if (!present || text.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if ((buffer.getByte(offset + i) & 0xFF) != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the text decoded as UTF-8 (allocates), or {@code ""} when absent.
     */
    @Override
    public String toString()
    {
        if (!present || length == 0)
        {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
