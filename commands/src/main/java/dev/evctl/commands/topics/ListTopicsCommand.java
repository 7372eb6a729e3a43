package dev.evctl.commands.topics;

import java.util.List;
import java.util.Map;
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
            List<String> names = new TopicService(clients).list(pattern, internal);
            if (output.structured()) {
                output.print(
                        session.out(),
                        names.stream().map(n -> Map.of("name", n)).toList());
            } else {
                names.forEach(session.out()::println);
                session.out().flush();
            }
        }
        return ExitCodes.OK;
    }
}
