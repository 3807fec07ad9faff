package dev.ticktape.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Which of a market's symbols have a book event at a step, without visiting the others: busy
 * symbols (an event at every step) are in a list, quiet ones in a queue by the step of their next
 * event. At market scale a step has a few dozen events among thousands of symbols, and visiting
 * each symbol at each step cost more than the events. Listing order breaks ties, so the same seed
 * gives the same frames. Not thread-safe: the simulator's lock guards it.
 */
final class StepSchedule
{
    private final List<SymbolModel> busy = new ArrayList<>();
    private final PriorityQueue<SymbolModel> quiet = new PriorityQueue<>(
        Comparator.comparingLong(SymbolModel::nextEventStep).thenComparingLong(m -> m.order));
    private final List<SymbolModel> due = new ArrayList<>();

    void add(final SymbolModel m)
    {
        if (m.busy())
        {
            busy.add(m);
        }
        else
        {
            quiet.add(m);
        }
    }

    void remove(final SymbolModel m)
    {
        busy.remove(m);
        quiet.remove(m);
    }

    /**
     * @param step the step.
     * @return the symbols with an event at the step, busy ones first; valid until the next call,
     * and each must then be {@link #stepped}.
     */
    List<SymbolModel> due(final long step)
    {
        due.clear();
        due.addAll(busy);
        while (!quiet.isEmpty() && quiet.peek().nextEventStep() <= step)
        {
            due.add(quiet.poll());
        }
        return due;
    }

    /** Queues the quiet symbols of the last {@link #due} again, at the steps of their next events. */
    void stepped()
    {
        for (final SymbolModel m : due)
        {
            if (!m.busy())
            {
                quiet.add(m);
            }
        }
        due.clear();
    }
}
