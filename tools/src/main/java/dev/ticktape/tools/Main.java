package dev.ticktape.tools;

import dev.ticktape.core.ErrorCode;
import dev.ticktape.core.TicktapeException;
import net.openhft.posix.PosixAPI;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Entry point of the {@code ticktape} command. Maps every failure to one line on stderr and an exit
 * code: 0 ok, 1 internal error, 2 usage error, 3 data error, 4 I/O error. A stack trace is shown
 * only with {@code --verbose}.
 */
public final class Main
{
    private Main()
    {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        // Chronicle binds its POSIX calls (jnr-ffi, which generates native stubs with ASM) when its Jvm
        // class starts, about 150 ms of every command's start here. ticktape reaches none of them (msync,
        // for a queue's sync modes and its micro-toucher, and a clock_gettime time provider: none used),
        // so the binding is the no-op one. Under JUnit Chronicle does not bind them at start either.
        PosixAPI.useNoOpPosixApi();
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with the given output streams, for tests and embedding.
     *
     * @param out  standard output.
     * @param err  standard error.
     * @param args the arguments.
     * @return the exit code.
     */
    public static int run(final PrintWriter out, final PrintWriter err, final String... args)
    {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        final CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try
        {
            return cli.execute(args);
        }
        catch (final Throwable t)
        {
            // Errors (a missing class, out of memory) bypass picocli's handler: still one line and exit 1.
            final boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            err.println("ticktape: internal error: " + t + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose)
            {
                t.printStackTrace(err);
            }
            return ErrorCode.INTERNAL.exitCode();
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(new TicktapeCommand());
        cli.setExecutionExceptionHandler(Main::handleExecutionException);
        cli.setParameterExceptionHandler(Main::handleParameterException);
        return cli;
    }

    private static int handleParameterException(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine cli = ex.getCommandLine();
        final PrintWriter err = cli.getErr();
        err.println("ticktape: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err))
        {
            err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return ErrorCode.USAGE.exitCode();
    }

    private static int handleExecutionException(
        final Exception ex, final CommandLine cli, final CommandLine.ParseResult parseResult)
    {
        final PrintWriter err = cli.getErr();
        final ErrorCode code;
        final String message;
        if (ex instanceof TicktapeException te)
        {
            code = te.code();
            message = te.getMessage();
        }
        else if (ex instanceof UncheckedIOException || ex instanceof java.io.IOException)
        {
            code = ErrorCode.IO;
            message = "I/O error: " + ex.getMessage();
        }
        else
        {
            code = ErrorCode.INTERNAL;
            message = "internal error: " + ex + (verbose(parseResult) ? "" : " (run with --verbose for details)");
        }
        err.println("ticktape: " + message);
        if (verbose(parseResult))
        {
            ex.printStackTrace(err);
        }
        return code.exitCode();
    }

    private static boolean verbose(final CommandLine.ParseResult parseResult)
    {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand())
        {
            if (p.hasMatchedOption("--verbose"))
            {
                return true;
            }
        }
        return false;
    }
}
