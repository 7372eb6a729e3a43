package dev.evctl.commands.schema;

import java.util.List;

import dev.evctl.commands.Session;
import dev.evctl.schema.SchemaCheck;

/** {@code schema check}'s last lines on stderr: levels the registry overrode, and the count of each verdict. */
final class CheckSummary {

    private CheckSummary() {}

    /** {@code againstRegistryAtItsLevel}: checked against a registry without --level (its own level decides). */
    static void print(
            Session session,
            List<SchemaCheck.Target> targets,
            List<SchemaCheck.Report> reports,
            boolean againstRegistryAtItsLevel,
            boolean requireBaseline) {
        if (againstRegistryAtItsLevel) {
            // against a registry its own level decides (registration applies it): a mapping that asks for another is
            // told
            for (int i = 0; i < targets.size(); i++) {
                SchemaCheck.Target t = targets.get(i);
                SchemaCheck.Report r = reports.get(i);
                if (t.level() != null && CheckReports.notChecked(r) == null && r.level() != t.level()) {
                    session.err()
                            .println("evctl: warning: " + t.subject() + ": " + t.origin() + " asks for " + t.level()
                                    + " but the registry applies " + r.level() + " to it: checked at " + r.level());
                }
            }
        }
        long notChecked =
                reports.stream().filter(r -> CheckReports.notChecked(r) != null).count();
        long incompatible = reports.stream().filter(r -> !r.compatible()).count() - notChecked;
        long noBaseline =
                reports.stream().filter(SchemaCheck.Report::noBaseline).count();
        session.err()
                .printf(
                        "evctl: %d subject%s: %d compatible, %d incompatible%s; %d with no earlier version to "
                                + "check against%s%n",
                        reports.size(),
                        reports.size() == 1 ? "" : "s",
                        reports.size() - incompatible - notChecked,
                        incompatible,
                        notChecked == 0 ? "" : ", " + notChecked + " not checked (invalid file or no answer)",
                        noBaseline,
                        noBaseline == 0
                                ? ""
                                : requireBaseline
                                        ? " (failed: --require-baseline)"
                                        : " (passed as new; --require-baseline fails them)");
        session.err().flush();
    }
}
