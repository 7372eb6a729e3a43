package dev.evctl.commands.sandbox;

import dev.evctl.commands.CommandGroup;
import picocli.CommandLine.Command;

/** Groups the sandbox lifecycle commands. */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description =
                "A local single-node Kafka (Apache Kafka's own broker, KRaft, 127.0.0.1 only) for trying things out.",
        subcommands = {
            SandboxStartCommand.class,
            SandboxStopCommand.class,
            SandboxStatusCommand.class,
            SandboxResetCommand.class
        })
public final class SandboxCommand extends CommandGroup {}
