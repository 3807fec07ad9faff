package dev.ticktape.tools;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.simulator.Simulator;
import dev.ticktape.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ticktape record} as its own process, the packaged jar, killed and stopped by signals:
 * SIGKILL mid-run leaves a readable journal that a restart appends to; SIGTERM exits 0 after
 * journaling the stop.
 */
@Timeout(120)
class RecorderProcessIT
{
    @TempDir
    Path dir;
    Simulator simulator;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void startSimulator()
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT", "ETHUSDT")).ticksPerSecond(200));
    }

    @AfterEach
    void stopAll()
    {
        processes.forEach(Process::destroyForcibly);
        simulator.close();
    }

    private Process record(final Path journal, final String... extra) throws Exception
    {
        final Path jar = Path.of("target", "ticktape.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar was built: " + jar);
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
        command.addAll(List.of("-jar", jar.toString(), "record", "--journal", journal.toString(), "--status-interval", "0s",
            "--market", "spot", "--streams", "btcusdt@depth@100ms,btcusdt@trade,ethusdt@bookTicker",
            "--endpoint", simulator.baseUri(Market.SPOT).toString(), "--rest-endpoint", simulator.restBaseUri().toString()));
        command.addAll(Arrays.asList(extra));
        final Process p = new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out-" + processes.size() + ".txt").toFile())
            .redirectError(dir.resolve("err-" + processes.size() + ".txt").toFile()).start();
        processes.add(p);
        return p;
    }

    private String out(final int process) throws Exception
    {
        return Files.readString(dir.resolve("out-" + process + ".txt")) + Files.readString(dir.resolve("err-" + process + ".txt"));
    }

    /** Frames and session events of a journal, read while it may still be written. */
    private record Contents(List<byte[]> frames, List<SessionEvent> events)
    {
    }

    private static Contents read(final Path journal)
    {
        final List<byte[]> frames = new ArrayList<>();
        final List<SessionEvent> events = new ArrayList<>();
        if (!Files.isDirectory(journal))
        {
            return new Contents(frames, events);
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.read(f -> frames.add(f.payloadBytes()), (index, t, e) -> events.add(e)))
            {
                // all
            }
        }
        catch (final RuntimeException notYet)
        {
            // a journal being created: nothing to read yet
        }
        return new Contents(frames, events);
    }

    /** Waits for the journal to hold a number of frames: the process's progress has no callback. */
    private static void awaitFrames(final Path journal, final int frames, final Process p) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (read(journal).frames().size() < frames)
        {
            assertTrue(p.isAlive(), "the recorder exited early");
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + frames + " frames");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void sigkillLeavesAReadableJournalThatARestartAppendsTo() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Process first = record(journal);
        awaitFrames(journal, 300, first);
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "killed by SIGKILL");

        final Contents killed = read(journal);
        assertTrue(killed.frames().size() >= 300, "frames up to the kill are readable: " + killed.frames().size());
        assertEquals(1, killed.events().stream().filter(SessionEvent.RecordingStarted.class::isInstance).count());
        assertEquals(0, killed.events().stream().filter(SessionEvent.RecordingStopped.class::isInstance).count(), "no stop was journaled");

        final Process second = record(journal, "--duration", "2s");
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the restart stops after its duration");
        assertEquals(0, second.exitValue(), out(1));
        final Contents appended = read(journal);
        assertTrue(appended.frames().size() > killed.frames().size() + 100, "the restart appended frames");
        for (int i = 0; i < killed.frames().size(); i++)
        {
            assertArrayEquals(killed.frames().get(i), appended.frames().get(i), "frame " + i + " of the killed run is unchanged");
        }
        assertEquals(2, appended.events().stream().filter(SessionEvent.RecordingStarted.class::isInstance).count());
        assertEquals(1, appended.events().stream().filter(SessionEvent.RecordingStopped.class::isInstance).count());
        // the restart says the killed run did not stop cleanly, and the depth ids it missed are a gap
        final SessionEvent.RecordingResumed resumed = appended.events().stream().filter(SessionEvent.RecordingResumed.class::isInstance)
            .map(SessionEvent.RecordingResumed.class::cast).findFirst().orElseThrow();
        assertFalse(resumed.cleanStop());
        assertEquals(List.of("btcusdt@depth@100ms"), resumed.streams());
        final List<SessionEvent> after = appended.events().subList(appended.events().indexOf(resumed), appended.events().size());
        assertTrue(after.stream().anyMatch(e -> e instanceof SessionEvent.GapDetected g && g.lastId() == resumed.lastUpdateIds().get(0)),
            "a gap from the killed run's last id: " + after);
        assertTrue(out(1).contains("did not stop cleanly"), out(1));
        // a book replay of the journal finds exactly the breaks the journal records, the kill's hole among them
        final long[] breaks = { 0 };
        final long[] gaps = { 0 };
        final dev.ticktape.core.book.BookReplay books = new dev.ticktape.core.book.BookReplay(new dev.ticktape.core.decode.MarketDataListener()
        {
        }, new dev.ticktape.core.book.BookListener()
        {
            @Override
            public void onBookGap(final dev.ticktape.core.book.OrderBook book, final long expected, final long actual, final String reason)
            {
                breaks[0]++;
            }
        }, (index, time, event) -> gaps[0] += event instanceof SessionEvent.GapDetected ? 1 : 0, (frame, reason) ->
        {
            // a frame the kill cut: the next event shows the break
        });
        try (dev.ticktape.replayer.Replayer replayer = dev.ticktape.replayer.Replayer.open(
            new dev.ticktape.replayer.ReplayOptions().journal(journal).maxSpeed()))
        {
            replayer.run(books, books);
        }
        assertTrue(gaps[0] >= 1);
        assertEquals(gaps[0], breaks[0], "book breaks against journaled gaps");
        assertTrue(books.books().find(Market.SPOT, "BTCUSDT").isSynced(), "the book is in sync again after the restart's snapshot");
    }

    @Test
    void serveAndSimulateExitZeroOnSigterm() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Process recording = record(journal, "--duration", "1s");
        assertTrue(recording.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, recording.exitValue(), out(0));
        int n = 1;
        for (final List<String> args : List.of(List.of("serve", "--journal", journal.toString(), "--port", "0"),
            List.of("simulate", "--port", "0")))
        {
            final Path jar = Path.of("target", "ticktape.jar").toAbsolutePath();
            final List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Dchronicle")).toList());
            command.addAll(List.of("-jar", jar.toString()));
            command.addAll(args);
            final Path stdout = dir.resolve("out-" + n + ".txt");
            final Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("err-" + n + ".txt").toFile()).start();
            processes.add(p);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(stdout).contains("spot ws://"))
            {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, args.get(0) + " started: " + out(n));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), args.get(0) + ": " + out(n));
            n++;
        }
    }

    @Test
    void sigtermExitsZeroWithAStopEvent() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Process p = record(journal);
        awaitFrames(journal, 300, p);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the recorder stops on SIGTERM");
        assertEquals(0, p.exitValue(), out(0));
        assertTrue(out(0).contains("recorded "), out(0));
        final Contents c = read(journal);
        final SessionEvent last = c.events().get(c.events().size() - 1);
        assertInstanceOf(SessionEvent.RecordingStopped.class, last);
        assertEquals("SIGTERM", ((SessionEvent.RecordingStopped) last).reason());
        assertTrue(c.events().stream().anyMatch(e -> e instanceof SessionEvent.ConnectionClosed cc && !cc.remote()),
            "the connection was closed by the recorder and journaled");
    }
}
