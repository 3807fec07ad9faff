package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static dev.ticktape.core.journal.ArchiveFormat.*;

/**
 * One archived hour, open for reading ({@link ArchiveFormat}). Opening checks the header, footer and
 * index and their checksums; each block's checksum is checked when the block is read. Any mismatch
 * is a {@link ErrorCode#DATA} error naming the file. Confined to one thread.
 */
final class ArchiveFile implements AutoCloseable
{
    /** Blocks read by every archive reader of the process: tests check that a seek reads one. */
    static final java.util.concurrent.atomic.AtomicLong BLOCKS_READ = new java.util.concurrent.atomic.AtomicLong();

    private final Path file;
    private final FileChannel channel;
    private final int cycle;
    private final long cycleStartMillis;
    private final long cycleLengthMillis;
    private final String rollCycleName;
    private final long size;
    private final int blocks;
    private final long records;
    private final long firstEpoch;
    private final long lastEpoch;
    private final long rawBytes;
    private final long[] blockOffset;
    private final int[] blockLength;
    private final int[] blockCrc;
    private final long[] blockFirstSeq;
    private final int[] blockRecords;
    private final long[] blockFirstEpoch;
    private final long[] blockLastEpoch;
    private final CRC32C crc = new CRC32C();
    private final ArchiveBlockDecoder decoder = new ArchiveBlockDecoder();
    private byte[] body = new byte[1 << 16];

