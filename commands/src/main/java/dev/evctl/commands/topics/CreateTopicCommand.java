package dev.evctl.commands.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.topics.TopicService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates a topic. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a topic.",
        footerHeading = "%nExamples:%n",
        footer = {"  evctl topics create orders --partitions 6 --config retention.ms=86400000"})
public final class CreateTopicCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC")
    String topic;

    @Option(
            names = {"-p", "--partitions"},
            defaultValue = "1",
            description = "Partition count (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = {"-r", "--replication-factor"},
            description = "Replicas per partition (default: the broker's).")
    Short replicationFactor;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "KEY=VALUE",
            description = "A topic config (repeatable).")
    Map<String, String> configs = new LinkedHashMap<>();

    @Option(names = "--if-not-exists", description = "Succeed when the topic already exists.")
    boolean ifNotExists;

    public CreateTopicCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            boolean created = new TopicService(clients)
                    .create(topic, partitions, Optional.ofNullable(replicationFactor), configs, ifNotExists);
            session.err()
                    .println(
                            created
                                    ? "created topic '" + topic + "' with " + partitions + " partition"
                                            + (partitions == 1 ? "" : "s")
                                    : "topic '" + topic + "' already exists");
            session.err().flush();
        }
        return ExitCodes.OK;
    }
}
