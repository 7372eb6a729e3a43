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
@Command(
        name = "evctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Operate event streams on Apache Kafka: publish, tail, topics, contexts and a local sandbox.",
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
