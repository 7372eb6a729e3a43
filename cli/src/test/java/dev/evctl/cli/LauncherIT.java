package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of the packaged distribution: the launcher script, its classpath and logging set-up. */
@Tag("integration")
class LauncherIT {

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {}

    private Run launch(String stdin, String... args) throws IOException, InterruptedException {
        return launch(Path.of(System.getProperty("evctl.dist")), Map.of(), stdin, args);
    }

    private Run launch(Path installation, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        Path launcher = installation.resolve("bin").resolve("evctl");
        assertTrue(Files.isExecutable(launcher), "no launcher at " + launcher + " (run `mvn verify`)");
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (!Files.exists(home.resolve("config.yaml"))) {
            Files.writeString(home.resolve("config.yaml"), "");
        }
        pb.environment().put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        pb.environment().put("EVCTL_SANDBOX_DIR", home.resolve("sandbox").toString());
        pb.environment().putAll(env);
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish within 60 s");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * The class-data-sharing archive: the build directory's is valid there (-Xshare:on makes the
     * JVM fail otherwise), and an installation unpacked elsewhere makes its own in the cache
     * directory, in the background, on its first run.
     */
    @Test
    void theBuildAndAnInstalledCopyStartFromAClassDataSharingArchive() throws Exception {
        Map<String, String> strict = Map.of("EVCTL_JAVA_OPTS", "-Xshare:on");
        Run built = launch(Path.of(System.getProperty("evctl.dist")), strict, "", "--version");
        assertEquals(0, built.exit(), built.out() + built.err());

        Path copy = unpackedCopy();
        assertFalse(Files.exists(copy.resolve("lib").resolve("evctl.jsa")), "the tarball carries no archive");

        Map<String, String> cache =
                Map.of("XDG_CACHE_HOME", home.resolve("cache").toString());
        Run first = launch(copy, cache, "", "--version");
        assertEquals(0, first.exit(), first.err());
        Path archives = home.resolve("cache").resolve("evctl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!hasArchive(archives)) {
            assertTrue(System.nanoTime() < deadline, "no archive in " + archives + " within 120 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polls for the background job's file
        }
        Map<String, String> strictCached = new HashMap<>(cache);
        strictCached.putAll(strict);
        Run next = launch(copy, strictCached, "", "--version");
        assertEquals(0, next.exit(), next.out() + next.err());
        assertTrue(next.out().startsWith("evctl 0.1.0"), next.out());
    }

    /** The packaged tarball unpacked under the test's home, as a user installs it. */
    private Path unpackedCopy() throws IOException, InterruptedException {
        Path dist = Path.of(System.getProperty("evctl.dist"));
        Path tarball = dist.getParent().getParent().resolve(dist.getFileName() + ".tar.gz");
        Path installed = Files.createDirectories(home.resolve("opt"));
        Process untar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", installed.toString())
                .inheritIO()
                .start();
        assertTrue(untar.waitFor(60, TimeUnit.SECONDS) && untar.exitValue() == 0, "cannot unpack " + tarball);
        return installed.resolve(dist.getFileName());
    }

    private static boolean hasArchive(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
        }
    }

    /** The launcher's own JVM options give way to the user's where the JVM would refuse both. */
    @Test
    void fullTieredCompilationASmallHeapOrAnotherCollectorThroughEvctlJavaOptsStarts() throws Exception {
        for (String opts : List.of("-XX:TieredStopAtLevel=4", "-Xmx32m", "-XX:+UseG1GC")) {
            Run run =
                    launch(Path.of(System.getProperty("evctl.dist")), Map.of("EVCTL_JAVA_OPTS", opts), "", "--version");
            assertEquals(0, run.exit(), opts + ": " + run.err());
            assertTrue(run.out().startsWith("evctl 0.1.0"), opts + ": " + run.out());
        }
    }

