package dev.ticktape.core.journal;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.Market;
import dev.ticktape.core.TicktapeException;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads session-event bodies as self-describing Chronicle Wire fields. Fields are read by
 * name, so a later version may add fields without breaking older readers.
 */
final class SessionEventCodec
{
    private SessionEventCodec()
    {
    }

    static void write(final SessionEvent event, final WireOut wire)
    {
        if (event instanceof SessionEvent.RecordingStarted e)
        {
            wire.write("ticktapeVersion").text(e.ticktapeVersion());
            wire.write("formatVersion").int32(e.formatVersion());
            wire.write("host").text(e.host());
            wire.write("pid").int64(e.pid());
            wire.write("configuration").text(e.configuration());
            wire.write("sbeSchemaId").int32(e.sbeSchemaId());
            wire.write("sbeSchemaVersion").int32(e.sbeSchemaVersion());
        }
        else if (event instanceof SessionEvent.ConnectionOpened e)
        {
            wire.write("connectionId").int32(e.connectionId());
            wire.write("market").text(e.market().wireName());
            wire.write("url").text(e.url());
        }
        else if (event instanceof SessionEvent.ConnectionClosed e)
        {
            wire.write("connectionId").int32(e.connectionId());
            wire.write("market").text(e.market().wireName());
            wire.write("code").int32(e.code());
            wire.write("reason").text(e.reason());
            wire.write("remote").bool(e.remote());
        }
        else if (event instanceof SessionEvent.Subscribed e)
        {
            wire.write("connectionId").int32(e.connectionId());
            wire.write("market").text(e.market().wireName());
            wire.write("streams").sequence(e.streams(), SessionEventCodec::writeTexts);
        }
        else if (event instanceof SessionEvent.Unsubscribed e)
        {
            wire.write("connectionId").int32(e.connectionId());
            wire.write("market").text(e.market().wireName());
            wire.write("streams").sequence(e.streams(), SessionEventCodec::writeTexts);
            wire.write("reason").text(e.reason());
        }
        else if (event instanceof SessionEvent.GapDetected e)
        {
            wire.write("connectionId").int32(e.connectionId());
            wire.write("market").text(e.market().wireName());
            wire.write("stream").text(e.stream());
            wire.write("lastId").int64(e.lastId());
            wire.write("nextId").int64(e.nextId());
            wire.write("reason").text(e.reason());
        }
        else if (event instanceof SessionEvent.SnapshotTaken e)
        {
            wire.write("market").text(e.market().wireName());
            wire.write("symbol").text(e.symbol());
            wire.write("lastUpdateId").int64(e.lastUpdateId());
            wire.write("url").text(e.url());
            wire.write("httpStatus").int32(e.httpStatus());
        }
        else if (event instanceof SessionEvent.Overlap e)
        {
            wire.write("connectionId").int32(e.connectionId());
            wire.write("market").text(e.market().wireName());
            wire.write("replacedConnectionId").int32(e.replacedConnectionId());
            wire.write("reason").text(e.reason());
        }
        else if (event instanceof SessionEvent.RecordingStopped e)
        {
            wire.write("reason").text(e.reason());
            wire.write("frames").int64(e.frames());
        }
        else if (event instanceof SessionEvent.ArchiveRemoved e)
        {
            wire.write("hourStartMillis").int64(e.hourStartMillis());
            wire.write("file").text(e.file());
            wire.write("records").int64(e.records());
            wire.write("bytes").int64(e.bytes());
            wire.write("reason").text(e.reason());
        }
        else if (event instanceof SessionEvent.RecordingResumed e)
        {
            wire.write("previousEndNanos").int64(e.previousEndNanos());
            wire.write("cleanStop").bool(e.cleanStop());
            wire.write("previousStop").text(e.previousStop());
            wire.write("markets").sequence(e.markets(), SessionEventCodec::writeTexts);
            wire.write("streams").sequence(e.streams(), SessionEventCodec::writeTexts);
            wire.write("lastUpdateIds").sequence(e.lastUpdateIds(), (list, out) ->
            {
                for (final Long id : list)
                {
                    out.int64(id);
                }
            });
        }
    }

    private static void writeTexts(final List<String> list, final ValueOut out)
    {
        for (final String s : list)
        {
            out.text(s);
        }
    }

