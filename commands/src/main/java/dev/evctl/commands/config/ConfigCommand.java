package dev.evctl.commands.config;

import picocli.CommandLine.Command;

/** Groups the context commands. */
@Command(name = "config", description = "Named connection contexts in ~/.config/evctl/config.yaml (or EVCTL_CONFIG).",
        subcommands = {GetContextsCommand.class, UseContextCommand.class, SetContextCommand.class,
                DeleteContextCommand.class, ViewConfigCommand.class})
public final class ConfigCommand {
}
