package dev.evctl.commands.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public GetContextsCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Config config = session.configStore().load();
        if (output.structured()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            config.contexts().forEach((name, c) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", name);
                row.put("current", name.equals(config.currentContext()));
                row.put("bootstrapServers", c.bootstrapServers());
                rows.add(row);
            });
            output.print(session.out(), rows);
            return ExitCodes.OK;
        }
        // "* " marks the current context, as kubectl does
        Table table = new Table(Table.Column.elastic("  NAME"), Table.Column.elastic("BOOTSTRAP SERVERS"));
        config.contexts()
                .forEach((name, c) ->
                        table.row((name.equals(config.currentContext()) ? "* " : "  ") + name, c.bootstrapServers()));
        table.print(session.out(), session.terminalWidth());
        session.out().flush();
        return ExitCodes.OK;
    }
}
