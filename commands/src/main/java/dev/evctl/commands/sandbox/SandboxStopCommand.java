package dev.evctl.commands.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import dev.evctl.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stops the sandbox cleanly; its data stays. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl sandbox stop"},
        description = "Stop the sandbox cleanly. Topics and records are kept for the next start.")
public final class SandboxStopCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    SandboxDir dataDir;

    public SandboxStopCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Path dir = dataDir.resolve(session);
        boolean stopped = Sandbox.stop(dir, Duration.ofSeconds(60));
        session.err()
                .println(
                        stopped
                                ? "sandbox stopped; data kept in " + dir.toAbsolutePath()
                                : "no sandbox is running on " + dir.toAbsolutePath());
        session.err().flush();
        return ExitCodes.OK;
    }
}
