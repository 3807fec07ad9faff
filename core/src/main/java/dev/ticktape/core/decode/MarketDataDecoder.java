package dev.ticktape.core.decode;

import dev.ticktape.core.binance.StreamNames;
import dev.ticktape.core.journal.FrameHandler;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import dev.ticktape.core.journal.SessionEvent;
import dev.ticktape.core.journal.SessionEventHandler;
import org.agrona.collections.IntHashSet;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns raw frames into typed events: the bridge from the raw {@link FrameHandler} callback, which
 * the journal reader and the replayer deliver (and live code feeds with frames it wraps itself), to
 * a {@link MarketDataListener}.
 * <p>
 * Text frames are decoded as Binance JSON, binary frames as spot SBE, REST frames as depth snapshots
 * (a REST frame of exchange information, {@link StreamNames#EXCHANGE_INFO}, has no event: it goes to
 * {@link MarketDataListener#onUnknown}).
 * A frame that cannot be decoded goes to the {@link DecodeErrorHandler} with its reason and is
 * counted; nothing a decoder throws escapes {@link #onFrame}. A well-formed frame of a type no
 * decoder knows goes to {@link MarketDataListener#onUnknown}. Exceptions thrown by the listener
 * itself are not caught.
 * <p>
 * Steady-state decoding allocates nothing. As a {@link SessionEventHandler} it learns from
 * connection-opened events which connections asked for {@code timeUnit=MICROSECOND}.
 * Not thread-safe: one decoder per thread.
 */
public final class MarketDataDecoder implements FrameHandler, SessionEventHandler
{
    private static final byte[] EXCHANGE_INFO = StreamNames.EXCHANGE_INFO.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final MarketDataListener listener;
    private final DecodeErrorHandler errorHandler;
    private final JsonMessageDecoder json;
    private final SbeMessageDecoder sbe;
    private final IntHashSet microsecondConnections = new IntHashSet();
    private long frames;
    private long errors;
    private long unknown;

    /**
     * @param listener     receives the typed events.
     * @param errorHandler receives the frames that could not be decoded.
     */
    public MarketDataDecoder(final MarketDataListener listener, final DecodeErrorHandler errorHandler)
    {
        this(listener, errorHandler, true);
    }

    /**
     * @param fastPath whether compact JSON of the busiest types goes through {@link FastJsonDecoder}
     *                 first; tests turn it off to compare the two paths.
     */
    MarketDataDecoder(final MarketDataListener listener, final DecodeErrorHandler errorHandler, final boolean fastPath)
    {
        this.listener = listener;
        this.errorHandler = errorHandler;
        this.json = new JsonMessageDecoder(listener, fastPath);
        this.sbe = new SbeMessageDecoder(listener, json);
    }

    @Override
    public void onFrame(final JournalFrame frame)
    {
        frames++;
        try
        {
            final FrameKind kind = frame.kind();
            if (kind == FrameKind.BINARY)
            {
                if (!sbe.decode(frame))
                {
                    unknown++;
                    listener.onUnknown(frame);
                }
            }
            else if (kind == FrameKind.REST)
            {
                if (frame.streamEquals(EXCHANGE_INFO))
                {
                    // exchange information: no market event, kept for the replay server
                    unknown++;
                    listener.onUnknown(frame);
                }
                else
                {
                    json.decodeRest(frame, timeUnit(frame));
                }
            }
            else if (!json.decodeText(frame, timeUnit(frame)))
            {
                unknown++;
                listener.onUnknown(frame);
            }
        }
        catch (final DecodeException e)
        {
            error(frame, e.getMessage());
        }
        catch (final IndexOutOfBoundsException | ArithmeticException e)
        {
            error(frame, "malformed message");
        }
    }

    @Override
    public void onEvent(final long index, final long recvEpochNanos, final SessionEvent event)
    {
        if (event instanceof SessionEvent.ConnectionOpened opened
            && opened.url().toLowerCase(Locale.ROOT).contains("timeunit=microsecond"))
        {
            microsecondConnections.add(opened.connectionId());
        }
    }

    /**
     * @return frames seen.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * @return frames that could not be decoded.
     */
    public long errors()
    {
        return errors;
    }

    /**
     * @return well-formed frames of a type no decoder knows, delivered to {@link MarketDataListener#onUnknown}.
     */
    public long unknown()
    {
        return unknown;
    }

    /**
     * @return text frames decoded and delivered by the fast path.
     */
    long fastDecoded()
    {
        return json.fastDecoded();
    }

    private TimeUnit timeUnit(final JournalFrame frame)
    {
        return !microsecondConnections.isEmpty() && microsecondConnections.contains(frame.connectionId())
            ? TimeUnit.MICROSECONDS : TimeUnit.MILLISECONDS;
    }

    private void error(final JournalFrame frame, final String reason)
    {
        errors++;
        errorHandler.onDecodeError(frame, reason);
    }
}
