package dev.evctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.evctl.commands.config.ConfigCommand;
import dev.evctl.commands.dlq.DlqCommand;
import dev.evctl.commands.groups.GroupsCommand;
import dev.evctl.commands.sandbox.SandboxCommand;
import dev.evctl.commands.schema.SchemaCommand;
import dev.evctl.commands.topics.TopicsCommand;
import picocli.CommandLine;

/**
 * The command tree under {@link EvctlCommand}, in the order help lists it.
 *
 * <p>Picocli reads every command's annotations and fields when it builds a model: for evctl's
 * 45 commands that is about 0.2 s of a 0.5 s start. A command line that names its command
 * ({@code evctl topics list}) gets a tree with only that branch; help, the shell, completion
 * and anything picocli must report on (an unknown command, a root option it should explain)
 * get the whole tree.
 */
public final class Commands {

    /**
     * The top-level commands by name, each with its subtree. Names are written here, not read from
     * the annotations: reading one {@code @Command} resolves every class it lists (about 13 ms for
     * all). {@code CommandsTest} checks they match.
     */
    static final Map<String, Class<?>> TOP_LEVEL = top(
            "sandbox", SandboxCommand.class,
            "config", ConfigCommand.class,
            "topics", TopicsCommand.class,
            "publish", PublishCommand.class,
            "tail", TailCommand.class,
            "replay", ReplayCommand.class,
            "groups", GroupsCommand.class,
            "dlq", DlqCommand.class,
            "schema", SchemaCommand.class,
            "doctor", DoctorCommand.class,
            "shell", ShellCommand.class,
            "completion", CompletionCommand.class,
            "__complete", LiveNamesCommand.class,
            "help", CommandLine.HelpCommand.class);

    /** Commands that look at the whole tree. */
    private static final Set<Class<?>> NEED_ALL = Set.of(ShellCommand.class, CompletionCommand.class,
            LiveNamesCommand.class, CommandLine.HelpCommand.class);

    /** The root's flags; {@code --help} and {@code --version} are left to the whole tree. */
    private static final Set<String> ROOT_FLAGS = Set.of("--verbose", "--stacktrace", "--no-color");

    private Commands() {
    }

    private static Map<String, Class<?>> top(Object... nameThenClass) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            out.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The whole tree: for help, the shell, and the generators of completions and man pages. */
    public static CommandLine all(Object root, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(root, factory);
        // a loop, not cl::addSubcommand: a method reference to a picocli (Java 5) class links it while
        // the class-data archive is dumped, and the JDK then leaves that class out of the archive
        for (Map.Entry<String, Class<?>> e : TOP_LEVEL.entrySet()) {
            cl.addSubcommand(e.getKey(), e.getValue());
        }
        return cl;
    }

    /** The tree {@code args} needs: the root with the one branch they name, or the whole tree. */
    public static CommandLine forArgs(Object root, CommandLine.IFactory factory, String... args) {
        Class<?> named = namedCommand(args);
        if (named == null) {
            return all(root, factory);
        }
        CommandLine cl = new CommandLine(root, factory);
        cl.addSubcommand(named);
        return cl;
    }

    /**
     * The top-level command {@code args} name, after any root options; null when they name none,
     * name one that needs the whole tree, or carry something only the whole tree can explain.
     */
    static Class<?> namedCommand(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--context")) { // the one root option with a value
                i++;
                continue;
            }
            if (ROOT_FLAGS.contains(arg) || arg.startsWith("--context=")) {
                continue;
            }
            if (arg.startsWith("-")) {
                return null;
            }
            Class<?> command = TOP_LEVEL.get(arg);
            return command == null || NEED_ALL.contains(command) ? null : command;
        }
        return null;
    }
}
