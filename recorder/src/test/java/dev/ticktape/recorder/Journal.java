package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEvent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A journal read back whole, for assertions: frames (copied) and session events in order. */
final class Journal
{
    record Frame(Market market, int connection, FrameKind kind, String stream, byte[] payload, long epochNanos)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final List<Object> records = new ArrayList<>();
    final List<Frame> frames = new ArrayList<>();
    final List<SessionEvent> events = new ArrayList<>();
    /** The receive time of the last record, frame or event. */
    long lastRecordNanos;

    static Journal read(final Path dir)
    {
        final Journal j = new Journal();
        try (JournalReader reader = JournalReader.open(dir))
        {
            while (reader.read(f ->
            {
                final Frame frame = new Frame(f.market(), f.connectionId(), f.kind(), f.streamName(), f.payloadBytes(), f.recvEpochNanos());
                j.frames.add(frame);
                j.records.add(frame);
                j.lastRecordNanos = f.recvEpochNanos();
            }, (index, t, e) ->
            {
                j.lastRecordNanos = t;
                j.events.add(e);
                j.records.add(e);
            }))
            {
                // read all
            }
        }
        return j;
    }

    <T extends SessionEvent> List<T> events(final Class<T> type)
    {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<Frame> frames(final FrameKind kind)
    {
        return frames.stream().filter(f -> f.kind() == kind).toList();
    }
}
