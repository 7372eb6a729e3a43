package dev.evctl.commands;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Flags every command accepts, anywhere on the line. They write into the invocation's
 * {@link Session} so the exception handler and services see them.
 */
public final class GlobalOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Session session() {
        return ((EvctlCommand) mixee.root().userObject()).session();
    }

    // an explicit order: methods (unlike fields) come back from reflection in an order that can change from run to run,
    // and the help of commands that list options as declared would change with it (HelpGoldenTest)
    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            order = 1001,
            description = "Say more: connection choices, Kafka client warnings, stack traces.")
    void setVerbose(boolean verbose) {
        session().setVerbose(verbose);
        if (verbose) {
            session().setStacktrace(true);
        }
    }

    @Option(
            names = "--stacktrace",
            scope = ScopeType.INHERIT,
            order = 1002,
            description = "Print the stack trace of an error.")
    void setStacktrace(boolean stacktrace) {
        session().setStacktrace(stacktrace);
    }

    @Option(
            names = "--no-color",
            scope = ScopeType.INHERIT,
            order = 1003,
            description = "No colour, even on a terminal (NO_COLOR works too).")
    void setNoColor(boolean noColor) {
        session().setNoColor(noColor);
    }

    @Option(
            names = "--context",
            scope = ScopeType.INHERIT,
            order = 1000,
            paramLabel = "NAME",
            description = "Use this context from the config file (or EVCTL_CONTEXT).")
    void setContext(String context) {
        session().setContext(context);
    }
}
