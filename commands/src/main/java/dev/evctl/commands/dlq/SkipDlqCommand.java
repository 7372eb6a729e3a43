package dev.evctl.commands.dlq;

import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.dlq.Redrive;
import dev.evctl.dlq.RedriveService;
import dev.evctl.dlq.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Marks selected dead-letter records handled without sending them. */
@Command(
        name = "skip",
        header = "Mark selected dead-letter records handled without sending them.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl dlq skip orders-dlt --error-class DataException --reason \"bad firmware, data dropped\" --dry-run",
            "  evctl dlq skip orders-dlt --message-match 'duplicate key' --reason \"already applied\" --yes"
        },
        description = {
            "Mark selected dead-letter records handled without sending them (same selectors as redrive); "
                    + "--reason is recorded",
            "with each record's marker and printed."
        })
public final class SkipDlqCommand extends DlqRun {

    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why these records are dropped (kept with each marker).")
    String reason;

    public SkipDlqCommand(Session session) {
        super(session);
    }

    @Override
    Redrive.Options options(Selection selection) {
        if (reason.isBlank()) {
            throw EvctlException.usage("--reason must say why the records are skipped");
        }
        return new Redrive.Options(
                dlq, selection, select.convention(), null, false, false, Integer.MAX_VALUE, true, reason);
    }

    @Override
    RedriveService.Action action() {
        return RedriveService.Action.SKIP;
    }
}
