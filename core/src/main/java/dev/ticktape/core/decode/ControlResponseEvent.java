package dev.ticktape.core.decode;

/**
 * A reply to a control message: {@code {"result":..,"id":..}} or an error {@code {"code":..,"msg":..}}.
 * <p>
 * One instance per decoder, refilled for every message: read it during the listener call and copy
 * what you keep.
 */
public final class ControlResponseEvent extends MarketEvent
{
    boolean error;
    final TextView id = new TextView();
    final TextView result = new TextView();
    long code;
    final TextView message = new TextView();

    ControlResponseEvent()
    {
        super(EventType.CONTROL_RESPONSE);
    }

    /**
     * @return whether it is an error reply.
     */
    public boolean error()
    {
        return error;
    }

    /**
     * @return the request id as raw JSON ({@code 1}, {@code "abc"}, {@code null}); absent when not given.
     */
    public TextView id()
    {
        return id;
    }

    /**
     * @return the result as raw JSON ({@code null}, {@code true}, {@code ["btcusdt@trade"]}).
     */
    public TextView result()
    {
        return result;
    }

    /**
     * @return error code ({@code code}); -1 when not an error.
     */
    public long code()
    {
        return code;
    }

    /**
     * @return error message ({@code msg}).
     */
    public TextView message()
    {
        return message;
    }

    @Override
    void reset()
    {
        super.reset();
        error = false;
        id.clear();
        result.clear();
        code = -1;
        message.clear();
    }

    @Override
    void writeFields(final EventJsonWriter out)
    {
        out.field("error", error);
        out.field("id", id);
        out.field("result", result);
        out.field("code", code);
        out.field("message", message);
    }
}