    @Test
    void versionHelpAndCompletionScript() throws Exception {
        Run version = launch("", "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("evctl 0.1.0"), version.out());
        Run completion = launch("", "completion", "bash");
        assertEquals(0, completion.exit(), completion.err());
        assertTrue(
                completion.out().contains("complete -F") && completion.out().contains("sandbox"),
                "generated bash completion");
        assertTrue(Files.exists(Path.of(System.getProperty("evctl.dist"), "completions", "evctl_completion")));
        assertTrue(Files.exists(Path.of(System.getProperty("evctl.dist"), "completions", "evctl.fish")));
    }

    @Test
    void everyCommandHasAManPageThatManRenders() throws Exception {
        Path man = Path.of(System.getProperty("evctl.dist"), "man", "man1");
        for (String page : new String[] {
            "evctl",
            "evctl-tail",
            "evctl-replay",
            "evctl-groups-reset",
            "evctl-dlq-redrive",
            "evctl-schema-check",
            "evctl-doctor",
            "evctl-completion"
        }) {
            assertTrue(Files.isRegularFile(man.resolve(page + ".1")), page + ".1 missing from " + man);
        }
        try (var pages = Files.list(man)) {
            assertTrue(pages.count() >= 40, "a page per command");
        }
        // NAME is a whole sentence (the header, or the description's first sentence), and the synopsis is the one
        // --help shows: replay's SOURCE is required
        try (var pages = Files.list(man)) {
            for (Path page : pages.toList()) {
                String text = Files.readString(page);
                String name = text.substring(text.indexOf(".SH NAME\n") + 9, text.indexOf("\n.SH SYNOPSIS"));
                assertTrue(name.endsWith(".") || name.endsWith(")"), page.getFileName() + ": NAME cut: " + name);
            }
        }
        String replay = Files.readString(man.resolve("evctl-replay.1"));
        assertTrue(
                replay.contains("evctl replay SOURCE \\-\\-to\\-topic=TARGET") && !replay.contains("[\\fISOURCE"),
                replay);
        if (Files.isExecutable(Path.of("/usr/bin/man"))) {
            Process p = new ProcessBuilder(
                            "/usr/bin/man", "-l", man.resolve("evctl-replay.1").toString())
                    .redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(text.contains("EXAMPLES") && text.contains("--dry-run") && text.contains("evctl-replay"), text);
        }
    }

    /**
     * The broker's jars are kept out of the CLI's class path (lib/broker): the sandbox's own JVM
     * gets them, and commands run from the archive without them.
     */
    @Test
    void theSandboxRunsOnTheBrokerJarsKeptApartFromTheCli() throws Exception {
        Path dist = Path.of(System.getProperty("evctl.dist"));
        try (var lib = Files.list(dist.resolve("lib"));
                var broker = Files.list(dist.resolve("lib").resolve("broker"))) {
            assertFalse(
                    lib.anyMatch(j -> j.getFileName().toString().startsWith("kafka_2.13")), "no broker jar in lib/");
            assertTrue(
                    broker.anyMatch(j -> j.getFileName().toString().startsWith("kafka_2.13")),
                    "the broker in lib/broker/");
        }
        int[] ports = new int[3];
        for (int i = 0; i < ports.length; i++) {
            try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            }
        }
        Map<String, String> strict = Map.of("EVCTL_JAVA_OPTS", "-Xshare:on");
        Run started = launch(
                dist,
                Map.of(),
                "",
                "sandbox",
                "start",
                "--detach",
                "--port",
                Integer.toString(ports[0]),
                "--secure-port",
                Integer.toString(ports[1]),
                "--registry-port",
                Integer.toString(ports[2]));
        try {
            assertEquals(0, started.exit(), started.out() + started.err());
            assertEquals(
                    0,
                    launch(dist, strict, "", "topics", "create", "kept-apart").exit());
            Run listed = launch(dist, strict, "", "topics", "list");
            assertEquals(0, listed.exit(), listed.err());
            assertTrue(listed.out().lines().anyMatch("kept-apart"::equals), listed.out());
            Run status = launch(dist, strict, "", "sandbox", "status");
            assertTrue(status.out().startsWith("running at 127.0.0.1:" + ports[0]), status.out() + status.err());
        } finally {
            assertEquals(0, launch(dist, Map.of(), "", "sandbox", "stop").exit());
        }
    }

    @Test
    void publishAndTailThroughThePackagedLauncherQuietly() throws Exception {
        String broker = SharedBroker.bootstrapServers();
        String topic = "launcher-" + System.nanoTime();
        assertEquals(0, launch("", "topics", "create", topic, "-b", broker).exit());
        Run published = launch("one\ntwo\nthree\n", "publish", topic, "-b", broker);
        assertEquals(0, published.exit(), published.err());
        Run tailed = launch("", "tail", topic, "-b", broker, "--format", "{value}");
        assertEquals(0, tailed.exit(), tailed.err());
        assertEquals(List.of("one", "two", "three"), tailed.out().lines().toList());
        assertFalse(
                tailed.err().contains("INFO") || tailed.err().contains("WARN"),
                "Kafka logging is silent: " + tailed.err());
    }

