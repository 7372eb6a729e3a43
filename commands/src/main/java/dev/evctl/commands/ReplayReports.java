package dev.evctl.commands;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.copy.JobStatus;
import dev.evctl.copy.PartitionState;

/** What {@code replay} and {@code replay status} print as text: the plan, the report after a run, a job's status. */
final class ReplayReports {

    private ReplayReports() {}

    /** The plan on stderr: the job line, a table of ranges per partition, the total and the notes. */
    static void plan(PrintWriter err, CopyPlan plan, List<String> notes, String mode, String mapping) {
        String state = !plan.resumed()
                ? plan.finished() ? "new, nothing to copy" : "new"
                : plan.finished() ? "finished" : "resuming";
        err.printf(
                "replay %s → %s  job %s (%s)  %s, partition mapping %s%n",
                plan.job().sourceTopic(), plan.targetTopic(), plan.job().id(), state, mode, mapping);
        Table table = new Table(
                Table.Column.right("PARTITION"),
                Table.Column.right("FROM"),
                Table.Column.right("TO (excl.)"),
                Table.Column.right("NEXT"),
                Table.Column.right("LEFT"),
                Table.Column.right("BYTES~"));
        for (CopyPlan.Partition p : plan.partitions()) {
            PartitionState s = p.state();
            table.row(s.partition(), s.start(), s.end(), s.next(), p.left(), bytes(p.bytes()));
        }
        table.print(err, 0);
        long left = plan.remainingRecords();
        err.printf(
                "total: %s%d record%s left, ~%s%n",
                plan.counted() ? "" : "up to ", left, left == 1 ? "" : "s", bytes(plan.remainingBytes()));
        if (!plan.counted() && left > 0) {
            err.println("note: counted in offsets: transaction markers and compacted records take offsets but are not"
                    + " copied (--from -N counts records)");
        }
        notes.forEach(n -> err.println("note: " + n));
        err.flush();
    }

    /** After a run, as text: copied and filtered per partition, then the job's line. */
    static void report(PrintWriter err, CopyPlan plan, CopyReport report, boolean table, String by) {
        if (table) {
            Table t = new Table(
                    Table.Column.right("PARTITION"), Table.Column.right("COPIED"), Table.Column.right("FILTERED"));
            for (PartitionState s : report.partitions()) {
                t.row(s.partition(), s.copied(), s.filtered());
            }
            t.print(err, 0);
            if (report.logAppendTimeSeen()) {
                err.println("note: source records with LogAppendTime were written with that time as CreateTime");
            }
        }
        double seconds = report.elapsed().toMillis() / 1000.0;
        err.printf(
                "evctl: job %s %s: %d copied (%d this run%s), %d filtered out, %.1f s%s%n",
                plan.job().id(),
                report.complete() ? "complete" : "stopped before the end — re-run the same command to resume",
                report.copied(),
                report.copiedThisRun(),
                by,
                report.filtered(),
                seconds,
                report.recoveries() > 0
                        ? ", recovered from " + report.recoveries() + " error" + (report.recoveries() == 1 ? "" : "s")
                        : "");
        err.flush();
    }

    /** {@code replay status} as text, on stdout. */
    static void status(PrintWriter out, JobStatus s) {
        out.printf(
                "job %s  %s  group %s (%s, %d worker%s)%n",
                s.jobId(),
                s.definition() == null
                        ? s.sourceTopic() + " (a single-process run: no workers)"
                        : s.definition().describe(),
                s.groupId(),
                s.state(),
                s.members().size(),
                s.members().size() == 1 ? "" : "s");
        Table table = new Table(
                Table.Column.right("PARTITION"),
                Table.Column.right("FROM"),
                Table.Column.right("TO (excl.)"),
                Table.Column.right("NEXT"),
                Table.Column.right("LEFT"),
                Table.Column.right("COPIED"),
                Table.Column.right("FILTERED"),
                Table.Column.left("HELD BY"),
                Table.Column.left("COMMITTED"));
        for (JobStatus.Partition p : s.partitions()) {
            PartitionState st = p.progress();
            table.row(
                    st.partition(),
                    st.start(),
                    st.end(),
                    st.next(),
                    st.remaining(),
                    st.copied(),
                    st.filtered(),
                    p.holder() == null ? "-" : p.holder(),
                    p.committedAt() == 0
                            ? "-"
                            : Instant.ofEpochMilli(p.committedAt()).toString());
        }
        table.print(out, 0);
        out.printf(
                "%s: %d copied, %d filtered out, %d left%s%n",
                s.done() ? "complete" : "running or stopped",
                s.copied(),
                s.filtered(),
                s.remaining(),
                s.rate() <= 0
                        ? ""
                        : String.format(
                                ", %.0f records/s since planned%s",
                                s.rate(),
                                s.eta() == null ? "" : ", about " + s.eta().toSeconds() + " s left at that rate"));
        for (JobStatus.Member m : s.members()) {
            out.printf(
                    "worker %s (%s%s) holds %s%n",
                    m.memberId(),
                    m.clientId(),
                    m.host(),
                    m.partitions().isEmpty() ? "nothing" : "partitions " + m.partitions());
        }
        out.flush();
    }

    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        return String.format("%.1f MiB", n / (1024.0 * 1024));
    }
}
