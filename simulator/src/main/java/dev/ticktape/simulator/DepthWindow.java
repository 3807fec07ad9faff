package dev.ticktape.simulator;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One diff-depth stream at one update speed: the changes of every model step within a window,
 * pushed as one event when the window closes, as Binance's {@code @depth}, {@code @depth@100ms} and
 * {@code @500ms} streams aggregate. {@code U} is the window's first update id, {@code u} its last,
 * {@code pu} the {@code u} of the event before on the same stream. A level changed twice in a
 * window appears once, with its last quantity.
 */
final class DepthWindow
{
    /** The stream's name ({@code btcusdt@depth@100ms}). */
    final String stream;
    /** The window length; 0 closes a window after every step. */
    final long periodMillis;
    final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Long, Long> asks = new TreeMap<>();
    long firstUpdateId = -1;
    long lastUpdateId;
    long previousLastUpdateId;

    DepthWindow(final String stream, final long periodMillis, final long lastUpdateId)
    {
        this.stream = stream;
        this.periodMillis = periodMillis;
        this.previousLastUpdateId = lastUpdateId;
    }

    /**
     * Whether the window holds every change since it opened. Changes are gathered only while the
     * stream has a subscriber (at market scale most diff streams have none); a window that had
     * none at some step is not pushed, so a client that subscribes mid-window gets its first event
     * at the next window, complete, as the ids go on either way.
     */
    private boolean complete;

    /**
     * Adds the model's last step.
     *
     * @param wanted whether anyone is subscribed to the stream now.
     */
    void add(final SymbolModel m, final boolean wanted)
    {
        if (firstUpdateId < 0)
        {
            firstUpdateId = m.firstUpdateId;
            complete = wanted;
        }
        else if (!wanted && complete)
        {
            complete = false;
            bids.clear();
            asks.clear();
        }
        lastUpdateId = m.lastUpdateId;
        if (!complete)
        {
            return;
        }
        for (final long[] c : m.bidChanges)
        {
            bids.put(c[0], c[1]);
        }
        for (final long[] c : m.askChanges)
        {
            asks.put(c[0], c[1]);
        }
    }

    /**
     * Forgets the window and the model's last step (the gap fault): the next event starts after the
     * withheld ids, and its {@code pu} names the withheld {@code u}, so a client sees the gap.
     */
    void withhold(final SymbolModel m)
    {
        clear();
        previousLastUpdateId = m.lastUpdateId;
    }

    /** @return whether a step went into the window since it last closed (pushed or not, it closes at its period's end). */
    boolean holdsSteps()
    {
        return firstUpdateId >= 0;
    }

    /** @return whether the window holds changes to push: some, and all since it opened. */
    boolean hasChanges()
    {
        return firstUpdateId >= 0 && complete;
    }

    /** Closes the window after its event was built. */
    void pushed()
    {
        previousLastUpdateId = lastUpdateId;
        clear();
    }

    private void clear()
    {
        firstUpdateId = -1;
        bids.clear();
        asks.clear();
    }

    /** The changes of a side as JSON {@code [["p","q"],...]}. */
    static String changes(final Map<Long, Long> side, final SymbolModel m)
    {
        final StringBuilder sb = new StringBuilder(side.size() * 24).append('[');
        for (final Map.Entry<Long, Long> e : side.entrySet())
        {
            if (sb.length() > 1)
            {
                sb.append(',');
            }
            sb.append("[\"").append(m.price(e.getKey())).append("\",\"").append(m.quantity(e.getValue())).append("\"]");
        }
        return sb.append(']').toString();
    }
}
