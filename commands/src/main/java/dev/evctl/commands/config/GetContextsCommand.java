package dev.evctl.commands.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.commands.Table;
import dev.evctl.core.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists contexts, marking the current one. */
@Command(
        name = "get-contexts",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl config get-contexts"},
        description = "List contexts; the current one is marked with *.")
public final class GetContextsCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    OutputOptions output;

    /** One context as {@code -o json|yaml} prints it (pinned in {@code JsonContractTest}). */
    record Row(String name, boolean current, String bootstrapServers) {}

    public GetContextsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Config config = session.configStore().load();
        List<Row> rows = new ArrayList<>();
        config.contexts()
                .forEach((name, c) ->
                        rows.add(new Row(name, name.equals(config.currentContext()), c.bootstrapServers())));
        int width = session.terminalWidth();
        output.show(session.out(), rows, (all, out) -> {
            // "* " marks the current context, as kubectl does
            Table table = new Table(Table.Column.elastic("  NAME"), Table.Column.elastic("BOOTSTRAP SERVERS"));
            all.forEach(r -> table.row((r.current() ? "* " : "  ") + r.name(), r.bootstrapServers()));
            table.print(out, width);
        });
        return ExitCodes.OK;
    }
}
