package dev.ticktape.tools;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --journal DIR} option shared by commands that read one journal.
 */
final class JournalOption
{
    @Option(names = { "-j", "--journal" }, required = true, paramLabel = "DIR", description = "The journal directory.")
    Path journal;
}
