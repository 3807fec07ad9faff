package dev.ticktape.core;

/**
 * The classes of failure ticktape distinguishes, each with the process exit code the CLI uses for it.
 */
public enum ErrorCode
{
    /** A bug or an unexpected state inside ticktape. */
    INTERNAL(1),
    /** Bad command-line arguments or configuration. */
    USAGE(2),
    /** Bad data: a corrupt or foreign journal, an unknown format version, a malformed frame. */
    DATA(3),
    /** The file system or network failed: a missing directory, no permission, a full disk. */
    IO(4);

    private final int exitCode;

    ErrorCode(final int exitCode)
    {
        this.exitCode = exitCode;
    }

    /**
     * @return the process exit code for this class of failure.
     */
    public int exitCode()
    {
        return exitCode;
    }
}