    private ArchiveFile(final Path file) throws IOException
    {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try
        {
            size = channel.size();
            final ByteBuffer head = read(0, (int) Math.min(size, 8 + 2 + 2));
            if (head.remaining() < 12 || !Arrays.equals(head.array(), 0, 8, MAGIC, 0, 8))
            {
                throw damaged("it does not start with the archive magic");
            }
            final int version = head.getShort(8) & 0xFFFF;
            if (version != VERSION)
            {
                throw new TicktapeException(ErrorCode.DATA, "archive " + file + " has unknown format version " + version
                    + " (this ticktape reads version " + VERSION + ")");
            }
            final int headerLength = head.getShort(10) & 0xFFFF;
            if (headerLength < 35 || headerLength + FOOTER > size)
            {
                throw damaged("its header length is " + headerLength);
            }
            final ByteBuffer header = read(0, headerLength);
            crc.reset();
            crc.update(header.array(), 0, headerLength - 4);
            if ((int) crc.getValue() != header.getInt(headerLength - 4))
            {
                throw damaged("its header checksum does not match");
            }
            cycle = header.getInt(12);
            cycleStartMillis = header.getLong(16);
            cycleLengthMillis = header.getLong(24);
            final int nameLength = header.get(32) & 0xFF;
            if (33 + nameLength + 4 != headerLength)
            {
                throw damaged("its header is " + headerLength + " bytes for a " + nameLength + "-byte roll cycle name");
            }
            rollCycleName = new String(header.array(), 33, nameLength, StandardCharsets.US_ASCII);
            final ByteBuffer footer = read(size - FOOTER, FOOTER);
            if (!Arrays.equals(footer.array(), FOOTER - 8, FOOTER, END_MAGIC, 0, 8))
            {
                throw damaged("it does not end with the archive footer (cut short?)");
            }
            final long indexOffset = footer.getLong(0);
            blocks = footer.getInt(8);
            final int indexCrc = footer.getInt(12);
            records = footer.getLong(16);
            firstEpoch = footer.getLong(24);
            lastEpoch = footer.getLong(32);
            rawBytes = footer.getLong(40);
            if (blocks < 0 || indexOffset < headerLength || indexOffset + (long) blocks * INDEX_ENTRY != size - FOOTER)
            {
                throw damaged("its footer does not match its size");
            }
            final ByteBuffer index = read(indexOffset, blocks * INDEX_ENTRY);
            crc.reset();
            crc.update(index.array(), 0, blocks * INDEX_ENTRY);
            if ((int) crc.getValue() != indexCrc)
            {
                throw damaged("its index checksum does not match");
            }
            blockOffset = new long[blocks];
            blockLength = new int[blocks];
            blockCrc = new int[blocks];
            blockFirstSeq = new long[blocks];
            blockRecords = new int[blocks];
            blockFirstEpoch = new long[blocks];
            blockLastEpoch = new long[blocks];
            long total = 0;
            for (int b = 0; b < blocks; b++)
            {
                final int at = b * INDEX_ENTRY;
                blockOffset[b] = index.getLong(at);
                blockLength[b] = index.getInt(at + 8);
                blockCrc[b] = index.getInt(at + 12);
                blockFirstSeq[b] = index.getLong(at + 16);
                blockRecords[b] = index.getInt(at + 24);
                blockFirstEpoch[b] = index.getLong(at + 28);
                blockLastEpoch[b] = index.getLong(at + 36);
                if (blockOffset[b] < headerLength || blockLength[b] < 0 || blockOffset[b] + blockLength[b] > indexOffset
                    || blockRecords[b] <= 0 || (b > 0 && blockFirstSeq[b] < blockFirstSeq[b - 1] + blockRecords[b - 1]))
                {
                    throw damaged("its index entry " + b + " is out of range");
                }
                total += blockRecords[b];
            }
            if (total != records)
            {
                throw damaged("its index counts " + total + " records and its footer " + records);
            }
        }
        catch (final IOException | RuntimeException e)
        {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens an archive file and checks its header, index and footer.
     *
     * @throws TicktapeException {@link ErrorCode#DATA} when it is damaged or of another version,
     *                           {@link ErrorCode#IO} when it cannot be read.
     */
    static ArchiveFile open(final Path file)
    {
        try
        {
            return new ArchiveFile(file);
        }
        catch (final NoSuchFileException e)
        {
            throw new TicktapeException(ErrorCode.IO, "archive " + file + " is gone (removed while it was read?)", e);
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read archive " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads, checks and decodes block {@code b}.
     *
     * @throws TicktapeException {@link ErrorCode#DATA} when its checksum does not match or it does not decode.
     */
    void readBlock(final int b, final ArchiveBlock out)
    {
        body = readBlock(b, out, decoder, body, crc);
    }

    /**
     * Reads, checks and decodes block {@code b} with the caller's own decoder and buffers: safe to
     * call from several threads at once (each with its own), as read-ahead does.
     *
     * @return the body buffer, grown if it had to be.
     */
    byte[] readBlock(final int b, final ArchiveBlock out, final ArchiveBlockDecoder decoder, final byte[] scratch, final CRC32C crc)
    {
        BLOCKS_READ.incrementAndGet();
        final int length = blockLength[b];
        final byte[] body = scratch.length < length ? new byte[Math.max(length, scratch.length * 2)] : scratch;
        try
        {
            final ByteBuffer buffer = ByteBuffer.wrap(body, 0, length);
            long at = blockOffset[b];
            while (buffer.hasRemaining())
            {
                final int n = channel.read(buffer, at);
                if (n < 0)
                {
                    throw damaged("block " + b + " runs past the end of the file");
                }
                at += n;
            }
        }
        catch (final IOException e)
        {
            throw new TicktapeException(ErrorCode.IO, "cannot read archive " + file + ": " + e.getMessage(), e);
        }
        crc.reset();
        crc.update(body, 0, length);
        if ((int) crc.getValue() != blockCrc[b])
        {
            throw damaged("block " + b + " fails its checksum");
        }
        try
        {
            decoder.decode(body, 0, length, out);
        }
        catch (final RuntimeException e)
        {
            throw damaged("block " + b + " does not decode: " + e.getMessage());
        }
        if (out.count != blockRecords[b])
        {
            throw damaged("block " + b + " holds " + out.count + " records, its index says " + blockRecords[b]);
        }
        return body;
    }

    private TicktapeException damaged(final String why)
    {
        return new TicktapeException(ErrorCode.DATA, "archive " + file + " is damaged: " + why
            + "; run ticktape verify --journal " + file.getParent());
    }

    private ByteBuffer read(final long position, final int length) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        while (buffer.hasRemaining())
        {
            final int n = channel.read(buffer, at);
            if (n < 0)
            {
                throw damaged("it is cut short");
            }
            at += n;
        }
        return buffer.flip();
    }

    Path file()
    {
        return file;
    }

    int cycle()
    {
        return cycle;
    }

    long cycleStartMillis()
    {
        return cycleStartMillis;
    }

    long cycleLengthMillis()
    {
        return cycleLengthMillis;
    }

    String rollCycleName()
    {
        return rollCycleName;
    }

    long size()
    {
        return size;
    }

    int blocks()
    {
        return blocks;
    }

    long records()
    {
        return records;
    }

    long rawBytes()
    {
        return rawBytes;
    }

    long firstEpoch()
    {
        return firstEpoch;
    }

    long lastEpoch()
    {
        return lastEpoch;
    }

    long blockOffset(final int b)
    {
        return blockOffset[b];
    }

    long blockFirstSeq(final int b)
    {
        return blockFirstSeq[b];
    }

    int blockRecords(final int b)
    {
        return blockRecords[b];
    }

    long blockLastEpoch(final int b)
    {
        return blockLastEpoch[b];
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // read-only: nothing is lost
        }
    }
}
