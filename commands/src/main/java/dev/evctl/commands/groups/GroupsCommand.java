package dev.evctl.commands.groups;

import dev.evctl.commands.CommandGroup;
import picocli.CommandLine.Command;

/** Groups the consumer-group commands. */
@Command(
        name = "groups",
        mixinStandardHelpOptions = true,
        description = "List and describe consumer groups (members, committed offsets, lag); reset a group's offsets "
                + "with a plan and an undo.",
        subcommands = {ListGroupsCommand.class, DescribeGroupCommand.class, ResetGroupCommand.class})
public final class GroupsCommand extends CommandGroup {}
