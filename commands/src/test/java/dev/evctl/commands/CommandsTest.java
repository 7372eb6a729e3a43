package dev.evctl.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import dev.evctl.commands.topics.TopicsCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandsTest {

    @Test
    void namesInTheTableAreTheAnnotatedNames() {
        for (Map.Entry<String, Class<?>> e : Commands.TOP_LEVEL.entrySet()) {
            Command annotation = e.getValue().getAnnotation(Command.class);
            assertEquals(annotation.name(), e.getKey(), e.getValue().getName());
            assertEquals(
                    List.of(),
                    List.of(annotation.aliases()),
                    "aliases are not in the table: " + e.getValue().getName());
        }
    }

    @Test
    void aCommandLineNamingACommandGetsOnlyItsBranch() {
        assertEquals(TopicsCommand.class, Commands.namedCommand("topics", "list"));
        assertEquals(TopicsCommand.class, Commands.namedCommand("--verbose", "--context", "prod", "topics", "list"));
        assertEquals(TopicsCommand.class, Commands.namedCommand("--context=prod", "--no-color", "topics"));
        assertEquals(TailCommand.class, Commands.namedCommand("tail", "--help"));

        CommandLine cl = Commands.forArgs(new EvctlCommand(), new CommandFactory(), "topics", "list");
        assertEquals(List.of("topics"), List.copyOf(cl.getSubcommands().keySet()));
        assertEquals(
                List.of("list"),
                List.copyOf(cl.getSubcommands().get("topics").getSubcommands().keySet()));
    }

    @Test
    void aGroupGetsItsWholeBranchUnlessItsNextWordNamesOneOfItsCommands() {
        List<String> all = List.of("list", "describe", "create", "delete");
        for (String[] args :
                new String[][] {{"topics"}, {"topics", "lst"}, {"topics", "--help", "list"}, {"topics", "-h"}}) {
            CommandLine cl = Commands.forArgs(new EvctlCommand(), new CommandFactory(), args);
            assertEquals(
                    all,
                    List.copyOf(
                            cl.getSubcommands().get("topics").getSubcommands().keySet()),
                    String.join(" ", args));
        }
    }

    /** The pruned branch reads as the whole tree would: the same help, names and options for every group's command. */
    @Test
    void everyGroupCommandAloneHasTheSameModelAsInTheWholeTree() {
        CommandLine whole = Commands.all(new EvctlCommand(), new CommandFactory());
        int groups = 0;
        for (Map.Entry<String, CommandLine> top : whole.getSubcommands().entrySet()) {
            if (!(top.getValue().getCommand() instanceof CommandGroup)) {
                continue;
            }
            groups++;
            for (Map.Entry<String, CommandLine> sub :
                    top.getValue().getSubcommands().entrySet()) {
                CommandLine cl = Commands.forArgs(new EvctlCommand(), new CommandFactory(), top.getKey(), sub.getKey());
                CommandLine group = cl.getSubcommands().get(top.getKey());
                CommandLine alone = group.getSubcommands().get(sub.getKey());
                String what = top.getKey() + " " + sub.getKey();
                assertEquals(
                        sub.getValue().getCommandSpec().qualifiedName(),
                        alone.getCommandSpec().qualifiedName(),
                        what);
                assertEquals(
                        sub.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF),
                        alone.getUsageMessage(CommandLine.Help.Ansi.OFF),
                        what);
                assertEquals(
                        top.getValue().getCommandSpec().aliases().length,
                        group.getCommandSpec().aliases().length,
                        what);
                assertEquals(
                        top.getValue().getCommandSpec().optionsMap().keySet(),
                        group.getCommandSpec().optionsMap().keySet(),
                        what);
            }
        }
        assertEquals(6, groups, "groups: topics, groups, config, dlq, schema, sandbox");
    }

    @Test
    void everythingElseGetsTheWholeTree() {
        assertNull(Commands.namedCommand());
        assertNull(Commands.namedCommand("--help"));
        assertNull(Commands.namedCommand("--version"));
        assertNull(Commands.namedCommand("topcis", "list")); // picocli suggests "topics" from the whole tree
        assertNull(Commands.namedCommand("--bogus", "topics"));
        assertNull(Commands.namedCommand("help", "topics"));
        assertNull(Commands.namedCommand("shell"));
        assertNull(Commands.namedCommand("completion", "bash"));
        assertNull(Commands.namedCommand("__complete", "topic"));
        assertNull(Commands.namedCommand("--context"));

        CommandLine cl = Commands.forArgs(new EvctlCommand(), new CommandFactory(), "topcis");
        assertEquals(
                List.copyOf(Commands.TOP_LEVEL.keySet()),
                List.copyOf(cl.getSubcommands().keySet()));
    }
}
