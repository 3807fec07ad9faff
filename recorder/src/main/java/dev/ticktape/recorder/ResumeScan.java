package dev.ticktape.recorder;

import dev.ticktape.core.Market;
import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalReader;
import dev.ticktape.core.journal.SessionEvent;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a restarted recorder needs to know of the journal it appends to: where the earlier
 * recording ended, whether it stopped cleanly, and the last update id the journal holds for each
 * diff-depth stream this run records. Reads the journal backwards from its end, stopping once every
 * such stream is found or after {@link #MAX_RECORDS} records (a stream not seen that far back
 * starts a new chain, as in a new journal).
 */
final class ResumeScan
{
    /** How far back to look: a few seconds of reading, hours of a busy recording. */
    static final long MAX_RECORDS = 20_000_000L;

    private ResumeScan()
    {
    }

    /**
     * @param config this run's configuration: its journal and its diff-depth streams.
     * @return the resume event to journal, or null for a journal without records.
     */
    static SessionEvent.RecordingResumed scan(final RecorderConfig config)
    {
        final Path journal = config.journal();
        final Set<String> wanted = new java.util.LinkedHashSet<>();
        for (final RecorderConfig.MarketStreams m : config.markets())
        {
            for (final String s : m.streams())
            {
                if (StreamNames.diffDepth(s))
                {
                    wanted.add(key(m.market(), s));
                }
            }
        }
        if (!Files.isRegularFile(journal.resolve("metadata.cq4t")))
        {
            return null;
        }
        final Map<String, Long> lastIds = new HashMap<>();
        final Set<String> left = new HashSet<>(wanted);
        final long[] end = { Long.MIN_VALUE };
        final boolean[] clean = { false };
        final String[] stop = { "" };
        final FrameFacts facts = new FrameFacts();
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.toEndBackward();
            long records = 0;
            while (records < MAX_RECORDS && (records == 0 || !left.isEmpty()))
            {
                final long n = records;
                final boolean more = reader.read(f ->
                {
                    if (n == 0)
                    {
                        end[0] = f.recvEpochNanos();
                    }
                    if (left.isEmpty() || f.kind() == FrameKind.REST)
                    {
                        return;
                    }
                    final String stream = f.streamName();
                    if (stream == null)
                    {
                        return;
                    }
                    final String key = key(f.market(), stream);
                    if (!left.contains(key))
                    {
                        return;
                    }
                    final ByteBuffer payload = ByteBuffer.wrap(f.payloadBytes());
                    if (f.kind() == FrameKind.TEXT)
                    {
                        facts.text(payload);
                    }
                    else
                    {
                        facts.sbe(payload, stream.length());
                    }
                    if (facts.last >= 0)
                    {
                        lastIds.put(key, facts.last);
                        left.remove(key);
                    }
                }, (index, recvNanos, event) ->
                {
                    if (n == 0)
                    {
                        end[0] = recvNanos;
                        if (event instanceof SessionEvent.RecordingStopped s)
                        {
                            clean[0] = true;
                            stop[0] = s.reason();
                        }
                    }
                });
                if (!more)
                {
                    break;
                }
                records++;
            }
            if (records == 0)
            {
                return null;
            }
        }
        final List<String> markets = new ArrayList<>();
        final List<String> streams = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        for (final String key : wanted)
        {
            final Long id = lastIds.get(key);
            if (id != null)
            {
                final int space = key.indexOf(' ');
                markets.add(key.substring(0, space));
                streams.add(key.substring(space + 1));
                ids.add(id);
            }
        }
        return new SessionEvent.RecordingResumed(end[0], clean[0], stop[0], markets, streams, ids);
    }

    private static String key(final Market market, final String stream)
    {
        return market.wireName() + " " + stream;
    }
}
