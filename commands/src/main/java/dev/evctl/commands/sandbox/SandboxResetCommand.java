package dev.evctl.commands.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.evctl.commands.Confirm;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import dev.evctl.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Stops the sandbox and deletes its topics and records. */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl sandbox reset --yes        # stop it and delete every topic and schema"},
        description = "Stop the sandbox and delete all its topics and records (asks first; --yes to skip).")
public final class SandboxResetCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    SandboxDir dataDir;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    public SandboxResetCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Path dir = dataDir.resolve(session);
        if (!Confirm.ask(session, yes, "Delete every topic and record of the sandbox in " + dir + "?")) {
            session.err().println("nothing deleted");
            return ExitCodes.OK;
        }
        Sandbox.reset(dir, Duration.ofSeconds(60));
        session.err().println("sandbox reset: data in " + dir + " deleted; `evctl sandbox start` begins afresh");
        session.err().flush();
        return ExitCodes.OK;
    }
}
