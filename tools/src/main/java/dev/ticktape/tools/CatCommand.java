package dev.ticktape.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ticktape.core.decode.EventJsonWriter;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.MarketEvent;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.core.journal.SessionEventHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ticktape cat}: a journal's frames as JSON lines, optionally limited by time, stream and count.
 */
@Command(
    name = "cat",
    mixinStandardHelpOptions = true,
    versionProvider = TicktapeCommand.VersionProvider.class,
    header = "Print a journal's frames as JSON lines.",
    description = {
        "One JSON object per line and frame: recv_ns (epoch ns), recv_time (ISO-8601), mono_ns, index, "
            + "market, connection, stream (null when the frame names none), kind (text, binary, rest) and "
            + "payload (the text as a string; binary payloads in base64).",
        "Times for --from and --to are ISO-8601 instants (2024-01-01T00:00:00Z), dates (2024-01-01, "
            + "midnight UTC) or epoch nanoseconds. --from is inclusive and found by seeking, not scanning; "
            + "--to is exclusive.",
    },
    footer = {
        "",
        "Examples:",
        "  ticktape cat --journal journal/ --stream btcusdt@trade --limit 10",
        "  ticktape cat --journal journal/ --from 2024-01-01T10:00:00Z --to 2024-01-01T10:01:00Z",
    })
final class CatCommand implements Callable<Integer>
{
    @Mixin
    JournalOption journalOption;