    static SessionEvent read(final SessionEventType type, final WireIn wire, final long index)
    {
        return switch (type)
        {
            case RECORDING_STARTED -> new SessionEvent.RecordingStarted(
                text(wire, "ticktapeVersion"),
                wire.read("formatVersion").int32(),
                text(wire, "host"),
                wire.read("pid").int64(),
                text(wire, "configuration"),
                wire.read("sbeSchemaId").int32(),
                wire.read("sbeSchemaVersion").int32());
            case CONNECTION_OPENED -> new SessionEvent.ConnectionOpened(
                wire.read("connectionId").int32(),
                market(wire, index),
                text(wire, "url"));
            case CONNECTION_CLOSED -> new SessionEvent.ConnectionClosed(
                wire.read("connectionId").int32(),
                market(wire, index),
                wire.read("code").int32(),
                text(wire, "reason"),
                wire.read("remote").bool());
            case SUBSCRIBED ->
            {
                final int connectionId = wire.read("connectionId").int32();
                final Market market = market(wire, index);
                final List<String> streams = new ArrayList<>();
                wire.read("streams").sequence(streams, SessionEventCodec::readTexts);
                yield new SessionEvent.Subscribed(connectionId, market, streams);
            }
            case UNSUBSCRIBED ->
            {
                final int connectionId = wire.read("connectionId").int32();
                final Market market = market(wire, index);
                final List<String> streams = new ArrayList<>();
                wire.read("streams").sequence(streams, SessionEventCodec::readTexts);
                yield new SessionEvent.Unsubscribed(connectionId, market, streams, text(wire, "reason"));
            }
            case GAP_DETECTED -> new SessionEvent.GapDetected(
                wire.read("connectionId").int32(),
                market(wire, index),
                text(wire, "stream"),
                wire.read("lastId").int64(),
                wire.read("nextId").int64(),
                text(wire, "reason"));
            case SNAPSHOT_TAKEN -> new SessionEvent.SnapshotTaken(
                market(wire, index),
                text(wire, "symbol"),
                wire.read("lastUpdateId").int64(),
                text(wire, "url"),
                wire.read("httpStatus").int32());
            case OVERLAP -> new SessionEvent.Overlap(
                wire.read("connectionId").int32(),
                market(wire, index),
                wire.read("replacedConnectionId").int32(),
                text(wire, "reason"));
            case RECORDING_STOPPED -> new SessionEvent.RecordingStopped(
                text(wire, "reason"),
                wire.read("frames").int64());
            case ARCHIVE_REMOVED -> new SessionEvent.ArchiveRemoved(
                wire.read("hourStartMillis").int64(),
                text(wire, "file"),
                wire.read("records").int64(),
                wire.read("bytes").int64(),
                text(wire, "reason"));
            case RECORDING_RESUMED ->
            {
                final long end = wire.read("previousEndNanos").int64();
                final boolean clean = wire.read("cleanStop").bool();
                final String stop = text(wire, "previousStop");
                final List<String> markets = new ArrayList<>();
                wire.read("markets").sequence(markets, SessionEventCodec::readTexts);
                final List<String> streams = new ArrayList<>();
                wire.read("streams").sequence(streams, SessionEventCodec::readTexts);
                final List<Long> ids = new ArrayList<>();
                wire.read("lastUpdateIds").sequence(ids, (out, in) ->
                {
                    while (in.hasNextSequenceItem())
                    {
                        out.add(in.int64());
                    }
                });
                yield new SessionEvent.RecordingResumed(end, clean, stop, markets, streams, ids);
            }
        };
    }

    private static void readTexts(final List<String> out, final ValueIn in)
    {
        while (in.hasNextSequenceItem())
        {
            out.add(in.text());
        }
    }

    private static String text(final WireIn wire, final String field)
    {
        final String s = wire.read(field).text();
        return s == null ? "" : s;
    }

    private static Market market(final WireIn wire, final long index)
    {
        final String name = wire.read("market").text();
        for (final Market m : Market.values())
        {
            if (m.wireName().equals(name))
            {
                return m;
            }
        }
        throw new TicktapeException(ErrorCode.DATA,
            "session event at index " + Long.toHexString(index) + " names unknown market '" + name + "'");
    }
}
