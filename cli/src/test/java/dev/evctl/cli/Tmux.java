package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Drives a program in a real terminal: a tmux session, keys sent, the screen read back. */
final class Tmux {

    private final String session;

    Tmux(String session) {
        this.session = session;
    }

    /** Runs one tmux command; returns what it printed. */
    String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    /** Waits (up to 60 s) until the screen satisfies the condition; returns it. */
    String await(String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = run("capture-pane", "-p", "-t", session);
            if (condition.test(screen)) {
                return screen;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("never saw " + what + " on the screen:\n" + screen);
    }
}
