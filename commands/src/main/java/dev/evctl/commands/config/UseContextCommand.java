package dev.evctl.commands.config;

import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Makes a context the current one. */
@Command(
        name = "use-context",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl config use-context prod-eu"},
        description = "Make NAME the current context.")
public final class UseContextCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "NAME", description = "An existing context.")
    String name;

    public UseContextCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.configStore().updateContext(name, c -> c.withCurrentContext(name));
        session.err().println("current context is now '" + name + "'");
        return ExitCodes.OK;
    }
}
