package dev.evctl.commands.groups;

import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.commands.Table;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A group's members and, per partition, committed offset, end offset and lag. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl groups describe billing", "  evctl groups describe billing -o json"},
        description = "Show a consumer group's state, members and, per partition, committed offset, end offset and "
                + "lag. Exit 6 for an unknown group.")
public final class DescribeGroupCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "GROUP")
    String group;

    public DescribeGroupCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            GroupService.GroupDetail d = new GroupService(clients).describe(group);
            int width = session.terminalWidth();
            output.show(session.out(), d, (detail, out) -> text(detail, out, width));
        }
        return ExitCodes.OK;
    }

    /** The group's line, its members, then its partitions as a table. */
    static void text(GroupService.GroupDetail d, java.io.PrintWriter out, int width) {
        {
            out.printf(
                    "group %s  state %s  members %d  lag %d%n",
                    d.group(), d.state(), d.members().size(), d.totalLag());
            for (GroupService.Member m : d.members()) {
                out.printf(
                        "  member %s  client %s  host %s  partitions %s%n",
                        m.memberId(), m.clientId(), m.host(), String.join(",", m.partitions()));
            }
            Table table = new Table(
                    Table.Column.elastic("TOPIC"),
                    Table.Column.right("PARTITION"),
                    Table.Column.right("COMMITTED"),
                    Table.Column.right("END"),
                    Table.Column.right("LAG"));
            d.partitions().forEach(p -> table.row(p.topic(), p.partition(), p.committed(), p.end(), p.lag()));
            table.print(out, width);
        }
    }
}
