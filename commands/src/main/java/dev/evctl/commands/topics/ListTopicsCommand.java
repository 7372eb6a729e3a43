package dev.evctl.commands.topics;

import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.topics.TopicService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Topic names, one a line. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl topics list", "  evctl topics list --pattern '^orders' -o json"},
        description = "List topic names, sorted.")
public final class ListTopicsCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Option(
            names = "--pattern",
            paramLabel = "REGEX",
            description = "Only names matching REGEX (anywhere in the name).")
    String pattern;

    @Option(names = "--internal", description = "Include internal topics (__consumer_offsets, …).")
    boolean internal;

    public ListTopicsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            List<Listed> names = new TopicService(clients)
                    .list(pattern, internal).stream().map(Listed::new).toList();
            output.show(session.out(), names, (topics, out) -> topics.forEach(t -> out.println(t.name())));
        }
        return ExitCodes.OK;
    }

    /** One topic of {@code topics list -o json|yaml}. */
    record Listed(String name) {}
}
