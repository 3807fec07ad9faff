package dev.ticktape.core.decode;

/**
 * Futures contract information ({@code contractInfo}); brackets only when they changed.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class ContractInfoEvent extends MarketEvent
{
    final TextView pair = new TextView();
    final TextView contractType = new TextView();
    long deliveryTime;
    long onboardTime;
    final TextView contractStatus = new TextView();
    long symbolType;
    final Brackets brackets = new Brackets();

    ContractInfoEvent()
    {
        super(EventType.CONTRACT_INFO);
    }

    /**
     * @return pair ({@code ps}); optional.
     */
    public TextView pair()
    {
        return pair;
    }

    /**
     * @return contract type ({@code ct}).
     */
    public TextView contractType()
    {
        return contractType;
    }

    /**
     * @return delivery date time ({@code dt}), in {@link #timeUnit()}.
     */
    public long deliveryTime()
    {
        return deliveryTime;
    }

    /**
     * @return onboard time ({@code ot}), in {@link #timeUnit()}.
     */
    public long onboardTime()
    {
        return onboardTime;
    }

    /**
     * @return contract status ({@code cs}).
     */
    public TextView contractStatus()
    {
        return contractStatus;
    }

    /**
     * @return {@code st}: 1 USDⓈ-M, 2 COIN-M; -1 when absent.
     */
    public long symbolType()
    {
        return symbolType;
    }

    /**
     * @return notional brackets ({@code bks}); count 0 when absent.
     */
    public Brackets brackets()
    {
        return brackets;
    }

    @Override
    void reset()
    {
        super.reset();
        pair.clear();
        contractType.clear();
        deliveryTime = -1;
        onboardTime = -1;
        contractStatus.clear();
        symbolType = -1;
        brackets.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("pair", pair);
        out.field("contractType", contractType);
        out.field("deliveryTime", deliveryTime);
        out.field("onboardTime", onboardTime);
        out.field("contractStatus", contractStatus);
        out.field("symbolType", symbolType);
        out.field("brackets", brackets);
    }
}
