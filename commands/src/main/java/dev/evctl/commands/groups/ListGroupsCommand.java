package dev.evctl.commands.groups;

import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Consumer groups with their state. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl groups list", "  evctl groups list -o json"},
        description = "List consumer groups with their state, sorted by name.")
public final class ListGroupsCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public ListGroupsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            List<GroupService.GroupSummary> groups = new GroupService(clients).list();
            output.show(
                    session.out(),
                    groups,
                    (all, out) -> all.forEach(g -> out.printf("%s\t%s%n", g.group(), g.state())));
        }
        return ExitCodes.OK;
    }
}
