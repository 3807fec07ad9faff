package dev.ticktape.tools;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The {@code ./ticktape} launcher (bash), run as a user runs it: from a copy of the project's root
 * that holds the launcher and the packaged jar (no sources, so it never builds), with {@code JAVA}
 * naming the JVM. Its class-data archive and its cache of {@code java -version} land in that copy's
 * {@code tools/target}, and its temporary files in the test's own directory.
 */
class LauncherIT
{
    @TempDir
    Path dir;

    private Path root;
    private Path target;
    private final String java = ProcessHandle.current().info().command().orElseThrow();

    record Result(int code, String out, String err)
    {
    }

    @BeforeEach
    void copyOfTheRoot() throws Exception
    {
        root = dir.resolve("root");
        target = root.resolve("tools").resolve("target");
        Files.createDirectories(target);
        final Path launcher = root.resolve("ticktape");
        Files.copy(Path.of("..", "ticktape"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path jar = Path.of("target", "ticktape.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar was built: " + jar);
        Files.copy(jar, target.resolve("ticktape.jar"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    private Result launch(final Map<String, String> env, final String... args) throws Exception
    {
        final ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(root.resolve("ticktape").toString()),
            Stream.of(args)).toList());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("TICKTAPE_JAVA_OPTS");
        pb.environment().remove("TICKTAPE_CDS");
        pb.environment().put("TMPDIR", dir.resolve("tmp").toString());
        pb.environment().putAll(env);
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        final int code = p.waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
    }

    private List<Path> inTarget(final String prefix, final String suffix) throws Exception
    {
        try (Stream<Path> files = Files.list(target))
        {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix))
                .toList();
        }
    }

    private Path script(final String name, final String body) throws Exception
    {
        final Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    @Test
    @Timeout(180)
    void firstStartArchivesClassDataAndKeepsTheJavaVersionThenLaterStartsAreSilent() throws Exception
    {
        final Result first = launch(Map.of("JAVA", java), "--version");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("ticktape "), first.out());
        assertTrue(first.err().contains("archiving the JVM's class data"), first.err());
        assertEquals(1, inTarget("ticktape-cds-", ".jsa").size(), "one class-data archive");
        assertEquals(1, inTarget("ticktape-java-", ".version").size(), "the java binary's version is kept");
        assertTrue(Files.readString(inTarget("ticktape-java-", ".version").get(0)).contains("version"));

        final Result second = launch(Map.of("JAVA", java), "--version");
        assertEquals(0, second.code(), second.err());
        assertEquals(first.out(), second.out());
        assertEquals("", second.err(), "a later start says nothing on stderr");
        assertEquals(1, inTarget("ticktape-cds-", ".jsa").size());
        try (Stream<Path> left = Files.list(dir.resolve("tmp")))
        {
            assertEquals(0, left.count(), "the training run leaves nothing in TMPDIR");
        }
    }

    @Test
    @Timeout(120)
    void aWrapperScriptIsAskedItsVersionEveryTimeNeverKept() throws Exception
    {
        // jenv, asdf and other shims are scripts that may run another JVM on the next call
        final Path wrapper = script("java-shim", "exec '" + java + "' \"$@\"");
        final Result r = launch(Map.of("JAVA", wrapper.toString(), "TICKTAPE_CDS", "off"), "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("ticktape "), r.out());
        assertEquals("", r.err());
        assertEquals(List.of(), inTarget("ticktape-java-", ".version"));
    }

    @Test
    @Timeout(60)
    void aMissingOrFailingJavaIsOneLineAndExitOne() throws Exception
    {
        final Result missing = launch(Map.of("JAVA", dir.resolve("no-java").toString()), "--version");
        assertEquals(1, missing.code());
        assertEquals("", missing.out());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("ticktape: no Java at '"), missing.err());

        final Path broken = script("java-broken", "echo 'Error: could not open libjvm.so' >&2\nexit 3");
        final Result failing = launch(Map.of("JAVA", broken.toString()), "--version");
        assertEquals(1, failing.code());
        assertEquals(1, failing.err().lines().count(), failing.err());
        assertTrue(failing.err().contains("-version' failed: Error: could not open libjvm.so"), failing.err());
        assertEquals(List.of(), inTarget("ticktape-", ""), "nothing kept for a JVM that does not start");
    }
}
