package dev.evctl.commands;

import java.time.Instant;
import java.util.List;

import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.copy.JobStatus;
import dev.evctl.copy.PartitionState;

/**
 * The documents {@code replay -o json|yaml} prints. Their field names are a contract for scripts
 * (README "JSON output"): each is declared once, here, in the order it is printed, and
 * {@code JsonContractTest} pins them.
 */
final class ReplayJson {

    private ReplayJson() {}

    /** {@code --dry-run}: the plan. */
    record DryRun(boolean dryRun, Plan plan) {}

    record Plan(
            String job,
            String source,
            String target,
            String state,
            boolean exactlyOnce,
            String partitionMapping,
            long records,
            long bytes,
            List<PlanPartition> partitions,
            List<String> notes) {

        static Plan of(
                CopyPlan plan, String source, String target, boolean exactlyOnce, String mapping, List<String> notes) {
            return new Plan(
                    plan.job().id(),
                    source,
                    target,
                    !plan.resumed() ? "new" : plan.finished() ? "finished" : "resuming",
                    exactlyOnce,
                    mapping,
                    plan.remainingRecords(),
                    plan.remainingBytes(),
                    plan.partitions().stream()
                            .map(p -> new PlanPartition(
                                    p.state().partition(),
                                    p.state().start(),
                                    p.state().end(),
                                    p.state().next(),
                                    p.left(),
                                    p.bytes()))
                            .toList(),
                    List.copyOf(notes));
        }
    }

    record PlanPartition(int partition, long from, long to, long next, long records, long bytes) {}

    /** A run: what the job has copied in all, and in this run. */
    record Result(
            String job,
            String source,
            String target,
            boolean complete,
            long copied,
            long filtered,
            long copiedThisRun,
            double seconds,
            boolean exactlyOnce,
            int recoveries,
            List<ResultPartition> partitions,
            List<String> notes) {

        static Result of(
                CopyPlan plan,
                CopyReport report,
                String source,
                String target,
                boolean exactlyOnce,
                List<String> notes) {
            return new Result(
                    plan.job().id(),
                    source,
                    target,
                    report.complete(),
                    report.copied(),
                    report.filtered(),
                    report.copiedThisRun(),
                    report.elapsed().toMillis() / 1000.0,
                    exactlyOnce,
                    report.recoveries(),
                    report.partitions().stream().map(ResultPartition::of).toList(),
                    List.copyOf(notes));
        }
    }

    record ResultPartition(int partition, long from, long to, long next, long copied, long filtered) {
        static ResultPartition of(PartitionState s) {
            return new ResultPartition(s.partition(), s.start(), s.end(), s.next(), s.copied(), s.filtered());
        }
    }

    /** {@code replay status}: the job's plan, progress, workers and rate. */
    record Status(
            String job,
            String group,
            String source,
            String target,
            String from,
            String to,
            String plannedAt,
            String state,
            boolean complete,
            long copied,
            long filtered,
            long left,
            double recordsPerSecond,
            Long etaSeconds,
            List<StatusPartition> partitions,
            List<StatusWorker> workers) {

        static Status of(JobStatus s) {
            var d = s.definition();
            return new Status(
                    s.jobId(),
                    s.groupId(),
                    s.sourceTopic(),
                    d == null ? null : d.target(),
                    d == null ? null : d.from(),
                    d == null ? null : d.to(),
                    d == null ? null : Instant.ofEpochMilli(d.plannedAt()).toString(),
                    s.state(),
                    s.done(),
                    s.copied(),
                    s.filtered(),
                    s.remaining(),
                    Math.round(s.rate() * 10) / 10.0,
                    s.eta() == null ? null : s.eta().toSeconds(),
                    s.partitions().stream()
                            .map(p -> new StatusPartition(
                                    p.progress().partition(),
                                    p.progress().start(),
                                    p.progress().end(),
                                    p.progress().next(),
                                    p.progress().remaining(),
                                    p.progress().copied(),
                                    p.progress().filtered(),
                                    p.holder(),
                                    p.committedAt() == 0
                                            ? null
                                            : Instant.ofEpochMilli(p.committedAt())
                                                    .toString()))
                            .toList(),
                    s.members().stream()
                            .map(m -> new StatusWorker(m.memberId(), m.clientId(), m.host(), m.partitions()))
                            .toList());
        }
    }

    record StatusPartition(
            int partition,
            long from,
            long to,
            long next,
            long left,
            long copied,
            long filtered,
            String heldBy,
            String committedAt) {}

    record StatusWorker(String member, String clientId, String host, List<Integer> partitions) {}
}