    @Option(names = "--from", paramLabel = "T", converter = TimeConverter.class,
        description = "First receive time to print (inclusive).")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = TimeConverter.class,
        description = "Receive time to stop at (exclusive).")
    Long to;

    @Option(names = "--stream", paramLabel = "S", description = "Only frames of this stream (repeatable).")
    List<String> streams;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N frames.")
    Long limit;

    @Option(names = "--events", description = "Also print session events, as {\"recv_ns\":..,\"event\":..,..} lines.")
    boolean events;

    @Option(names = "--decode", description = "Print typed events instead of raw frames: one JSON line per event with "
        + "recv_ns, recv_time, stream and the event's fields (docs/decoding.md); frames that do not decode print as "
        + "{\"type\":\"decodeError\",..} lines and are counted on stderr.")
    boolean decode;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException
    {
        if (limit != null && limit < 0)
        {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative: " + limit);
        }
        if (from != null && to != null && to < from)
        {
            throw new ParameterException(spec.commandLine(), "--to is before --from");
        }
        final byte[][] wanted = streams == null ? null
            : streams.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        final long max = limit == null ? Long.MAX_VALUE : limit;
        final long end = to == null ? Long.MAX_VALUE : to;

        try (JournalReader reader = JournalReader.open(journalOption.journal);
             JsonGenerator json = new JsonFactory().createGenerator(spec.commandLine().getOut()))
        {
            json.setRootValueSeparator(null);
            if (from != null)
            {
                reader.seek(from);
            }
            final Printer printer = new Printer(json, wanted, end, events);
            if (decode)
            {
                final DecodedPrinter decoded = new DecodedPrinter(spec.commandLine().getOut(), printer);
                while (printer.printed < max && !printer.pastEnd && reader.read(decoded, decoded))
                {
                    // the decoder prints
                }
                json.flush();
                if (decoded.decoder.errors() > 0)
                {
                    spec.commandLine().getErr().println("ticktape: " + decoded.decoder.errors()
                        + " frame(s) could not be decoded (printed as decodeError lines)");
                }
            }
            else
            {
                while (printer.printed < max && !printer.pastEnd && reader.read(printer, printer))
                {
                    // the printer writes
                }
            }
            json.flush();
        }
        return 0;
    }

    /** Decodes frames that pass the printer's filters and prints each typed event as one JSON line. */
    static final class DecodedPrinter implements FrameHandler, SessionEventHandler, MarketDataListener
    {
        private final java.io.PrintWriter out;
        private final Printer filter;
        private final EventJsonWriter writer = new EventJsonWriter();
        private final StringBuilder line = new StringBuilder(1024);
        final MarketDataDecoder decoder;

        DecodedPrinter(final java.io.PrintWriter out, final Printer filter)
        {
            this.out = out;
            this.filter = filter;
            this.decoder = new MarketDataDecoder(this, this::onDecodeError);
        }

        @Override
        public void onFrame(final JournalFrame frame)
        {
            if (frame.recvEpochNanos() >= filter.end)
            {
                filter.pastEnd = true;
                return;
            }
            if (filter.wanted != null && !filter.matches(frame))
            {
                return;
            }
            filter.flush();
            decoder.onFrame(frame);
            filter.printed++;
        }

        @Override
        public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
        {
            decoder.onEvent(index, recvEpochNanos, event);
            filter.onEvent(index, recvEpochNanos, event);
        }

        @Override
        public void onEvent(final JournalFrame frame, final MarketEvent event)
        {
            start(frame);
            writer.appendMembers(event, line);
            finish();
        }

        @Override
        public void onUnknown(final JournalFrame frame)
        {
            start(frame);
            line.append("\"type\":\"unknown\",\"payload\":");
            appendPayload(frame);
            finish();
        }

        private void onDecodeError(final JournalFrame frame, final String reason)
        {
            start(frame);
            line.append("\"type\":\"decodeError\",\"reason\":\"").append(reason).append("\",\"payload\":");
            appendPayload(frame);
            finish();
        }

        private void start(final JournalFrame frame)
        {
            line.setLength(0);
            line.append("{\"recv_ns\":").append(frame.recvEpochNanos())
                .append(",\"recv_time\":\"").append(Times.iso(frame.recvEpochNanos()))
                .append("\",\"stream\":");
            if (frame.streamLength() > 0)
            {
                EventJsonWriter.appendQuoted(line, frame.streamName());
            }
            else
            {
                line.append("null");
            }
            line.append(',');
        }

        private void appendPayload(final JournalFrame frame)
        {
            if (frame.kind() == FrameKind.BINARY)
            {
                line.append('"').append(java.util.Base64.getEncoder().encodeToString(frame.payloadBytes())).append('"');
            }
            else
            {
                EventJsonWriter.appendQuoted(line, frame.payloadAsString());
            }
        }


        private void finish()
        {
            out.append(line).append("}\n");
        }
    }

    static final class Printer implements FrameHandler, SessionEventHandler
    {
        private final JsonGenerator json;
        private final byte[][] wanted;
        private final long end;
        private final boolean events;
        private byte[] scratch = new byte[4096];
        long printed;
        boolean pastEnd;

        Printer(final JsonGenerator json, final byte[][] wanted, final long end, final boolean events)
        {
            this.json = json;
            this.wanted = wanted;
            this.end = end;
            this.events = events;
        }

        @Override
        public void onFrame(final JournalFrame frame)
        {
            if (frame.recvEpochNanos() >= end)
            {
                pastEnd = true;
                return;
            }
            if (wanted != null && !matches(frame))
            {
                return;
            }
            try
            {
                json.writeStartObject();
                json.writeNumberField("recv_ns", frame.recvEpochNanos());
                json.writeStringField("recv_time", Times.iso(frame.recvEpochNanos()));
                json.writeNumberField("mono_ns", frame.recvMonoNanos());
                json.writeNumberField("index", frame.index());
                json.writeStringField("market", frame.market().wireName());
                json.writeNumberField("connection", frame.connectionId());
                if (frame.streamLength() > 0)
                {
                    json.writeStringField("stream", frame.streamName());
                }
                else
                {
                    json.writeNullField("stream");
                }
                json.writeStringField("kind", frame.kind().wireName());
                final int length = frame.payloadLength();
                if (scratch.length < length)
                {
                    scratch = new byte[Math.max(length, scratch.length * 2)];
                }
                frame.buffer().getBytes(frame.payloadOffset(), scratch, 0, length);
                json.writeFieldName("payload");
                if (frame.kind() == FrameKind.BINARY)
                {
                    json.writeBinary(scratch, 0, length);
                }
                else
                {
                    json.writeString(new String(scratch, 0, length, StandardCharsets.UTF_8));
                }
                json.writeEndObject();
                json.writeRaw('\n');
                printed++;
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }

        /** Lets the decoded printer write to the same output after this printer's JSON. */
        void flush()
        {
            try
            {
                json.flush();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
        {
            if (recvEpochNanos >= end)
            {
                pastEnd = true;
                return;
            }
            if (!events)
            {
                return;
            }
            try
            {
                json.writeStartObject();
                json.writeNumberField("recv_ns", recvEpochNanos);
                json.writeStringField("recv_time", Times.iso(recvEpochNanos));
                json.writeNumberField("index", index);
                json.writeStringField("event", event.type().wireName());
                for (final java.lang.reflect.RecordComponent c : event.getClass().getRecordComponents())
                {
                    json.writeFieldName(c.getName());
                    final Object value = c.getAccessor().invoke(event);
                    if (value instanceof List<?> list)
                    {
                        json.writeStartArray();
                        for (final Object o : list)
                        {
                            json.writeString(String.valueOf(o));
                        }
                        json.writeEndArray();
                    }
                    else if (value instanceof Number n)
                    {
                        json.writeNumber(n.longValue());
                    }
                    else if (value instanceof Boolean b)
                    {
                        json.writeBoolean(b);
                    }
                    else
                    {
                        json.writeString(String.valueOf(value));
                    }
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
            catch (final ReflectiveOperationException e)
            {
                throw new IllegalStateException("cannot render " + event.type(), e);
            }
        }

        private boolean matches(final JournalFrame frame)
        {
            for (final byte[] name : wanted)
            {
                if (frame.streamEquals(name))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
