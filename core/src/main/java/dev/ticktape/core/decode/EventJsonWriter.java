package dev.ticktape.core.decode;

import java.util.concurrent.TimeUnit;

/**
 * Renders a typed event as one JSON object, fields under their documented names: prices and
 * quantities as exact decimal strings, texts as strings, absent fields as {@code null}. Used by
 * {@code ticktape cat --decode} and by the golden-file tests. Allocates: for edges, not hot paths.
 */
public final class EventJsonWriter
{
    private StringBuilder out;
    private boolean firstField;

    /**
     * @param event the event.
     * @return the event as a JSON object on one line.
     */
    public String toJson(final MarketEvent event)
    {
        final StringBuilder sb = new StringBuilder(256).append('{');
        appendMembers(event, sb);
        return sb.append('}').toString();
    }

    /**
     * Appends the JSON object's members (without braces), so that callers can put their own first.
     *
     * @param event the event.
     * @param sb    where to append: after <code>"&#123;"</code>, or after the caller's members and a comma.
     */
    public void appendMembers(final MarketEvent event, final StringBuilder sb)
    {
        out = sb;
        firstField = true;
        try
        {
            members(event);
        }
        finally
        {
            out = null;
        }
    }

    private void members(final MarketEvent event)
    {
        field("type", event.type().wireName());
        field("market", event.market() == null ? null : event.market().wireName());
        field("symbol", event.symbol());
        field("eventTime", event.eventTime());
        field("timeUnit", event.timeUnit() == TimeUnit.MICROSECONDS ? "us" : "ms");
        event.writeFields(this);
    }

    void field(final String name, final long value)
    {
        name(name).append(value);
    }

    void field(final String name, final boolean value)
    {
        name(name).append(value);
    }

    void field(final String name, final Decimal value)
    {
        name(name);
        decimal(value);
    }

    void field(final String name, final TextView value)
    {
        name(name);
        text(value);
    }

    void field(final String name, final String value)
    {
        name(name);
        if (value == null)
        {
            out.append("null");
        }
        else
        {
            quote(value);
        }
    }

    void field(final String name, final PriceLevels levels)
    {
        name(name).append('[');
        final Decimal d = new Decimal();
        for (int i = 0; i < levels.count(); i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            out.append('[');
            decimal(levels.price(i, d));
            out.append(',');
            decimal(levels.quantity(i, d));
            out.append(']');
        }
        out.append(']');
    }

    void field(final String name, final IndexComponents components)
    {
        name(name).append('[');
        for (int i = 0; i < components.count(); i++)
        {
            final IndexComponents.Component c = components.get(i);
            out.append(i > 0 ? ",{" : "{");
            firstField = true;
            field("baseAsset", c.baseAsset());
            field("quoteAsset", c.quoteAsset());
            field("weightInQuantity", c.weightInQuantity());
            field("weightInPercentage", c.weightInPercentage());
            field("indexPrice", c.indexPrice());
            out.append('}');
        }
        out.append(']');
    }

    void field(final String name, final Brackets brackets)
    {
        name(name).append('[');
        for (int i = 0; i < brackets.count(); i++)
        {
            final Brackets.Bracket b = brackets.get(i);
            out.append(i > 0 ? ",{" : "{");
            firstField = true;
            field("bracket", b.bracket());
            field("floorNotional", b.floorNotional());
            field("capNotional", b.capNotional());
            field("maintenanceMarginRatio", b.maintenanceMarginRatio());
            field("auxiliary", b.auxiliary());
            field("minLeverage", b.minLeverage());
            field("maxLeverage", b.maxLeverage());
            out.append('}');
        }
        out.append(']');
    }

    private StringBuilder name(final String name)
    {
        if (!firstField)
        {
            out.append(',');
        }
        firstField = false;
        return out.append('"').append(name).append("\":");
    }

    private void decimal(final Decimal d)
    {
        if (!d.isPresent())
        {
            out.append("null");
            return;
        }
        out.append('"');
        d.appendTo(out);
        out.append('"');
    }

    private void text(final TextView t)
    {
        if (!t.isPresent())
        {
            out.append("null");
            return;
        }
        quote(t.toString());
    }

    private void quote(final String s)
    {
        appendQuoted(out, s);
    }

    /**
     * Appends text as a JSON string: quoted, with quotes, backslashes and control characters escaped.
     *
     * @param sb   where to append.
     * @param text the text.
     * @return {@code sb}.
     */
    public static StringBuilder appendQuoted(final StringBuilder sb, final CharSequence text)
    {
        sb.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format("\\u%04x", (int) c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"');
    }
}
