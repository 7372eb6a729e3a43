package dev.evctl.commands.topics;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.commands.Table;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.topics.TopicInfo;
import dev.evctl.core.topics.TopicService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Partitions, leaders, offsets and overridden configs of one topic. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl topics describe orders", "  evctl topics describe orders -o json"},
        description = "Show a topic's partitions (leader, replicas, ISR, offsets), its non-default configs, and the "
                + "consumer groups that read it with their lag.")
public final class DescribeTopicCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "TOPIC")
    String topic;

    public DescribeTopicCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            Described described = new Described(
                    new TopicService(clients).describe(topic), new GroupService(clients).readersOf(topic));
            int width = session.terminalWidth();
            output.show(session.out(), described, (d, out) -> text(d, out, width));
        }
        return ExitCodes.OK;
    }

    /** What {@code topics describe -o json|yaml} prints: the topic's fields, then the groups that read it. */
    record Described(@JsonUnwrapped TopicInfo topic, List<GroupService.Reader> consumerGroups) {}

    /** A header line, the partitions as a table, the configs, and the groups that read the topic. */
    static void text(Described d, PrintWriter out, int width) {
        TopicInfo info = d.topic();
        long records = info.partitions().stream()
                .mapToLong(p -> p.endOffset() - p.startOffset())
                .sum();
        out.printf(
                "topic %s  id %s  partitions %d  records ~%d%n",
                info.name(), info.id(), info.partitions().size(), records);
        Table partitions = new Table(
                Table.Column.right("PARTITION"),
                Table.Column.right("LEADER"),
                Table.Column.elastic("REPLICAS"),
                Table.Column.elastic("ISR"),
                Table.Column.right("START"),
                Table.Column.right("END"));
        info.partitions()
                .forEach(p -> partitions.row(
                        p.partition(),
                        p.leader() == null ? "none" : p.leader(),
                        join(p.replicas()),
                        join(p.isr()),
                        p.startOffset(),
                        p.endOffset()));
        partitions.print(out, width);
        if (!info.configs().isEmpty()) {
            out.println("configs:");
            info.configs().forEach((k, v) -> out.printf("  %s=%s%n", k, v));
        }
        if (d.consumerGroups().isEmpty()) {
            out.println("consumer groups: none has committed offsets on " + info.name());
            return;
        }
        out.println("consumer groups:");
        Table groups = new Table(
                        Table.Column.elastic("GROUP"),
                        Table.Column.left("STATE"),
                        Table.Column.right("MEMBERS"),
                        Table.Column.right("LAG"))
                .indent("  ");
        d.consumerGroups().forEach(r -> groups.row(r.group(), r.state(), r.members(), r.lag()));
        groups.print(out, width);
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
