package dev.ticktape.core.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The block codec on random records: JSON of random shapes and numbers of every form, binary
 * payloads, events, odd headers. Every record comes back byte for byte, whatever the mix.
 */
class ArchiveCodecTest
{
    private final SplittableRandom random = new SplittableRandom(20261206);

    @Test
    @Timeout(120)
    void randomRecordsComeBackByteForByte()
    {
        final ArchiveBlockEncoder encoder = new ArchiveBlockEncoder(ArchiveFormat.DEFAULT_LEVEL);
        final ArchiveBlockDecoder decoder = new ArchiveBlockDecoder();
        final ArchiveColumn body = new ArchiveColumn(1 << 16);
        final ArchiveBlock block = new ArchiveBlock();
        for (int b = 0; b < 60; b++)
        {
            final List<byte[]> records = new ArrayList<>();
            final int count = 1 + random.nextInt(b % 3 == 0 ? 20 : 3000);
            final int channels = 1 + random.nextInt(b % 2 == 0 ? 5 : 300);
            encoder.reset();
            long t = 1_700_000_000_000_000_000L + random.nextLong(1L << 40);
            for (int i = 0; i < count; i++)
            {
                t += random.nextInt(10) == 0 ? -random.nextInt(1000) : random.nextInt(2_000_000);
                final byte[] r = record(t, random.nextInt(channels));
                records.add(r);
                encoder.add(r, 0, r.length);
            }
            final int n = encoder.encode(body);
            decoder.decode(body.bytes, 0, n, block);
            assertEquals(records.size(), block.count);
            for (int i = 0; i < records.size(); i++)
            {
                final byte[] want = records.get(i);
                assertTrue(Arrays.equals(want, 0, want.length, block.arena, block.starts[i], block.ends[i]),
                    "block " + b + " record " + i + ": " + new String(want, StandardCharsets.ISO_8859_1) + " came back as "
                        + new String(block.arena, block.starts[i], block.ends[i] - block.starts[i], StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * A record is read along its channel's last template as long as it follows it, then tokenized
     * from where it parts: shapes that share a prefix and part at a literal byte, at a number's
     * scale, at a number the template path does not take, at the payload's end or within its last 8
     * bytes. Every record comes back, and the block is byte for byte the one the tokenizer alone writes.
     */
    @Test
    @Timeout(60)
    void recordsReadAlongTheLastTemplateEncodeAsTheTokenizerAlone()
    {
        final String[] tails = {
            "]}", "],\"x\":1}", "]}\n", "],\"x\":\"a\"}", "],\"x\":\"1.50\"}", "],\"x\":[1,2]}", "]}}", "",
        };
        final ArchiveBlockEncoder following = new ArchiveBlockEncoder(ArchiveFormat.DEFAULT_LEVEL);
        final ArchiveBlockEncoder tokenizing = new ArchiveBlockEncoder(ArchiveFormat.DEFAULT_LEVEL, false);
        final ArchiveBlockDecoder decoder = new ArchiveBlockDecoder();
        final ArchiveColumn a = new ArchiveColumn(1 << 16);
        final ArchiveColumn b = new ArchiveColumn(1 << 16);
        final ArchiveBlock block = new ArchiveBlock();
        for (int round = 0; round < 40; round++)
        {
            following.reset();
            tokenizing.reset();
            final List<byte[]> records = new ArrayList<>();
            long t = 1_700_000_000_000_000_000L;
            for (int i = 0; i < 2000; i++)
            {
                final StringBuilder json = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":").append(1_700_000_000_000L + i)
                    .append(",\"b\":[");
                final int levels = random.nextInt(4);
                for (int l = 0; l < levels; l++)
                {
                    json.append(l > 0 ? "," : "").append("[\"").append(level(l)).append("\",\"").append(level(l + 7)).append("\"]");
                }
                json.append(tails[random.nextInt(tails.length)]);
                final int cut = random.nextInt(12) == 0 ? random.nextInt(json.length() + 1) : json.length();
                final byte[] payload = json.substring(0, cut).getBytes(StandardCharsets.UTF_8);
                final byte[] r = new byte[28 + 5 + payload.length];
                final ByteBuffer bb = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
                t += random.nextInt(1_000_000);
                bb.put((byte) 'F').put((byte) 1).put((byte) 3).put((byte) 1).putInt(random.nextInt(2)).putLong(t).putLong(t - 5)
                    .putShort((short) 28).put((byte) 5).put((byte) 1).put("ab@cd".getBytes(StandardCharsets.US_ASCII)).put(payload);
                records.add(r);
                following.add(r, 0, r.length);
                tokenizing.add(r, 0, r.length);
            }
            final int n = following.encode(a);
            assertEquals(tokenizing.encode(b), n, "round " + round);
            assertTrue(Arrays.equals(a.bytes, 0, n, b.bytes, 0, n), "round " + round + ": the same block either way");
            decoder.decode(a.bytes, 0, n, block);
            assertEquals(records.size(), block.count);
            for (int i = 0; i < records.size(); i++)
            {
                final byte[] want = records.get(i);
                assertTrue(Arrays.equals(want, 0, want.length, block.arena, block.starts[i], block.ends[i]), "round " + round + " record " + i);
            }
        }
    }

    /** A price or quantity of a depth level: mostly 2 or 3 decimals, now and then another scale or a form the template path leaves as text. */
    private String level(final int slot)
    {
        return switch (random.nextInt(24))
        {
            case 0 -> "-0";
            case 1 -> "007";
            case 2 -> "1e5";
            case 3 -> Integer.toString(random.nextInt(100_000));
            case 4 -> random.nextInt(10) + "." + random.nextInt(10);
            case 5 -> "12345678901234.5678";
            default -> (slot < 7 ? 3000 + random.nextInt(10) : random.nextInt(20)) + "." + String.format(slot < 7 ? "%02d" : "%03d",
                random.nextInt(slot < 7 ? 100 : 1000));
        };
    }

    @Test
    void payloadsDenseWithOneDigitNumbersComeBack()
    {
        // a template holds 2 bytes (mark, scale) for a 1-digit number: such a payload's template outgrows the payload
        final ArchiveBlockEncoder encoder = new ArchiveBlockEncoder(ArchiveFormat.DEFAULT_LEVEL);
        final ArchiveBlockDecoder decoder = new ArchiveBlockDecoder();
        final ArchiveColumn body = new ArchiveColumn(1 << 16);
        final ArchiveBlock block = new ArchiveBlock();
        final List<byte[]> records = new ArrayList<>();
        for (final int n : new int[] { 1, 400, 3000, 20_000 })
        {
            final StringBuilder unquoted = new StringBuilder("[");
            final StringBuilder quoted = new StringBuilder("[");
            for (int i = 0; i < n; i++)
            {
                unquoted.append(i > 0 ? "," : "").append(i % 10);
                quoted.append(i > 0 ? "," : "").append('"').append(i % 10).append('"');
            }
            for (final StringBuilder json : List.of(unquoted.append(']'), quoted.append(']')))
            {
                final byte[] payload = json.toString().getBytes(StandardCharsets.US_ASCII);
                final byte[] r = new byte[28 + payload.length];
                ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'F').put((byte) 1).put((byte) 1).put((byte) 1)
                    .putInt(0).putLong(1_700_000_000_000_000_000L + records.size()).putLong(records.size())
                    .putShort((short) 0).put((byte) 0).put((byte) 0).put(payload);
                records.add(r);
                encoder.add(r, 0, r.length);
            }
        }
        decoder.decode(body.bytes, 0, encoder.encode(body), block);
        assertEquals(records.size(), block.count);
        for (int i = 0; i < records.size(); i++)
        {
            final byte[] want = records.get(i);
            assertTrue(Arrays.equals(want, 0, want.length, block.arena, block.starts[i], block.ends[i]), "record " + i);
        }
    }

    @Test
    void numbersAreWrittenAsTheTemplatePathParsedThem()
    {
        // every digit count and scale the word-at-a-time paths take, and the edges between them
        final byte[] a = new byte[64];
        final long[] edges = { 0, 1, 9, 10, 99, 100, 9_999_999, 10_000_000, 99_999_999, 100_000_000, 999_999_999_999L,
            9_999_999_999_999_999L, 10_000_000_000_000_000L, Long.MAX_VALUE };
        for (int n = 0; n < 200_000 + edges.length * 19 * 2; n++)
        {
            final long magnitude = n < edges.length * 19 * 2 ? edges[n / 38] : random.nextLong(POW[1 + random.nextInt(18)]);
            final long value = n < edges.length * 19 * 2 ? ((n & 1) == 0 ? magnitude : -magnitude) : random.nextBoolean() ? magnitude : -magnitude;
            final int scale = n < edges.length * 19 * 2 ? (n / 2) % 19 : random.nextInt(19);
            final String want = new java.math.BigDecimal(java.math.BigInteger.valueOf(value), scale).toPlainString();
            Arrays.fill(a, (byte) '#');
            final int end = ArchiveBlockDecoder.formatFast(value, scale, a, 3);
            assertEquals(want, new String(a, 3, end - 3, StandardCharsets.US_ASCII), "value " + value + " scale " + scale);
        }
    }

    private static final long[] POW = new long[19];

    static
    {
        POW[0] = 1;
        for (int i = 1; i < POW.length; i++)
        {
            POW[i] = POW[i - 1] * 10;
        }
    }

    @Test
    void aDamagedBodyIsRefusedNotMisread()
    {
        final ArchiveBlockEncoder encoder = new ArchiveBlockEncoder(ArchiveFormat.DEFAULT_LEVEL);
        for (int i = 0; i < 500; i++)
        {
            final byte[] r = record(1_700_000_000_000_000_000L + i * 1000L, i % 7);
            encoder.add(r, 0, r.length);
        }
        final ArchiveColumn body = new ArchiveColumn(1 << 16);
        final int n = encoder.encode(body);
        int refused = 0;
        for (int k = 0; k < 200; k++)
        {
            final byte[] copy = Arrays.copyOf(body.bytes, n);
            final int at = random.nextInt(Math.min(n, 64));
            copy[at] ^= (byte) (1 + random.nextInt(255));
            try
            {
                new ArchiveBlockDecoder().decode(copy, 0, n, new ArchiveBlock());
            }
            catch (final IllegalStateException e)
            {
                refused++;
            }
        }
        // a flipped byte in the column table is caught by the table's own checks, not by reading past an array
        assertTrue(refused > 100, refused + " of 200 refused");
    }

    private byte[] record(final long epoch, final int channel)
    {
        final int pick = random.nextInt(20);
        final byte[] payload;
        final String stream = "s" + channel + (channel % 3 == 0 ? "@depth@100ms" : "@trade");
        byte type = 'F';
        byte kind = 1;
        boolean inline = channel % 4 == 1;
        if (pick == 0)
        {
            type = 'E';
            kind = 5;
            payload = randomBytes(random.nextInt(100));
        }
        else if (pick == 1)
        {
            kind = 2;
            payload = randomBytes(random.nextInt(300));
        }
        else if (pick == 2)
        {
            payload = randomBytes(random.nextInt(50));
        }
        else
        {
            final StringBuilder json = new StringBuilder();
            if (!inline)
            {
                json.append("{\"stream\":\"").append(stream).append("\",\"data\":");
            }
            value(json, 0);
            if (!inline)
            {
                json.append('}');
            }
            if (random.nextInt(30) == 0)
            {
                json.setLength(random.nextInt(json.length() + 1)); // cut short
            }
            payload = json.toString().getBytes(StandardCharsets.UTF_8);
        }
        final byte[] name = stream.getBytes(StandardCharsets.US_ASCII);
        final int streamBytes = inline ? name.length : 0;
        final byte[] r = new byte[28 + streamBytes + payload.length];
        final ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        b.put(type).put((byte) 1).put((byte) (1 + channel % 3)).put(kind).putInt(channel % 5 - 1).putLong(epoch)
            .putLong(epoch - 1_000_000L + random.nextInt(3) * (random.nextBoolean() ? 7 : -7));
        if (inline)
        {
            b.putShort((short) 28).put((byte) name.length).put((byte) 1).put(name);
        }
        else if (!inline && payload.length > 11 + name.length && type == 'F' && pick > 2)
        {
            b.putShort((short) 39).put((byte) name.length).put((byte) 0);
        }
        else
        {
            b.putShort((short) 0).put((byte) 0).put((byte) 0);
        }
        b.put(payload);
        return r;
    }

    private void value(final StringBuilder out, final int depth)
    {
        final int pick = depth > 3 ? 3 + random.nextInt(5) : random.nextInt(8);
        switch (pick)
        {
            case 0, 1 ->
            {
                out.append('{');
                final int n = random.nextInt(6);
                for (int i = 0; i < n; i++)
                {
                    if (i > 0)
                    {
                        out.append(',');
                    }
                    out.append('"').append(random.nextInt(5) == 0 ? Integer.toString(random.nextInt(100)) : "k" + random.nextInt(9)).append("\":");
                    value(out, depth + 1);
                }
                out.append('}');
            }
            case 2 ->
            {
                out.append('[');
                final int n = random.nextInt(8);
                for (int i = 0; i < n; i++)
                {
                    if (i > 0)
                    {
                        out.append(',');
                    }
                    value(out, depth + 1);
                }
                out.append(']');
            }
            case 3, 4 -> out.append(number());
            case 5 -> out.append('"').append(number()).append('"');
            case 6 -> out.append('"').append(random.nextBoolean() ? "BTCUSDT" : "x\\\"y é " + random.nextInt(10)).append('"');
            default -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
        }
    }

    private String number()
    {
        return switch (random.nextInt(17))
        {
            // 1 to 17 digits, a point anywhere or none, a leading zero now and then: the edges of the
            // encoder's one-word and two-word paths (a number ending at the 8th or 16th byte, a point at the 8th)
            case 14, 15, 16 ->
            {
                final StringBuilder digits = new StringBuilder();
                final int length = 1 + random.nextInt(17);
                for (int i = 0; i < length; i++)
                {
                    digits.append((char) ((i == 0 && random.nextInt(8) != 0 ? '1' : '0') + random.nextInt(i == 0 ? 9 : 10)));
                }
                if (length > 1 && random.nextBoolean())
                {
                    digits.insert(1 + random.nextInt(length - 1), '.');
                }
                yield (random.nextInt(4) == 0 ? "-" : "") + digits;
            }
            // values whose residual against 0 is all ones at a bucket's width: the escape itself
            case 12 -> new String[] { "-128", "-32768", "-8388608", "127", "32767", "8388607" }[random.nextInt(6)];
            case 13 -> Integer.toString(random.nextInt(3000));
            case 0 -> Long.toString(random.nextLong());
            case 1 -> "-0";
            case 2 -> "-0.000";
            case 3 -> "00" + random.nextInt(100);
            case 4 -> random.nextInt(10) + "e-" + random.nextInt(9);
            case 5 -> "1234567890123456789012345";
            case 6 -> "0." + "0".repeat(random.nextInt(20)) + random.nextInt(1000);
            case 7 -> random.nextInt(100) + ".";
            case 8 -> "-" + random.nextInt(100000) + "." + random.nextInt(100);
            default -> random.nextInt(1_000_000) + "." + String.format("%0" + (1 + random.nextInt(8)) + "d", random.nextInt(1000));
        };
    }

    private byte[] randomBytes(final int n)
    {
        final byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
