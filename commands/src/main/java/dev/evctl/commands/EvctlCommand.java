package dev.evctl.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root command: only groups the others. Its subcommands are not in this annotation but in
 * {@link Commands}, which builds the whole tree or, to start fast, only the branch a command
 * line needs.
 */
@Command(name = "evctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Operate event streams on Apache Kafka: publish, tail, topics, contexts and a local sandbox.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:ok",
                " 1:a check failed (incompatible schema, records left unprocessed)",
                " 2:usage: wrong or conflicting options, unconfirmed risky action",
                " 3:cannot connect, or authentication failed",
                " 4:bad input data (file line, config file); nothing was sent",
                " 5:partial failure: some work done, the message says how much",
                " 6:not found: topic, partition or context does not exist",
                "70:internal error (a bug: run with --stacktrace and report it)",
                "130:interrupted (Ctrl-C)"
        },
        footerHeading = "%nExamples:%n",
        footer = {
                "  evctl sandbox start --detach",
                "  evctl topics create orders --partitions 3",
                "  evctl publish orders --count 1000 --template @order.tmpl",
                "  evctl tail orders --from 15m --where \"total > `100`\""
        })
public final class EvctlCommand implements Runnable {

    private final Session session;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    public EvctlCommand(Session session) {
        this.session = session;
    }

    /** For picocli's generators (completion scripts, man pages), which need a no-argument constructor. */
    public EvctlCommand() {
        this(null);
    }

    public Session session() {
        return session;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required; see `evctl --help`");
    }
}
