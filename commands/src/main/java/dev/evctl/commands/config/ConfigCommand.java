package dev.evctl.commands.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Groups the context commands. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Named connection contexts in ~/.config/evctl/config.yaml (or EVCTL_CONFIG).",
        subcommands = {GetContextsCommand.class, UseContextCommand.class, SetContextCommand.class,
                DeleteContextCommand.class, ViewConfigCommand.class})
public final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
