package dev.ticktape.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static dev.ticktape.core.journal.ArchiveFormat.*;

/**
 * Writes one archive file ({@link ArchiveFormat}): records in, blocks out, then the index and the
 * footer, and forces it all to disk. Confined to one thread.
 */
final class ArchiveFileWriter implements AutoCloseable
{
    private final Path file;
    private final FileChannel channel;
    private final ArchiveBlockEncoder encoder;
    private final ArchiveColumn body = new ArchiveColumn(1 << 20);
    private final ArchiveColumn index = new ArchiveColumn(1 << 12);
    private final CRC32C crc = new CRC32C();
    private long position;
    private long blockFirstSeq = -1;
    private long nextSeq = -1;
    private int blocks;
    private long records;
    private long rawBytes;
    private long firstEpoch = Long.MIN_VALUE;
    private long lastEpoch = Long.MIN_VALUE;
    private boolean closed;
    private int blockRecords = BLOCK_RECORDS;

    ArchiveFileWriter(final Path file, final int cycle, final long cycleStartMillis, final long cycleLengthMillis,
        final String rollCycleName, final int level) throws IOException
    {
        this.file = file;
        this.encoder = new ArchiveBlockEncoder(level);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
        final byte[] name = rollCycleName.getBytes(StandardCharsets.US_ASCII);
        final int headerLength = 8 + 2 + 2 + 4 + 8 + 8 + 1 + name.length + 4;
        final ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) VERSION).putShort((short) headerLength).putInt(cycle)
            .putLong(cycleStartMillis).putLong(cycleLengthMillis).put((byte) name.length).put(name);
        crc.reset();
        crc.update(header.array(), 0, header.position());
        header.putInt((int) crc.getValue());
        write(header.flip());
    }

    /**
     * Adds the next record of the hour.
     *
     * @param sequence its sequence number within the hour (the low part of its journal index).
     */
    void add(final byte[] record, final int offset, final int length, final long sequence) throws IOException
    {
        if (encoder.count() > 0 && (sequence != nextSeq || encoder.count() >= blockRecords || encoder.rawBytes() >= BLOCK_BYTES))
        {
            flushBlock();
        }
        if (encoder.count() == 0)
        {
            blockFirstSeq = sequence;
        }
        encoder.add(record, offset, length);
        nextSeq = sequence + 1;
    }

    private void flushBlock() throws IOException
    {
        final int n = encoder.encode(body);
        crc.reset();
        crc.update(body.bytes, 0, n);
        final ArchiveColumn e = index;
        e.ensure(INDEX_ENTRY);
        final ByteBuffer entry = ByteBuffer.wrap(e.bytes, e.position, INDEX_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        entry.putLong(position).putInt(n).putInt((int) crc.getValue()).putLong(blockFirstSeq).putInt(encoder.count())
            .putLong(encoder.firstEpoch()).putLong(encoder.lastEpoch());
        e.position += INDEX_ENTRY;
        if (firstEpoch == Long.MIN_VALUE)
        {
            firstEpoch = encoder.firstEpoch();
        }
        lastEpoch = Math.max(lastEpoch, encoder.lastEpoch());
        records += encoder.count();
        rawBytes += encoder.rawBytes();
        blocks++;
        write(ByteBuffer.wrap(body.bytes, 0, n));
        encoder.reset();
    }

    /** Writes the last block, the index and the footer, and forces the file to disk. */
    void finish() throws IOException
    {
        if (encoder.count() > 0)
        {
            flushBlock();
        }
        final long indexOffset = position;
        crc.reset();
        crc.update(index.bytes, 0, index.position);
        final int indexCrc = (int) crc.getValue();
        write(ByteBuffer.wrap(index.bytes, 0, index.position));
        final ByteBuffer footer = ByteBuffer.allocate(FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        footer.putLong(indexOffset).putInt(blocks).putInt(indexCrc).putLong(records).putLong(firstEpoch).putLong(lastEpoch)
            .putLong(rawBytes).put(END_MAGIC);
        write(footer.flip());
        channel.force(true);
    }

    /** Tests: smaller blocks, so that an hour of a few thousand records has many. */
    ArchiveFileWriter blockRecords(final int records)
    {
        this.blockRecords = records;
        return this;
    }

    long records()
    {
        return records + encoder.count();
    }

    long size()
    {
        return position;
    }

    Path file()
    {
        return file;
    }

    private void write(final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            position += channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException
    {
        if (!closed)
        {
            closed = true;
            channel.close();
        }
    }
}
