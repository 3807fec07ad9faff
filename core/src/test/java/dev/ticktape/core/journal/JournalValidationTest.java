package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(30)
class JournalValidationTest
{
    @TempDir
    Path dir;

    @Test
    void aCombinedFramesStreamNameEndsAtItsFirstQuoteAndAnEscapeOrATooLongNameIsNone()
    {
        // the name is found eight bytes at a time: a quote or backslash at every position of a word,
        // names up to the longest the journal points at and past it, cut frames
        final java.util.SplittableRandom random = new java.util.SplittableRandom(20261206);
        for (int n = 0; n < 20_000; n++)
        {
            final int nameLength = random.nextInt(JournalFormat.MAX_STREAM_LENGTH + 12);
            final StringBuilder text = new StringBuilder("{\"stream\":\"");
            for (int i = 0; i < nameLength; i++)
            {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append("\",\"data\":{}}");
            final byte[] frame = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (random.nextInt(4) == 0 && nameLength > 0)
            {
                frame[11 + random.nextInt(nameLength)] = '\\';
            }
            final int length = random.nextInt(5) == 0 ? random.nextInt(frame.length + 1) : frame.length;
            final byte[] framed = new byte[length + 5]; // read from inside a larger buffer
            System.arraycopy(frame, 0, framed, 3, length);
            int expected = 0;
            if (length > 12 && new String(frame, 0, 11, java.nio.charset.StandardCharsets.US_ASCII).equals("{\"stream\":\""))
            {
                for (int i = 11; i < Math.min(length, 11 + JournalFormat.MAX_STREAM_LENGTH + 1); i++)
                {
                    if (frame[i] == '"')
                    {
                        expected = i - 11;
                        break;
                    }
                    if (frame[i] == '\\')
                    {
                        break;
                    }
                }
            }
            assertEquals(expected, JournalFormat.combinedStreamLength(new org.agrona.concurrent.UnsafeBuffer(framed), 3, length),
                text + " cut to " + length);
        }
    }

    @Test
    void missingDirectoryIsAnIoError()
    {
        final TicktapeException e = assertThrows(TicktapeException.class, () -> JournalReader.open(dir.resolve("nope")));
        assertEquals(ErrorCode.IO, e.code());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void directoryWithoutQueueFilesIsNotAJournal() throws Exception
    {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        final TicktapeException e = assertThrows(TicktapeException.class, () -> JournalReader.open(dir));
        assertEquals(ErrorCode.DATA, e.code());
        assertTrue(e.getMessage().startsWith("not a ticktape journal"), e.getMessage());
    }

    @Test
    void foreignChronicleQueueIsNotAJournal()
    {
        try (ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).build();
             ExcerptAppender a = q.createAppender())
        {
            a.writeText("some other application's message, long enough to pass for a header");
        }
        final TicktapeException e = assertThrows(TicktapeException.class, () -> JournalReader.open(dir));
        assertEquals(ErrorCode.DATA, e.code());
        assertTrue(e.getMessage().startsWith("not a ticktape journal"), e.getMessage());
        final TicktapeException w = assertThrows(TicktapeException.class, () -> JournalWriter.open(dir));
        assertEquals(ErrorCode.DATA, w.code(), "a writer refuses to append to a foreign queue");
    }

    @Test
    void unknownFormatVersionIsRefused()
    {
        writeRawFrameWithVersion(dir, 9);
        final TicktapeException e = assertThrows(TicktapeException.class, () -> JournalReader.open(dir));
        assertEquals(ErrorCode.DATA, e.code());
        assertTrue(e.getMessage().contains("unknown format version 9"), e.getMessage());
        assertThrows(TicktapeException.class, () -> JournalWriter.open(dir));
    }

    @Test
    void unknownVersionAfterGoodFramesFailsWhenReached()
    {
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, 1, 1, null, new byte[] { '{', '}' }, 0, 2);
        }
        writeRawFrameWithVersion(dir, 2);
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertTrue(reader.read(f -> assertEquals(2, f.payloadLength()), SessionEventHandler.IGNORE));
            final TicktapeException e = assertThrows(TicktapeException.class,
                () -> reader.read(f -> fail(), SessionEventHandler.IGNORE));
            assertEquals(ErrorCode.DATA, e.code());
        }
    }

    @Test
    void oversizedFrameIsRefusedAndNothingIsWritten()
    {
        try (JournalWriter writer = JournalWriter.open(dir))
        {
            final byte[] huge = new byte[JournalFormat.MAX_PAYLOAD_LENGTH + 1];
            final TicktapeException e = assertThrows(TicktapeException.class,
                () -> writer.appendFrame(Market.SPOT, 1, FrameKind.BINARY, 1, 1, null, huge, 0, huge.length));
            assertEquals(ErrorCode.DATA, e.code());
            writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, 2, 2, null, new byte[] { '1' }, 0, 1);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(1, JournalFixtures.readAll(reader).size());
        }
    }

    @Test
    void closeIsIdempotent()
    {
        final JournalWriter writer = JournalWriter.open(dir);
        writer.close();
        writer.close();
        final JournalReader reader = JournalReader.open(dir);
        reader.close();
        reader.close();
    }

    static void writeRawFrameWithVersion(final Path dir, final int version)
    {
        try (ChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(JournalFormat.DEFAULT_ROLL_CYCLE).build();
             ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument())
        {
            dc.wire().bytes().writeByte(JournalFormat.RECORD_FRAME).writeByte((byte) version);
            dc.wire().bytes().write(new byte[40]);
        }
    }
}
