package dev.ticktape.core.decode;

/**
 * Futures mark price and funding ({@code markPriceUpdate}, also each element of {@code !markPrice@arr}).
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class MarkPriceEvent extends MarketEvent
{
    final Decimal markPrice = new Decimal();
    final Decimal averageMarkPrice = new Decimal();
    final Decimal indexPrice = new Decimal();
    final Decimal estimatedSettlePrice = new Decimal();
    final Decimal fundingRate = new Decimal();
    long nextFundingTime;

    MarkPriceEvent()
    {
        super(EventType.MARK_PRICE);
    }

    /**
     * @return mark price ({@code p}).
     */
    public Decimal markPrice()
    {
        return markPrice;
    }

    /**
     * @return moving average of the mark price ({@code ap}); absent in older messages.
     */
    public Decimal averageMarkPrice()
    {
        return averageMarkPrice;
    }

    /**
     * @return index price ({@code i}).
     */
    public Decimal indexPrice()
    {
        return indexPrice;
    }

    /**
     * @return estimated settle price ({@code P}).
     */
    public Decimal estimatedSettlePrice()
    {
        return estimatedSettlePrice;
    }

    /**
     * @return funding rate ({@code r}).
     */
    public Decimal fundingRate()
    {
        return fundingRate;
    }

    /**
     * @return next funding time ({@code T}), in {@link #timeUnit()}.
     */
    public long nextFundingTime()
    {
        return nextFundingTime;
    }

    @Override
    void reset()
    {
        super.reset();
        markPrice.clear();
        averageMarkPrice.clear();
        indexPrice.clear();
        estimatedSettlePrice.clear();
        fundingRate.clear();
        nextFundingTime = -1;
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("markPrice", markPrice);
        out.field("averageMarkPrice", averageMarkPrice);
        out.field("indexPrice", indexPrice);
        out.field("estimatedSettlePrice", estimatedSettlePrice);
        out.field("fundingRate", fundingRate);
        out.field("nextFundingTime", nextFundingTime);
    }
}