    /**
     * `evctl publish T <&-`: the JVM would reuse fd 0 for its own lib/modules and publish it (862,727 records were
     * seen).
     */
    @Test
    void aClosedStdinIsRefusedAndNothingIsSent() throws Exception {
        String broker = SharedBroker.bootstrapServers();
        String topic = "closed-stdin-" + System.nanoTime();
        assertEquals(0, launch("", "topics", "create", topic, "-b", broker).exit());
        Path launcher = Path.of(System.getProperty("evctl.dist")).resolve("bin").resolve("evctl");
        ProcessBuilder pb = new ProcessBuilder(
                "sh", "-c", "exec \"$0\" \"$@\" <&-", launcher.toString(), "publish", topic, "-b", broker);
        pb.environment().put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        pb.redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "publish with a closed stdin did not finish within 60 s");
        String err = Files.readString(home.resolve("err"));
        assertEquals(4, p.exitValue(), err);
        assertTrue(err.contains("stdin is closed"), err);
        assertEquals(1, err.lines().count(), err);
        assertEquals(List.of(), TopicContents.read(broker, topic), "nothing was sent");
    }

    /**
     * An installed copy's first runs, three at once, make one class-data-sharing archive between
     * them: a java that logs each -Xshare:dump it is asked for counts them.
     */
    @Test
    void firstRunsAtOnceStartOneArchiveDump() throws Exception {
        Path copy = unpackedCopy();

        Path fakeJdk = Files.createDirectories(home.resolve("jdk").resolve("bin"));
        Path dumps = home.resolve("dumps.log");
        Path fakeJava = fakeJdk.resolve("java");
        Files.writeString(
                fakeJava,
                "#!/bin/sh\ncase \"$*\" in *-Xshare:dump*) echo dump >> '" + dumps + "' ;; esac\nexec '"
                        + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        assertTrue(fakeJava.toFile().setExecutable(true));
        Map<String, String> env = Map.of(
                "XDG_CACHE_HOME",
                home.resolve("cache").toString(),
                "JAVA_HOME",
                fakeJdk.getParent().toString());
        List<Process> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ProcessBuilder pb =
                    new ProcessBuilder(copy.resolve("bin").resolve("evctl").toString(), "--version");
            pb.environment().putAll(env);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            runs.add(pb.start());
        }
        for (Process p : runs) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "a first run failed");
        }
        Path archives = home.resolve("cache").resolve("evctl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!hasArchive(archives)) {
            assertTrue(System.nanoTime() < deadline, "no archive in " + archives + " within 120 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polls for the background job's file
        }
        while (Files.exists(archives.resolve(archiveName(archives) + ".lock"))) {
            assertTrue(System.nanoTime() < deadline, "the dump's lock was not let go within 120 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertEquals(List.of("dump"), Files.readAllLines(dumps), "one dump for three first runs");
    }

    private static String archiveName(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".jsa"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * Ctrl-C mid-publish: it stops sending, and says how many records the broker acknowledged — exactly what the
     * topic holds.
     */
    @Test
    void interruptingAPublishSaysHowManyRecordsArrived() throws Exception {
        String broker = SharedBroker.bootstrapServers();
        String topic = "interrupted-" + System.nanoTime();
        assertEquals(0, launch("", "topics", "create", topic, "-b", broker).exit());
        Path launcher = Path.of(System.getProperty("evctl.dist")).resolve("bin").resolve("evctl");
        List<String> command = new ArrayList<>();
        if (sigintIgnoredHere()) {
            // a build started in the background by a non-interactive shell ignores SIGINT, and so would evctl, as any
            // background job: Ctrl-C is given back to it (Python is the one portable way to reset an ignored signal)
            assumeTrue(Files.isExecutable(Path.of(Python.PYTHON)), "SIGINT is ignored in this build and no python3");
            command.addAll(List.of(
                    Python.PYTHON,
                    "-c",
                    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1],"
                            + " sys.argv[1:])"));
        }
        command.add(launcher.toString());
        command.addAll(List.of(
                "publish", topic, "-b", broker, "--count", "1000000", "--rate", "500", "--template", "{{seq}}"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        pb.redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TopicContents.read(broker, topic).size() < 100) {
            assertTrue(
                    System.nanoTime() < deadline && p.isAlive(),
                    "publish sent nothing within 60 s: " + Files.readString(home.resolve("err")));
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "publish did not stop on SIGINT");
        String err = Files.readString(home.resolve("err"));
        Matcher m =
                Pattern.compile("interrupted: (\\d+) records were acknowledged").matcher(err);
        assertTrue(m.find(), err);
        assertEquals(
                Integer.parseInt(m.group(1)),
                TopicContents.read(broker, topic).size(),
                "the count said is what arrived: " + err);
    }

    /** Whether this JVM started with SIGINT ignored (Linux: the SigIgn mask of /proc/self/status). */
    private static boolean sigintIgnoredHere() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseUnsignedLong(l.substring(7).trim(), 16))
                .anyMatch(mask -> (mask & 0x2) != 0); // bit 1: signal 2, SIGINT
    }

    @Test
    void errorsAreOneLineWithTheDocumentedCode() throws Exception {
        Run r = launch("", "topics", "list", "-b", "127.0.0.1:1", "--timeout", "1s");
        assertEquals(3, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
