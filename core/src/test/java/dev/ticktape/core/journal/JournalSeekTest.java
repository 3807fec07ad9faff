package dev.ticktape.core.journal;

import dev.ticktape.core.Market;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class JournalSeekTest
{
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private long[] times;

    @BeforeEach
    void writeFramesAcrossSeveralCycles()
    {
        // Secondly cycles, so a few thousand frames spread over ~8 files; receive times drive the roll.
        final SplittableRandom r = new SplittableRandom(3);
        times = new long[4000];
        long t = JournalFixtures.T0 + 123_456_789L;
        try (JournalWriter writer = JournalWriter.open(dir, TestRollCycles.TEST_SECONDLY))
        {
            for (int i = 0; i < times.length; i++)
            {
                t += r.nextInt(4) == 0 ? 0 : r.nextInt(4_000_000); // repeated times and jumps
                if (i == 2000)
                {
                    t += 3 * SECOND; // an empty stretch: no file for those seconds
                }
                times[i] = t;
                if (i % 500 == 250)
                {
                    writer.appendEvent(new SessionEvent.RecordingStopped("marker", i), t, i);
                }
                final byte[] payload = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                writer.appendFrame(Market.SPOT, 1, FrameKind.TEXT, t, i, null, payload, 0, payload.length);
            }
        }
    }

    @Test
    @Timeout(60)
    void seekLandsOnTheFirstRecordAtOrAfterTheTimeAcrossCycles()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertTrue(reader.cycleCount() >= 5, "frames span several roll cycles: " + reader.cycleCount());
            final SplittableRandom r = new SplittableRandom(11);
            for (int q = 0; q < 300; q++)
            {
                final long target;
                if (q % 3 == 0)
                {
                    target = times[r.nextInt(times.length)]; // an exact frame time
                }
                else
                {
                    target = times[0] - SECOND + (long) (r.nextDouble() * (times[times.length - 1] - times[0] + 2 * SECOND));
                }
                reader.seek(target);
                final long expected = firstAtOrAfter(target);
                final long[] got = { Long.MIN_VALUE };
                final boolean present = reader.read(f -> got[0] = f.recvEpochNanos(), (i, t, e) -> got[0] = t);
                if (expected == Long.MIN_VALUE)
                {
                    assertFalse(present, "nothing at or after " + target);
                }
                else
                {
                    assertTrue(present, "a record at or after " + target);
                    assertEquals(expected, got[0], "seek(" + target + ")");
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void seekLandsOnTheFirstOfSeveralFramesWithTheSameTimeAndReadsOnInOrder()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            int i = 1;
            while (times[i] != times[i - 1])
            {
                i++;
            }
            int first = i - 1;
            while (first > 0 && times[first - 1] == times[first])
            {
                first--;
            }
            reader.seek(times[first]);
            final String[] payload = new String[1];
            while (true)
            {
                assertTrue(reader.read(f -> payload[0] = f.payloadAsString(), (x, t, e) -> payload[0] = null));
                if (payload[0] != null)
                {
                    break;
                }
            }
            assertEquals("{\"i\":" + first + "}", payload[0]);
            reader.read(f -> payload[0] = f.payloadAsString(), (x, t, e) -> payload[0] = "event");
            assertTrue(payload[0].equals("{\"i\":" + (first + 1) + "}") || payload[0].equals("event"));
        }
    }

    @Test
    @Timeout(30)
    void seekBeforeTheStartLandsOnTheFirstRecordAndAfterTheEndOnNothing()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.seek(0);
            final long[] got = { -1 };
            assertTrue(reader.read(f -> got[0] = f.recvEpochNanos(), (i, t, e) -> fail()));
            assertEquals(times[0], got[0]);
            reader.seek(times[times.length - 1] + 1);
            assertFalse(reader.read(f -> fail(), (i, t, e) -> fail()));
        }
    }

    private long firstAtOrAfter(final long target)
    {
        for (int i = 0; i < times.length; i++)
        {
            if (times[i] >= target)
            {
                // an event written just before frame i carries the same time
                return times[i];
            }
        }
        return Long.MIN_VALUE;
    }
}
