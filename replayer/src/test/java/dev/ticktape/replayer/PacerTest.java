package dev.ticktape.replayer;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTest
{
    @Test
    void spinFollowsThe99thPercentileOfOversleepAndIgnoresRareHiccups()
    {
        final Pacer pacer = new Pacer(1, 0);
        final Random random = new Random(20261122);
        // Parks that wake 50 to 150 µs late, and one in 200 a 5 ms hiccup: the 99th percentile is
        // about 149 µs, so the spin should settle near 149 + 20 µs, not near the hiccups.
        for (int i = 0; i < 200_000; i++)
        {
            pacer.oversleep(random.nextInt(200) == 0 ? 5_000_000 : 50_000 + random.nextInt(100_001));
        }
        final long spin = pacer.spinNanos();
        assertTrue(spin > 155_000 && spin < 185_000, "spin " + spin + " ns");

        // A quieter machine: the spin comes down, to no less than its floor.
        for (int i = 0; i < 200_000; i++)
        {
            pacer.oversleep(random.nextInt(3_000));
        }
        assertTrue(pacer.spinNanos() < 30_000, "spin " + pacer.spinNanos() + " ns");
        for (int i = 0; i < 200_000; i++)
        {
            pacer.oversleep(0);
        }
        assertEquals(Pacer.MIN_SPIN_NANOS, pacer.spinNanos());
    }

    @Test
    void theSpinWindowIsAFloorUnderWhatIsLearned()
    {
        final Pacer pacer = new Pacer(1, ReplayOptions.DEFAULT_SPIN_WINDOW_NANOS);
        assertEquals(2_000_000, pacer.spinNanos());
        for (int i = 0; i < 10_000; i++)
        {
            pacer.oversleep(0);
        }
        assertEquals(2_000_000, pacer.spinNanos(), "a quiet machine does not shrink the window");
        final Pacer wide = new Pacer(1, 50_000_000);
        for (int i = 0; i < 10_000; i++)
        {
            wide.oversleep(50_000_000);
        }
        assertEquals(50_000_000, wide.spinNanos(), "a window wider than the learned ceiling stays");
    }

    @Test
    void replaysSpinForTwoMillisecondsUnlessTold()
    {
        assertEquals(2_000_000, new ReplayOptions().spinWindowNanos());
        assertEquals(5_000, new ReplayOptions().spinWindow(5_000).copy().spinWindowNanos());
        final TicktapeException e = assertThrows(TicktapeException.class, () -> new ReplayOptions().spinWindow(-1));
        assertEquals(ErrorCode.USAGE, e.code());
    }

    @Test
    void spinNeverExceedsItsCeilingOnAMachineThatAlwaysOversleeps()
    {
        final Pacer pacer = new Pacer(1, 0);
        for (int i = 0; i < 10_000; i++)
        {
            pacer.oversleep(50_000_000);
        }
        assertEquals(Pacer.MAX_SPIN_NANOS, pacer.spinNanos());
    }
}
