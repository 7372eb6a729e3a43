package dev.evctl.commands;

import java.util.concurrent.Callable;

import dev.evctl.copy.CopyJob;
import dev.evctl.copy.JobStatus;
import dev.evctl.core.EvctlException;
import dev.evctl.core.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** A replay job's plan, progress and workers, read from Kafka on any machine. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show a replay job's plan and progress per partition, the workers in its group and what each "
                    + "holds, and its rate"
                    + " and time left — read from the job's state in Kafka, from any machine. Exit 6 for an "
                    + "unknown job."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  evctl replay status rebuild-1", "  evctl replay status rebuild-1 -o json"})
public final class ReplayStatusCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "JOB", description = "The job's id (--job-id, or the id the plan printed).")
    String jobId;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public ReplayStatusCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        try {
            CopyJob.requireValidId(jobId);
        } catch (IllegalArgumentException e) {
            throw EvctlException.usage(e.getMessage());
        }
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            JobStatus status = JobStatus.read(clients, jobId);
            output.show(session.out(), ReplayJson.Status.of(status), (json, out) -> ReplayReports.status(out, status));
        }
        return ExitCodes.OK;
    }
}
