package dev.evctl.commands.topics;

import java.util.concurrent.Callable;

import dev.evctl.commands.Confirm;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.topics.TopicService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Deletes a topic after confirmation. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl topics delete orders-old          # asks on a terminal",
            "  evctl topics delete orders-old --yes"
        },
        description = "Delete a topic and all its records (asks on a terminal; --yes otherwise).")
public final class DeleteTopicCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "TOPIC")
    String topic;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    public DeleteTopicCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            TopicService topics = new TopicService(clients);
            clients.describeTopic(topic);
            if (!Confirm.ask(
                    session,
                    yes,
                    "Delete topic '" + topic + "' on " + clients.connection().bootstrapServers() + "?")) {
                session.err().println("nothing deleted");
                return ExitCodes.OK;
            }
            topics.delete(topic);
            session.err().println("deleted topic '" + topic + "'");
            session.err().flush();
        }
        return ExitCodes.OK;
    }
}
