package dev.evctl.commands.topics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Groups the topic commands. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "List, describe, create and delete topics.",
        subcommands = {ListTopicsCommand.class, DescribeTopicCommand.class, CreateTopicCommand.class, DeleteTopicCommand.class})
public final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
