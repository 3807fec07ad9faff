package dev.ticktape.simulator;

import dev.ticktape.core.Market;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator's event times follow the wall clock, so a recorder's lag against it means something. */
@Timeout(60)
class EventClockTest extends SimulatorSupport
{
    private static final Pattern EVENT_TIME = Pattern.compile("\"E\":(\\d+)");

    @Test
    void eventTimesAreTheWallClockWhenTheyAreSent() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(100));
        final Client c = connect(Market.SPOT, "/ws/btcusdt@trade");
        final long[] lag = new long[41];
        for (int i = 0; i < lag.length; i++)
        {
            final String m = c.next();
            final long received = System.currentTimeMillis();
            final Matcher e = EVENT_TIME.matcher(m);
            assertTrue(e.find(), m);
            lag[i] = received - Long.parseLong(e.group(1));
        }
        Arrays.sort(lag);
        // before the fix the median was 250 to 500 ms: the start of the endpoints, counted into every event time
        assertTrue(lag[lag.length / 2] >= -20 && lag[lag.length / 2] < 100, "median lag " + lag[lag.length / 2] + " ms: " + Arrays.toString(lag));
    }
}
