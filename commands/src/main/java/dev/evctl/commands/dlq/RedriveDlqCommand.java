package dev.evctl.commands.dlq;

import dev.evctl.commands.RateConverter;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.dlq.Redrive;
import dev.evctl.dlq.RedriveService;
import dev.evctl.dlq.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends selected dead-letter records back where they failed, exactly once. */
@Command(
        name = "redrive",
        header = "Send selected dead-letter records back to their topic, exactly once.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send selected dead-letter records back to their original topic (read from their headers) or "
                    + "--to-topic, exactly once:",
            "the sent records and the 'handled' markers commit in one transaction, so a killed redrive re-run "
                    + "resumes and no record",
            "is redriven twice. Error headers are stripped (--keep-error-headers keeps them); "
                    + "evctl.redrive.count counts redrives and",
            "records at --max-redrives are held back. Held-back and unroutable records stay pending and are "
                    + "listed (exit 5)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl dlq redrive orders-dlt --error-class TimeoutException --dry-run",
            "  evctl dlq redrive orders-dlt --message-match 'connection refused' --since 2h --yes -o json",
            "  evctl dlq redrive orders-dlt --to-topic orders-retry --keep-error-headers --yes"
        })
public final class RedriveDlqCommand extends DlqRun {

    @Option(
            names = "--to-topic",
            paramLabel = "TOPIC",
            description = "Send here instead of each record's original topic.")
    String toTopic;

    @Option(
            names = "--keep-partition",
            description = "Send to the original partition (default: the producer's, by key).")
    boolean keepPartition;

    @Option(
            names = "--keep-error-headers",
            description = "Keep the convention's error headers on the redriven records.")
    boolean keepErrorHeaders;

    @Option(
            names = "--max-redrives",
            defaultValue = "3",
            paramLabel = "N",
            description = "Hold back records already redriven N times (default: ${DEFAULT-VALUE}).")
    int maxRedrives;

    @Option(
            names = "--rate",
            paramLabel = "N",
            converter = RateConverter.class,
            description = "At most N records per second (default: no limit).")
    double rate;

    public RedriveDlqCommand(Session session) {
        super(session);
    }

    @Override
    Redrive.Options options(Selection selection) {
        if (maxRedrives < 1) {
            throw EvctlException.usage("--max-redrives must be at least 1, got " + maxRedrives
                    + " (a record redriven that many times is held back)");
        }
        return new Redrive.Options(
                dlq,
                selection,
                select.convention(),
                toTopic,
                keepPartition,
                keepErrorHeaders,
                maxRedrives,
                false,
                null);
    }

    @Override
    RedriveService.Action action() {
        return RedriveService.Action.REDRIVE;
    }

    @Override
    double rate() {
        return rate;
    }
}
