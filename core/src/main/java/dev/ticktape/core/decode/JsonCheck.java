package dev.ticktape.core.decode;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Tells whether bytes are one well-formed JSON object, by the decoders' own strict reader
 * ({@link JsonCursor}: what JSON rejects, it rejects; nesting deeper than 32 levels too), without
 * decoding it or allocating: for {@code ticktape import}, which keeps a captured line only when it
 * is. One instance per thread.
 */
public final class JsonCheck
{
    private final JsonCursor cursor = new JsonCursor();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    /**
     * @param bytes  the bytes.
     * @param offset where the object starts (blanks before it allowed).
     * @param length how many bytes it spans (blanks after it allowed).
     * @return null when the bytes are one JSON object; otherwise why not, in a few words.
     */
    public String objectProblem(final byte[] bytes, final int offset, final int length)
    {
        if (buffer.byteArray() != bytes)
        {
            buffer.wrap(bytes);
        }
        cursor.reset(buffer, offset, length);
        try
        {
            if (cursor.peek() != '{')
            {
                return "not an object";
            }
            cursor.skipValue();
            cursor.finish();
            return null;
        }
        catch (final DecodeException e)
        {
            return e == DecodeException.TRAILING_DATA ? "text after the object" : e.getMessage();
        }
    }
}
