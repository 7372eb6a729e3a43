package dev.evctl.commands.topics;

import dev.evctl.commands.CommandGroup;
import picocli.CommandLine.Command;

/** Groups the topic commands. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "List, describe, create and delete topics.",
        subcommands = {
            ListTopicsCommand.class,
            DescribeTopicCommand.class,
            CreateTopicCommand.class,
            DeleteTopicCommand.class
        })
public final class TopicsCommand extends CommandGroup {}
