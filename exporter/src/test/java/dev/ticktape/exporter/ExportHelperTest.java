package dev.ticktape.exporter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The helper thread's claimable task ({@link ExportHelper.Task}), given again and again as its users do. */
class ExportHelperTest
{
    @Test
    @Timeout(30)
    void aTurnLeftFromAnEarlierGivingNeverRunsTheWorkOfALaterOne() throws Exception
    {
        final ExportHelper.Task task = new ExportHelper.Task();
        final AtomicInteger firstRuns = new AtomicInteger();
        final AtomicInteger secondRuns = new AtomicInteger();
        final CountDownLatch secondDone = new CountDownLatch(1);
        try (BusyHelper busy = new BusyHelper())
        {
            // given while the helper is busy, and taken back: its turn is still queued behind the busy task
            task.give(firstRuns::incrementAndGet);
            assertTrue(task.claim(), "the giving thread takes back a task the helper has not started");
            firstRuns.incrementAndGet();
            assertFalse(task.settled(), "the helper's turn at the first giving has not passed");

            // given again, as TableWriter gives each run's half to the same task
            task.give(() ->
            {
                secondRuns.incrementAndGet();
                secondDone.countDown();
            });
            assertTrue(busy.busy());
        }
        // the helper now takes the first turn (which finds its giving claimed), then the second's
        assertTrue(secondDone.await(20, TimeUnit.SECONDS), "the second giving's work ran on the helper");
        task.await();
        assertTrue(task.settled());
        assertEquals(1, firstRuns.get(), "the first giving's work ran once, on the giving thread");
        assertEquals(1, secondRuns.get(), "the second giving's work ran once, on the helper");
        assertFalse(task.claim(), "the helper claimed the second giving");
    }

    @Test
    @Timeout(30)
    void cancelTakesBackWhatTheHelperHasNotStartedAndWaitsForWhatItHas() throws Exception
    {
        final ExportHelper.Task task = new ExportHelper.Task();
        final AtomicInteger runs = new AtomicInteger();
        try (BusyHelper busy = new BusyHelper())
        {
            task.give(runs::incrementAndGet);
            task.cancel();
            assertTrue(busy.busy());
        }
        task.await();
        assertEquals(0, runs.get(), "a cancelled task that the helper had not started never runs");

        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        task.give(() ->
        {
            started.countDown();
            try
            {
                finish.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            runs.incrementAndGet();
        });
        started.await();
        final Thread canceller = new Thread(task::cancel);
        canceller.start();
        finish.countDown();
        canceller.join();
        assertEquals(1, runs.get(), "cancel returned only after the helper's run had finished");
    }

    @Test
    @Timeout(30)
    void whatTheHelpersRunThrowsComesBackFromAwait() throws Exception
    {
        final ExportHelper.Task task = new ExportHelper.Task();
        task.give(() ->
        {
            throw new IllegalStateException("disk full");
        });
        final ExecutionException e = assertThrows(ExecutionException.class, task::await);
        assertEquals("disk full", e.getCause().getMessage());
        assertFalse(task.claim());
        task.cancel(); // on a failing path: the failure is not thrown again
    }
}
