package dev.evctl.commands.config;

import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Removes a context. */
@Command(
        name = "delete-context",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl config delete-context old-cluster"},
        description = "Remove context NAME from the config file.")
public final class DeleteContextCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "NAME", description = "An existing context.")
    String name;

    public DeleteContextCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.configStore().updateContext(name, c -> c.withoutContext(name));
        session.err().println("context '" + name + "' deleted");
        return ExitCodes.OK;
    }
}
