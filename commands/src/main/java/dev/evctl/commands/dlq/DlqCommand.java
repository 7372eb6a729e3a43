package dev.evctl.commands.dlq;

import dev.evctl.commands.CommandGroup;
import picocli.CommandLine.Command;

/** Groups the dead-letter-queue commands. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "Dead-letter topics (Kafka Connect, Spring Kafka, SmallRye conventions): summarize, show, "
                + "redrive exactly once, skip.",
        subcommands = {
            InspectDlqCommand.class,
            ShowDlqCommand.class,
            StatusDlqCommand.class,
            WatchDlqCommand.class,
            RedriveDlqCommand.class,
            SkipDlqCommand.class
        })
public final class DlqCommand extends CommandGroup {}
