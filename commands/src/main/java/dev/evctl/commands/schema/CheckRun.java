package dev.evctl.commands.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import dev.evctl.core.EvctlException;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.SchemaCheck;

/**
 * Runs the gate's checks, one per subject, in parallel, and turns each subject's error into that
 * subject's failed report: every subject gets a result in every format, whatever happens to another.
 */
final class CheckRun {

    /** The reports in the targets' order, and the errors behind the failed ones (the worst decides the exit code). */
    record Outcome(List<SchemaCheck.Report> reports, List<EvctlException> errors) {
        /** The error that decides the exit code: a registry that cannot be reached, then invalid input, then usage. */
        java.util.Optional<EvctlException> worstError() {
            return errors.stream()
                    .filter(e -> e.kind() == EvctlException.Kind.CONNECTION)
                    .findFirst()
                    .or(() -> errors.stream()
                            .filter(e -> e.kind() == EvctlException.Kind.BAD_INPUT)
                            .findFirst())
                    .or(() -> errors.stream().findFirst());
        }
    }

    /** One subject's check; may throw the registry's or the file's error. */
    interface Check {
        SchemaCheck.Report check(SchemaCheck.Target target);
    }

    private CheckRun() {}

    /**
     * Subjects are independent: checked in parallel (16 threads measured best) over the registry client's keep-alive
     * connections; {@code seconds} receives each subject's time (JUnit's time attribute).
     */
    static Outcome run(
            List<SchemaCheck.Target> targets,
            Function<SchemaCheck.Target, CompatibilityLevel> levelOf,
            Map<String, Double> seconds,
            Check check)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, Math.max(1, targets.size())));
        List<Future<SchemaCheck.Report>> futures = new ArrayList<>();
        try {
            for (SchemaCheck.Target target : targets) {
                futures.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    try {
                        return RegistryCalls.call(() -> check.check(target));
                    } finally {
                        seconds.put(target.subject(), (System.nanoTime() - started) / 1e9);
                    }
                }));
            }
        } finally {
            pool.shutdown();
        }
        List<SchemaCheck.Report> reports = new ArrayList<>();
        List<EvctlException> errors = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            SchemaCheck.Target target = targets.get(i);
            try {
                reports.add(futures.get(i).get());
            } catch (ExecutionException wrapped) {
                Throwable e = wrapped.getCause();
                EvctlException error;
                int line = 1;
                String type;
                if (e instanceof SchemaCheck.InvalidFile invalid) {
                    error = EvctlException.badInput(invalid.getMessage());
                    line = Math.max(1, invalid.line());
                    type = "INVALID_SCHEMA";
                } else if (e instanceof IllegalArgumentException iae) {
                    error = EvctlException.usage(iae.getMessage());
                    type = "USAGE";
                } else if (e instanceof EvctlException evctl) {
                    error = evctl;
                    type = evctl.kind() == EvctlException.Kind.CONNECTION ? "REGISTRY_ERROR" : "ERROR";
                } else if (e instanceof RuntimeException re) {
                    throw re; // a bug: exit 70
                } else {
                    throw new IllegalStateException(e);
                }
                errors.add(error);
                reports.add(new SchemaCheck.Report(
                        target.subject(),
                        target.file(),
                        levelOf.apply(target),
                        false,
                        0,
                        null,
                        List.of(new SchemaCheck.Finding(
                                new Incompatibility(type, "/", 0, null, error.getMessage()), line))));
            }
        }
        return new Outcome(reports, errors);
    }
}
