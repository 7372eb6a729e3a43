package dev.evctl.commands;

import java.io.PrintWriter;

import dev.evctl.core.EvctlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Parameters;

/**
 * {@code evctl help [COMMAND...]}: the help of a command at any depth ({@code help schema check}), as its --help
 * shows it.
 */
@Command(
        name = "help",
        helpCommand = true,
        header = "Show the help of a command, e.g. evctl help schema check.",
        description = "Show the help of a command, e.g. evctl help schema check.")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its group: schema check.")
    String[] commands = new String[0];

    private CommandLine self;
    private PrintWriter out;
    private Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        StringBuilder path = new StringBuilder(target.getCommandName());
        for (String name : commands) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw EvctlException.usage("unknown command '" + path + " " + name + "' — see `" + path + " --help`");
            }
            path.append(' ').append(name);
            target = next;
        }
        target.usage(out, colors);
        out.flush();
    }
}
