package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `evctl shell` in a real terminal (tmux): a command runs, Tab completes a live topic name,
 * Ctrl-C stops a following tail and the prompt comes back, use-context changes the prompt,
 * history is kept, exit leaves.
 */
@Tag("integration")
class ShellTmuxTest {

    @TempDir
    Path home;

    private final String session = "evctl-shell-" + System.nanoTime();

    @AfterEach
    void killSession() throws Exception {
        new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor(10, TimeUnit.SECONDS);
    }

    private final Tmux terminal = new Tmux(session);

    private String tmux(String... args) throws Exception {
        return terminal.run(args);
    }

    private String await(String what, Predicate<String> condition) throws Exception {
        return terminal.await(what, condition);
    }

    @Test
    void shellRunsCompletesAndSurvivesCtrlC() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed (apt-get install tmux)");
        Evctl evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        evctl.ok("config", "set-context", "other", "-b", SharedBroker.bootstrapServers());
        String topic = "shelltopic" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        evctl.ok("publish", topic, "--value", "hello-from-the-shell-test");
        // a script: the test classpath is too long for a tmux command line
        Path script = home.resolve("shell.sh");
        Files.writeString(
                script,
                "#!/bin/sh\nexport EVCTL_CONFIG='" + home.resolve("config.yaml") + "' EVCTL_STATE_DIR='"
                        + home.resolve("state") + "'\n'" + Path.of(System.getProperty("java.home"), "bin", "java")
                        + "' -cp '"
                        + System.getProperty("java.class.path")
                        + "' dev.evctl.cli.Main shell\necho SHELL-EXITED\nsleep 30\n");
        tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "sh " + script);
        await("the prompt", s -> s.contains("evctl (test)>"));

        tmux("send-keys", "-t", session, "topics list --pattern ^shelltopic", "Enter");
        await("the topic listed", s -> s.lines().anyMatch(l -> l.equals(topic)));

        tmux("send-keys", "-t", session, "tail " + topic.substring(0, topic.length() - 4), "Tab");
        await("the completed topic name", s -> s.lines().anyMatch(l -> l.endsWith("> tail " + topic)));

        tmux("send-keys", "-t", session, " --from beginning --follow", "Enter");
        await("the record", s -> s.contains("hello-from-the-shell-test"));
        tmux("send-keys", "-t", session, "C-c");
        String after = await(
                "the tail summary and a new prompt",
                s -> s.contains("1 record shown") && s.stripTrailing().endsWith("evctl (test)>"));
        assertTrue(!after.contains("SHELL-EXITED"), after);

        tmux("send-keys", "-t", session, "use-context other", "Enter");
        await("the new context in the prompt", s -> s.stripTrailing().endsWith("evctl (other)>"));
        tmux("send-keys", "-t", session, "exit", "Enter");
        // the marker, or the pane already gone with the script
        await(
                "the shell to exit",
                s -> s.contains("SHELL-EXITED") || s.contains("no server running") || s.contains("can't find"));
        String history = Files.readString(home.resolve("state").resolve("history"));
        assertTrue(
                history.contains("topics list --pattern ^shelltopic") && history.contains("use-context other"),
                history);
    }

    @Test
    void longWorkShowsAProgressBarOnATerminalOnly() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed (apt-get install tmux)");
        Evctl evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        String topic = "progress" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        String java = "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.evctl.cli.Main";
        Path script = home.resolve("progress.sh");
        Files.writeString(
                script,
                "#!/bin/sh\nexport EVCTL_CONFIG='" + home.resolve("config.yaml") + "'\n"
                        + java + " publish " + topic + " --count 150000 --template '{\"n\":{{seq}}}'\n"
                        + java + " tail " + topic + " --from beginning --to end > /dev/null\n"
                        + "echo ALL-DONE\nsleep 30\n");
        tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "sh " + script);
        String screen = await("both commands to finish", s -> s.contains("ALL-DONE"));
        assertTrue(screen.contains("publish 100%") && screen.contains("150000/150000"), screen);
        assertTrue(screen.contains("tail 100%"), screen);
        // piped, the same work draws nothing
        Evctl.Result piped = evctl.ok("publish", topic, "--count", "150000", "--template", "x");
        assertTrue(!piped.err().contains("%"), piped.err());
    }
}
