package dev.ticktape.core.decode;

import static dev.ticktape.core.decode.JsonDecodeContext.require;
import static dev.ticktape.core.decode.JsonKeys.*;

/**
 * Decodes the USDⓈ-M futures-only streams: mark price, liquidations, composite index, contract info, asset index, trading session.
 */
final class FuturesJsonDecoder
{
    private final JsonDecodeContext ctx;
    private final JsonCursor cursor;
    private final MarketDataListener listener;

    final MarkPriceEvent markPrice = new MarkPriceEvent();
    final ForceOrderEvent forceOrder = new ForceOrderEvent();
    final CompositeIndexEvent compositeIndex = new CompositeIndexEvent();
    final ContractInfoEvent contractInfo = new ContractInfoEvent();
    final AssetIndexEvent assetIndex = new AssetIndexEvent();
    final TradingSessionEvent tradingSession = new TradingSessionEvent();

    FuturesJsonDecoder(final JsonDecodeContext ctx)
    {
        this.ctx = ctx;
        this.cursor = ctx.cursor;
        this.listener = ctx.listener;
    }

    void markPrice()
    {
        final MarkPriceEvent e = ctx.reset(markPrice);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
            {
                continue;
            }
            if (!MessageFields.MARK_PRICE.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        require(e.markPrice.isPresent());
        listener.onMarkPrice(ctx.frame, e);
    }

    void forceOrder()
    {
        final ForceOrderEvent e = ctx.reset(forceOrder);
        boolean order = false;
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (k == K_E)
            {
                e.eventTime = cursor.readLong();
            }
            else if (k == K_O_LOWER)
            {
                order = true;
                cursor.enterObject();
                while (cursor.nextField())
                {
                    final int o = cursor.key();
                    if (o == K_S_LOWER)
                    {
                        cursor.readString(e.symbol);
                    }
                    else if (o == K_S)
                    {
                        cursor.readString(e.side);
                    }
                    else if (o == K_O_LOWER)
                    {
                        cursor.readString(e.orderType);
                    }
                    else if (o == K_F_LOWER)
                    {
                        cursor.readString(e.timeInForce);
                    }
                    else if (o == K_Q_LOWER)
                    {
                        cursor.readDecimal(e.originalQuantity);
                    }
                    else if (o == K_P_LOWER)
                    {
                        cursor.readDecimal(e.price);
                    }
                    else if (o == K_AP)
                    {
                        cursor.readDecimal(e.averagePrice);
                    }
                    else if (o == K_X)
                    {
                        cursor.readString(e.status);
                    }
                    else if (o == K_L_LOWER)
                    {
                        cursor.readDecimal(e.lastFilledQuantity);
                    }
                    else if (o == K_Z)
                    {
                        cursor.readDecimal(e.filledQuantity);
                    }
                    else if (o == K_T)
                    {
                        e.tradeTime = cursor.readLong();
                    }
                    else
                    {
                        cursor.skipValue();
                    }
                }
            }
            else
            {
                cursor.skipValue();
            }
        }
        require(order);
        listener.onForceOrder(ctx.frame, e);
    }

    void compositeIndex()
    {
        final CompositeIndexEvent e = ctx.reset(compositeIndex);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
            {
                continue;
            }
            if (k == K_C_LOWER)
            {
                cursor.enterArray();
                while (cursor.nextElement())
                {
                    final IndexComponents.Component c = e.components.add();
                    cursor.enterObject();
                    while (cursor.nextField())
                    {
                        final int ck = cursor.key();
                        if (ck == K_B_LOWER)
                        {
                            cursor.readString(c.baseAsset);
                        }
                        else if (ck == K_Q_LOWER)
                        {
                            cursor.readString(c.quoteAsset);
                        }
                        else if (ck == K_W_LOWER)
                        {
                            cursor.readDecimal(c.weightInQuantity);
                        }
                        else if (ck == K_W)
                        {
                            cursor.readDecimal(c.weightInPercentage);
                        }
                        else if (ck == K_I_LOWER)
                        {
                            cursor.readDecimal(c.indexPrice);
                        }
                        else
                        {
                            cursor.skipValue();
                        }
                    }
                }
            }
            else if (!MessageFields.COMPOSITE_INDEX.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        listener.onCompositeIndex(ctx.frame, e);
    }

    void contractInfo()
    {
        final ContractInfoEvent e = ctx.reset(contractInfo);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
            {
                continue;
            }
            if (k == K_BKS)
            {
                cursor.enterArray();
                while (cursor.nextElement())
                {
                    final Brackets.Bracket b = e.brackets.add();
                    cursor.enterObject();
                    while (cursor.nextField())
                    {
                        final int bk = cursor.key();
                        if (bk == K_BS)
                        {
                            b.bracket = cursor.readLong();
                        }
                        else if (bk == K_BNF)
                        {
                            cursor.readDecimal(b.floorNotional);
                        }
                        else if (bk == K_BNC)
                        {
                            cursor.readDecimal(b.capNotional);
                        }
                        else if (bk == K_MMR)
                        {
                            cursor.readDecimal(b.maintenanceMarginRatio);
                        }
                        else if (bk == K_CF)
                        {
                            cursor.readDecimal(b.auxiliary);
                        }
                        else if (bk == K_MI)
                        {
                            b.minLeverage = cursor.readLong();
                        }
                        else if (bk == K_MA)
                        {
                            b.maxLeverage = cursor.readLong();
                        }
                        else
                        {
                            cursor.skipValue();
                        }
                    }
                }
            }
            else if (!MessageFields.CONTRACT_INFO.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        listener.onContractInfo(ctx.frame, e);
    }

    void assetIndex()
    {
        final AssetIndexEvent e = ctx.reset(assetIndex);
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (ctx.common(k, e))
            {
                continue;
            }
            if (!MessageFields.ASSET_INDEX.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        listener.onAssetIndex(ctx.frame, e);
    }

    void tradingSession()
    {
        final TradingSessionEvent e = ctx.reset(tradingSession);
        e.marketType.wrap(ctx.type.buffer(), ctx.type.offset(), ctx.type.byteLength());
        while (cursor.nextField())
        {
            final int k = cursor.key();
            if (!MessageFields.TRADING_SESSION.read(k, cursor, e))
            {
                cursor.skipValue();
            }
        }
        listener.onTradingSession(ctx.frame, e);
    }
}
