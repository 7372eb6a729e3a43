package dev.evctl.commands;

import java.util.Arrays;
import java.util.Collections;
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
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command tree under {@link EvctlCommand}, in the order help lists it.
 *
 * <p>Picocli reads every command's annotations and fields when it builds a model: for evctl's
 * 45 commands that is about 0.2 s of a 0.5 s start. A command line that names its command
 * ({@code evctl topics list}) gets a tree with only that branch, and of a group only the
 * subcommand named; help, the shell, completion and anything picocli must report on (an unknown
 * command, a root option it should explain) get the whole tree.
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
            "trace", TraceCommand.class,
            "dups", DupsCommand.class,
            "replay", ReplayCommand.class,
            "groups", GroupsCommand.class,
            "dlq", DlqCommand.class,
            "schema", SchemaCommand.class,
            "doctor", DoctorCommand.class,
            "shell", ShellCommand.class,
            "completion", CompletionCommand.class,
            "version", VersionCommand.class,
            "__complete", LiveNamesCommand.class,
            "help", HelpCommand.class);

    /** Commands that look at the whole tree. */
    private static final Set<Class<?>> NEED_ALL =
            Set.of(ShellCommand.class, CompletionCommand.class, LiveNamesCommand.class, HelpCommand.class);

    /** The root's flags; {@code --help} and {@code --version} are left to the whole tree. */
    private static final Set<String> ROOT_FLAGS = Set.of("--verbose", "--stacktrace", "--no-color");

    private Commands() {}

    private static Map<String, Class<?>> top(Object... nameThenClass) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            out.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The whole tree: for help, the shell, and the generators of completions and man pages. */
    public static CommandLine all(Object root, CommandLine.IFactory factory) {
        CommandLine cl = withExitCodes(new CommandLine(root, factory));
        // a loop, not cl::addSubcommand: a method reference to a picocli (Java 5) class links it while
        // the class-data archive is dumped, and the JDK then leaves that class out of the archive
        for (Map.Entry<String, Class<?>> e : TOP_LEVEL.entrySet()) {
            cl.addSubcommand(e.getKey(), e.getValue());
        }
        return cl;
    }

    /** The root's help lists the exit codes from {@link ExitCodes.Code}, their one source. */
    private static CommandLine withExitCodes(CommandLine root) {
        root.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.forHelp());
        return root;
    }

    /** The tree {@code args} needs: the root with the one branch they name, or the whole tree. */
    public static CommandLine forArgs(Object root, CommandLine.IFactory factory, String... args) {
        int at = commandIndex(args);
        if (at < 0) {
            return all(root, factory);
        }
        Class<?> named = TOP_LEVEL.get(args[at]);
        CommandLine cl = withExitCodes(new CommandLine(root, factory));
        CommandLine group = at + 1 < args.length ? groupWithOnly(named, args[at + 1], factory) : null;
        if (group != null) {
            cl.addSubcommand(args[at], group);
        } else {
            cl.addSubcommand(named);
        }
        return cl;
    }

    /**
     * A command group ({@code topics}) with only the subcommand {@code name} ({@code list}): its
     * siblings are never run, and building their models cost about 10 ms. Null when the group
     * has no subcommand of that name (picocli then explains, from the whole group) or
     * {@code name} is an option (one of the group's own, or misplaced).
     */
    static CommandLine groupWithOnly(Class<?> group, String name, CommandLine.IFactory factory) {
        CommandLine.Command g = group.getAnnotation(CommandLine.Command.class);
        if (!CommandGroup.class.isAssignableFrom(group) || g == null || name.startsWith("-")) {
            return null;
        }
        for (Class<?> sub : g.subcommands()) {
            CommandLine.Command s = sub.getAnnotation(CommandLine.Command.class);
            if (s != null
                    && (s.name().equals(name) || Arrays.asList(s.aliases()).contains(name))) {
                CommandSpec spec;
                try {
                    spec = CommandSpec.wrapWithoutInspection(factory.create(group));
                } catch (Exception e) {
                    return null; // the whole group is built, and picocli reports it
                }
                // what picocli would read from the group's annotation, but its subcommands
                spec.name(g.name()).aliases(g.aliases()).mixinStandardHelpOptions(g.mixinStandardHelpOptions());
                spec.usageMessage().description(g.description());
                CommandLine line = new CommandLine(spec, factory);
                line.addSubcommand(s.name(), sub);
                return line;
            }
        }
        return null;
    }

    /**
     * The top-level command {@code args} name, after any root options; null when they name none,
     * name one that needs the whole tree, or carry something only the whole tree can explain.
     */
    static Class<?> namedCommand(String... args) {
        int at = commandIndex(args);
        return at < 0 ? null : TOP_LEVEL.get(args[at]);
    }

    /** The index in {@code args} of the top-level command {@link #namedCommand} names, or -1. */
    private static int commandIndex(String... args) {
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
                return -1;
            }
            Class<?> command = TOP_LEVEL.get(arg);
            return command == null || NEED_ALL.contains(command) ? -1 : i;
        }
        return -1;
    }
}
