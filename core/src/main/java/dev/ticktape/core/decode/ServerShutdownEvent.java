package dev.ticktape.core.decode;

/**
 * Binance announces that the server will shut down ({@code serverShutdown}): reconnect.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class ServerShutdownEvent extends MarketEvent
{
    ServerShutdownEvent()
    {
        super(EventType.SERVER_SHUTDOWN);
    }

    @Override
    void reset()
    {
        super.reset();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        // no fields beyond the common ones
    }
}
