package dev.evctl.commands.config;

import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import dev.evctl.core.config.Config;
import dev.evctl.core.config.ConfigStore;
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
        ConfigStore store = session.configStore();
        Config config = store.load();
        config.requireContext(name);
        store.save(config.withoutContext(name));
        session.err().println("context '" + name + "' deleted");
        return ExitCodes.OK;
    }
}
