package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated completion scripts driven for real: bash with COMP_WORDS/COMP_CWORD and the
 * completion function; fish with `complete -C`; zsh loads the script through bashcompinit.
 * Live names come from a real `evctl __complete` process against the shared broker.
 */
@Tag("integration")
class ShellCompletionTest {

    @TempDir
    Path home;

    private Evctl evctl;
    private Path bin;
    private String topic;

    @BeforeEach
    void setUp() throws Exception {
        evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        evctl.ok("config", "set-context", "nowhere", "-b", "127.0.0.1:1");
        topic = "comp-" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        // an `evctl` on PATH that runs this build's Main with this test's config
        bin = Files.createDirectories(home.resolve("bin"));
        Path launcher = bin.resolve("evctl");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                        + System.getProperty("java.class.path") + "' dev.evctl.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String shell : List.of("bash", "fish")) {
            Files.writeString(
                    home.resolve("evctl." + shell),
                    evctl.ok("completion", shell).out());
        }
    }

    /** Runs a shell script with evctl on PATH and this test's config; returns stdout. */
    private String run(String shell, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(shell, "-c", script);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        pb.environment().put("EVCTL_SANDBOX_DIR", home.resolve("sandbox").toString());
        pb.environment()
                .put(
                        "EVCTL_COMPLETE_TIMEOUT",
                        "30"); // a cold JVM on a busy CI box; the helper's own cluster timeout is 1 s
        pb.redirectErrorStream(false);
        pb.redirectError(home.resolve(shell + ".err").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + Files.readString(home.resolve(shell + ".err")));
        return out;
    }

    /** The bash candidates for a command line whose last word is being completed. */
    private List<String> bash(String... words) throws Exception {
        StringBuilder s = new StringBuilder("source '" + home.resolve("evctl.bash") + "'\nCOMP_WORDS=(");
        for (String w : words) {
            s.append(" '").append(w).append("'");
        }
        s.append(" )\nCOMP_CWORD=")
                .append(words.length - 1)
                .append("\nCOMP_LINE='")
                .append(String.join(" ", words))
                .append("'\nCOMPREPLY=()\n_evctl_complete 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
        return Arrays.stream(run("bash", s.toString()).split("\n"))
                .filter(l -> !l.isBlank())
                .sorted()
                .toList();
    }

    @Test
    void bashCompletesSubcommandsOptionsEnumValuesAndLiveNames() throws Exception {
        assertEquals(List.of("tail"), bash("evctl", "ta"));
        assertEquals(List.of("reset"), bash("evctl", "groups", "re"));
        assertTrue(bash("evctl", "tail", "--fr").contains("--from"));
        assertEquals(
                List.of("avro", "base64", "hex", "json", "jsonschema", "protobuf", "string"),
                bash("evctl", "tail", "--value-format", ""));
        assertEquals(List.of(topic), bash("evctl", "tail", topic.substring(0, topic.length() - 3)));
        assertEquals(
                List.of(topic),
                bash("evctl", "replay", "x", "--to-topic", topic.substring(0, 8)).stream()
                        .filter(t -> t.equals(topic))
                        .toList());
        assertTrue(bash("evctl", "--context", "").containsAll(List.of("nowhere", "test")));
        // an unreachable cluster: nothing, quietly
        assertEquals(List.of(), bash("evctl", "--context", "nowhere", "tail", "comp-"));
    }

    @Test
    void fishCompletesTheSame() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")), "fish is not installed (apt-get install fish)");
        String script = "source '" + home.resolve("evctl.fish") + "'\n"
                + "complete -C 'evctl ta'\necho ---\ncomplete -C 'evctl tail --value-format '\necho ---\n"
                + "complete -C 'evctl tail " + topic.substring(0, topic.length() - 3) + "'\n";
        String[] parts = run("/usr/bin/fish", script).split("---\n", -1);
        assertTrue(parts[0].startsWith("tail\t"), parts[0]);
        assertEquals(
                List.of("avro", "base64", "hex", "json", "jsonschema", "protobuf", "string"),
                parts[1].lines().map(l -> l.split("\t")[0]).sorted().toList());
        assertEquals(List.of(topic), parts[2].lines().map(l -> l.split("\t")[0]).toList());
    }

    /**
     * zsh as a user has it: an interactive zsh in a terminal (tmux) with compinit and bashcompinit,
     * the script sourced from .zshrc, and Tab pressed on half-typed command lines.
     */
    @Test
    void zshCompletesInARealTerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed (apt-get install zsh)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed (apt-get install tmux)");
        Path zdotdir = Files.createDirectories(home.resolve("zsh"));
        Files.writeString(
                home.resolve("evctl.zsh"), evctl.ok("completion", "zsh").out());
        // a bare .zshrc, as the README says: the script loads compinit and bashcompinit itself
        Files.writeString(zdotdir.resolve(".zshrc"), "source '" + home.resolve("evctl.zsh") + "'\nPROMPT='zsh> '\n");
        Path script = home.resolve("zsh.sh");
        Files.writeString(
                script,
                "#!/bin/sh\nexport ZDOTDIR='" + zdotdir + "' PATH='" + bin + ":" + System.getenv("PATH")
                        + "' EVCTL_CONFIG='" + home.resolve("config.yaml")
                        + "' EVCTL_COMPLETE_TIMEOUT=30\nexec /usr/bin/zsh -i\n");
        String tmuxSession = "evctl-zsh-" + System.nanoTime();
        Tmux tmux = new Tmux(tmuxSession);
        try {
            tmux.run("new-session", "-d", "-s", tmuxSession, "-x", "200", "-y", "50", "sh " + script);
            // capture-pane drops trailing spaces: "zsh> " reads back as "zsh>"
            tmux.await("the prompt", screen -> screen.lines().anyMatch(l -> l.equals("zsh>")));

            tmux.run("send-keys", "-t", tmuxSession, "evctl top", "Tab");
            tmux.await("the completed command", screen -> screen.lines().anyMatch(l -> l.equals("zsh> evctl topics")));

            tmux.run("send-keys", "-t", tmuxSession, "C-u", "evctl tail --value-format ", "Tab");
            tmux.await(
                    "the enum values listed",
                    screen -> List.of("avro", "base64", "hex", "json", "jsonschema", "protobuf", "string").stream()
                            .allMatch(v -> screen.contains(v)));

            tmux.run(
                    "send-keys",
                    "-t",
                    tmuxSession,
                    "C-u",
                    "evctl tail " + topic.substring(0, topic.length() - 3),
                    "Tab");
            tmux.await(
                    "the live topic name",
                    screen -> screen.lines().anyMatch(l -> l.equals("zsh> evctl tail " + topic)));
        } finally {
            tmux.run("kill-session", "-t", tmuxSession);
        }
    }
}
