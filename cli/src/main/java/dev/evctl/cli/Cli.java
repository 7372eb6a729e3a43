package dev.evctl.cli;

import java.io.UncheckedIOException;

import dev.evctl.commands.CommandFactory;
import dev.evctl.commands.Commands;
import dev.evctl.commands.EvctlCommand;
import dev.evctl.commands.ExclusiveGroups;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import dev.evctl.core.ControlChars;
import dev.evctl.core.EvctlException;
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
            session.err().println("evctl: error: " + ControlChars.escapeLine(message));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, session.err());
            session.err().println("see `" + cl.getCommandSpec().qualifiedName() + " --help`");
            session.err().flush();
            return ExitCodes.USAGE;
        }
    }
}
