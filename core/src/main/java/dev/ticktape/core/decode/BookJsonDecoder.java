package dev.ticktape.core.decode;

import static dev.ticktape.core.decode.JsonDecodeContext.require;
import static dev.ticktape.core.decode.JsonKeys.*;

/**
 * Decodes book data: book tickers, diff depth (also RPI), partial depth (spot and futures JSON) and REST depth snapshots.
 */
final class BookJsonDecoder
{
    private final JsonDecodeContext ctx;
    private final JsonCursor cursor;
    private final MarketDataListener listener;

    final BookTickerEvent bookTicker = new BookTickerEvent();
    final DepthUpdateEvent depthUpdate = new DepthUpdateEvent();
    final PartialDepthEvent partialDepth = new PartialDepthEvent();
    final DepthSnapshotEvent depthSnapshot = new DepthSnapshotEvent();

    BookJsonDecoder(final JsonDecodeContext ctx)
    {
        this.ctx = ctx;
        this.cursor = ctx.cursor;
        this.listener = ctx.listener;
    }

    void bookTicker()
    {
        final BookTickerEvent e = ctx.reset(bookTicker);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (!MessageFields.BOOK_TICKER.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        require(e.bidPrice.isPresent() && e.askPrice.isPresent());
        listener.onBookTicker(ctx.frame, e);
    }

    void depthUpdate(final boolean rpi)
    {
        final DepthUpdateEvent e = ctx.reset(depthUpdate);
        e.rpi = rpi;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_B_LOWER)
            {
                ctx.levels(e.bids);
            }
            else if (k == K_A_LOWER)
            {
                ctx.levels(e.asks);
            }
            else if (!MessageFields.DEPTH_UPDATE.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        require(e.firstUpdateId >= 0 && e.lastUpdateId >= 0);
        listener.onDepthUpdate(ctx.frame, e);
    }

    void partialDepth()
    {
        final PartialDepthEvent e = ctx.reset(partialDepth);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == 0 && cursor.keyIs(LAST_UPDATE_ID))
            {
                e.lastUpdateId = cursor.readLong();
            }
            else if (k == K_B_LOWER || k == K_BIDS)
            {
                ctx.levels(e.bids);
            }
            else if (k == K_A_LOWER || k == K_ASKS)
            {
                ctx.levels(e.asks);
            }
            else if (!MessageFields.PARTIAL_DEPTH.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        if (!e.symbol.isPresent())
        {
            ctx.streamSymbol(e.symbol);
        }
        require(e.lastUpdateId >= 0);
        listener.onPartialDepth(ctx.frame, e);
    }

    /** Decodes a REST depth snapshot body; the caller checks that nothing follows it. */
    void depthSnapshot()
    {
        final DepthSnapshotEvent e = ctx.reset(depthSnapshot);
        ctx.streamSymbol(e.symbol);
        cursor.enterObject();
        boolean hasId = false;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == 0 && cursor.keyIs(LAST_UPDATE_ID))
            {
                e.lastUpdateId = cursor.readLong();
                hasId = true;
            }
            else if (k == K_BIDS)
            {
                ctx.levels(e.bids);
            }
            else if (k == K_ASKS)
            {
                ctx.levels(e.asks);
            }
            else if (!MessageFields.DEPTH_SNAPSHOT.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        if (!hasId)
        {
            throw DecodeException.MISSING_FIELD;
        }
        listener.onDepthSnapshot(ctx.frame, e);
    }
}
