package dev.evctl.commands.config;

import dev.evctl.commands.CommandGroup;
import picocli.CommandLine.Command;

/** Groups the context commands. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Named connection contexts in ~/.config/evctl/config.yaml (or EVCTL_CONFIG).",
        subcommands = {
            GetContextsCommand.class,
            UseContextCommand.class,
            SetContextCommand.class,
            DeleteContextCommand.class,
            ViewConfigCommand.class
        })
public final class ConfigCommand extends CommandGroup {}
