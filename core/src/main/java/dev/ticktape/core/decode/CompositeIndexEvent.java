package dev.ticktape.core.decode;

/**
 * A futures composite index ({@code compositeIndex}) with its components.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class CompositeIndexEvent extends MarketEvent
{
    final Decimal price = new Decimal();
    final TextView componentType = new TextView();
    final IndexComponents components = new IndexComponents();

    CompositeIndexEvent()
    {
        super(EventType.COMPOSITE_INDEX);
    }

    /**
     * @return index price ({@code p}).
     */
    public Decimal price()
    {
        return price;
    }

    /**
     * @return component type ({@code C}).
     */
    public TextView componentType()
    {
        return componentType;
    }

    /**
     * @return the components ({@code c}).
     */
    public IndexComponents components()
    {
        return components;
    }

    @Override
    void reset()
    {
        super.reset();
        price.clear();
        componentType.clear();
        components.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("price", price);
        out.field("componentType", componentType);
        out.field("components", components);
    }
}
