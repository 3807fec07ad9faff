package dev.ticktape.core.decode;

import static dev.ticktape.core.decode.JsonDecodeContext.require;
import static dev.ticktape.core.decode.JsonKeys.LAST_UPDATE_ID;

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
        listener.onBookTicker(ctx.frame, ctx.fields(MessageFields.BOOK_TICKER, ctx.reset(bookTicker)));
    }

    void depthUpdate(final boolean rpi)
    {
        final DepthUpdateEvent e = ctx.reset(depthUpdate);
        e.rpi = rpi;
        listener.onDepthUpdate(ctx.frame, ctx.fields(MessageFields.DEPTH_UPDATE, e));
    }

    void partialDepth()
    {
        final PartialDepthEvent e = ctx.reset(partialDepth);
        MessageFields.PARTIAL_DEPTH.readMembers(cursor, e);
        if (!e.symbol.isPresent())
        {
            ctx.streamSymbol(e.symbol);
        }
        require(MessageFields.PARTIAL_DEPTH.complete(e));
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
