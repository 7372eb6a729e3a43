package dev.evctl.cli;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.evctl.commands.CommandFactory;
import dev.evctl.commands.Commands;
import dev.evctl.commands.EvctlCommand;
import dev.evctl.commands.ExclusiveGroups;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.HelpLayout;
import dev.evctl.commands.Session;
import dev.evctl.core.ControlChars;
import dev.evctl.core.EvctlException;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.sandbox.SandboxException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Builds the command line for a session and maps every failure to one line and an exit code. */
public final class Cli {

    private Cli() {}

    /** Runs evctl with {@code args} in {@code session}; returns the exit code. Never calls System.exit. */
    public static int run(Session session, String... args) {
        return commandLine(session, args).execute(args);
    }

    /** The command line for {@code args}: only the branch they name when they name one (see {@link Commands}). */
    public static CommandLine commandLine(Session session, String... args) {
        CommandLine cl = Commands.forArgs(new EvctlCommand(session), new CommandFactory(session), args);
        cl.setOut(session.out());
        cl.setErr(session.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // @FILE belongs to our options (--template @order.tmpl), not to picocli's argument files
        cl.setExpandAtFiles(false);
        cl.setExecutionExceptionHandler(new ExecutionErrors(session));
        cl.setParameterExceptionHandler(new UsageErrors(session));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                session.color() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        HelpLayout.apply(cl);
        return cl;
    }

    /** Errors while running a command: one line, the kind's exit code, a stack trace only on request. */
    private record ExecutionErrors(Session session) implements IExecutionExceptionHandler {

        @Override
        public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
            int code;
            String message;
            if (e instanceof EvctlException evctl) {
                code = evctl.kind().exitCode();
                message = evctl.getMessage();
            } else if (e instanceof SandboxException sandbox) {
                code = switch (sandbox.reason()) {
                    case PORT_IN_USE -> ExitCodes.USAGE;
                    case NOT_RUNNING -> ExitCodes.NOT_FOUND;
                    case START_FAILED, IO -> ExitCodes.CONNECTION;
                };
                message = sandbox.getMessage();
            } else if (e instanceof UncheckedIOException io
                    && io.getMessage() != null
                    && io.getMessage().contains("Broken pipe")) {
                return ExitCodes.OK;
            } else {
                code = ExitCodes.INTERNAL;
                message = "internal error: " + e + (session.stacktrace() ? "" : " (run with --stacktrace for details)");
            }
            // a message that quotes an argument never shows the secret in it
            message = SecretReferences.scrubArguments(message, parsed.originalArgs());
            // names from the user or the cluster cannot clear the terminal, nor break the one line
            session.err().println("evctl: error: " + ControlChars.escapeLine(message));
            if (session.stacktrace()) {
                e.printStackTrace(session.err());
            }
            session.err().flush();
            return code;
        }
    }

    /** Bad command lines: the reason and where to look, without the whole usage text. */
    private record UsageErrors(Session session) implements IParameterExceptionHandler {

        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            // picocli starts some of its own messages with "Error: " (exclusive options): evctl says that once
            String message = ex.getMessage().startsWith("Error: ")
                    ? ex.getMessage().substring("Error: ".length())
                    : ex.getMessage();
            if (ex instanceof MutuallyExclusiveArgsException || ex instanceof MaxValuesExceededException) {
                message = ExclusiveGroups.message(cl.getCommandSpec(), message).orElse(message);
            }
            if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
                message = unknownOptions(unmatched.getUnmatched()).orElse(message);
            }
            // a usage error never echoes a secret: not a password option's value, a JAAS line, a URL's user info
            message = SecretReferences.scrubArguments(message, Arrays.asList(args));
            session.err().println("evctl: error: " + ControlChars.escapeLine(message));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, session.err());
            session.err().println("see `" + cl.getCommandSpec().qualifiedName() + " --help`");
            session.err().flush();
            return ExitCodes.USAGE;
        }

        /**
         * Unknown options named without the values after them (a mistyped {@code --registry-urll URL} must not print
         * the URL, which may carry a password); empty when nothing unmatched looks like an option.
         */
        static Optional<String> unknownOptions(List<String> unmatched) {
            List<String> options = new ArrayList<>();
            List<String> stray = new ArrayList<>();
            int hidden = 0;
            for (int i = 0; i < unmatched.size(); i++) {
                String arg = unmatched.get(i);
                if (arg.startsWith("-") && arg.length() > 1 && !arg.matches("-\\d+")) {
                    int eq = arg.indexOf('=');
                    options.add(eq > 0 ? arg.substring(0, eq) : arg);
                    hidden += eq > 0 ? 1 : 0;
                } else if (i > 0
                        && unmatched.get(i - 1).startsWith("-")
                        && !unmatched.get(i - 1).contains("=")) {
                    hidden++;
                } else {
                    stray.add(arg);
                }
            }
            if (options.isEmpty()) {
                return Optional.empty();
            }
            StringBuilder m = new StringBuilder("Unknown option" + (options.size() == 1 ? "" : "s") + ": ");
            m.append(String.join(", ", options.stream().map(o -> "'" + o + "'").toList()));
            if (hidden > 0) {
                m.append(" (")
                        .append(hidden == 1 ? "its value is" : "their values are")
                        .append(" not shown)");
            }
            if (!stray.isEmpty()) {
                m.append("; unexpected argument")
                        .append(stray.size() == 1 ? "" : "s")
                        .append(": ");
                m.append(
                        String.join(", ", stray.stream().map(o -> "'" + o + "'").toList()));
            }
            return Optional.of(m.toString());
        }
    }
}
