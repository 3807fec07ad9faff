package dev.ticktape.core;

/**
 * The one unchecked exception ticktape throws on purpose. Its message is a complete, single-line
 * explanation fit to show a user; {@link #code()} says which exit code the CLI maps it to.
 */
public final class TicktapeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code    the class of failure.
     * @param message a one-line message naming what failed and where (path, index, stream).
     */
    public TicktapeException(final ErrorCode code, final String message)
    {
        super(message);
        this.code = code;
    }

    /**
     * @param code    the class of failure.
     * @param message a one-line message naming what failed and where (path, index, stream).
     * @param cause   the underlying exception, shown only with {@code --verbose}.
     */
    public TicktapeException(final ErrorCode code, final String message, final Throwable cause)
    {
        super(message, cause);
        this.code = code;
    }

    /**
     * @return the class of failure, which decides the CLI exit code.
     */
    public ErrorCode code()
    {
        return code;
    }
}
