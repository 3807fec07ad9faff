package dev.ticktape.core.decode;

/**
 * A futures multi-assets-mode asset index ({@code assetIndexUpdate}, each element of {@code !assetIndex@arr}).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class AssetIndexEvent extends MarketEvent
{
    final Decimal indexPrice = new Decimal();
    final Decimal bidBuffer = new Decimal();
    final Decimal askBuffer = new Decimal();
    final Decimal bidRate = new Decimal();
    final Decimal askRate = new Decimal();
    final Decimal autoExchangeBidBuffer = new Decimal();
    final Decimal autoExchangeAskBuffer = new Decimal();
    final Decimal autoExchangeBidRate = new Decimal();
    final Decimal autoExchangeAskRate = new Decimal();

    AssetIndexEvent()
    {
        super(EventType.ASSET_INDEX);
    }

    /**
     * @return index price ({@code i}).
     */
    public Decimal indexPrice()
    {
        return indexPrice;
    }

    /**
     * @return bid buffer ({@code b}).
     */
    public Decimal bidBuffer()
    {
        return bidBuffer;
    }

    /**
     * @return ask buffer ({@code a}).
     */
    public Decimal askBuffer()
    {
        return askBuffer;
    }

    /**
     * @return bid rate ({@code B}).
     */
    public Decimal bidRate()
    {
        return bidRate;
    }

    /**
     * @return ask rate ({@code A}).
     */
    public Decimal askRate()
    {
        return askRate;
    }

    /**
     * @return auto-exchange bid buffer ({@code q}).
     */
    public Decimal autoExchangeBidBuffer()
    {
        return autoExchangeBidBuffer;
    }

    /**
     * @return auto-exchange ask buffer ({@code g}).
     */
    public Decimal autoExchangeAskBuffer()
    {
        return autoExchangeAskBuffer;
    }

    /**
     * @return auto-exchange bid rate ({@code Q}).
     */
    public Decimal autoExchangeBidRate()
    {
        return autoExchangeBidRate;
    }

    /**
     * @return auto-exchange ask rate ({@code G}).
     */
    public Decimal autoExchangeAskRate()
    {
        return autoExchangeAskRate;
    }

    @Override
    void reset()
    {
        super.reset();
        indexPrice.clear();
        bidBuffer.clear();
        askBuffer.clear();
        bidRate.clear();
        askRate.clear();
        autoExchangeBidBuffer.clear();
        autoExchangeAskBuffer.clear();
        autoExchangeBidRate.clear();
        autoExchangeAskRate.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("indexPrice", indexPrice);
        out.field("bidBuffer", bidBuffer);
        out.field("askBuffer", askBuffer);
        out.field("bidRate", bidRate);
        out.field("askRate", askRate);
        out.field("autoExchangeBidBuffer", autoExchangeBidBuffer);
        out.field("autoExchangeAskBuffer", autoExchangeAskBuffer);
        out.field("autoExchangeBidRate", autoExchangeBidRate);
        out.field("autoExchangeAskRate", autoExchangeAskRate);
    }
}
