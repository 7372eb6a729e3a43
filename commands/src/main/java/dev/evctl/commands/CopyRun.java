package dev.evctl.commands;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.evctl.copy.CopyEngine;
import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import dev.evctl.copy.JobDefinition;
import dev.evctl.copy.JobWorkers;

/**
 * Runs a copy-engine plan for a command (replay, DLQ redrive): a progress bar on a terminal's
 * stderr (nothing on a pipe), and Ctrl-C stops after the current batch is committed.
 */
public final class CopyRun {

    private CopyRun() {}

    public static CopyReport run(Session session, CopyEngine engine, CopyPlan plan, String task) {
        return run(session, engine, plan, task, () -> {});
    }

    /** {@code afterFence}: see {@link CopyEngine#run(CopyPlan, CopyEngine.Progress, Runnable)}. */
    public static CopyReport run(Session session, CopyEngine engine, CopyPlan plan, String task, Runnable afterFence) {
        return run(session, engine::stop, plan, task, progress -> engine.run(plan, progress, afterFence));
    }

    /** A replay job's workers in this process ({@code --join}, {@code --parallel}). */
    public static CopyReport run(
            Session session, JobWorkers workers, CopyPlan plan, JobDefinition definition, int count) {
        return run(session, workers::stop, plan, "replay", progress -> workers.run(plan, definition, count, progress));
    }

    /**
     * Runs {@code body} with a progress bar on a terminal; Ctrl-C, or the JVM told to end, calls
     * {@code stop}, which commits the current batch and ends the run.
     */
    private static CopyReport run(
            Session session,
            Consumer<Duration> stop,
            CopyPlan plan,
            String task,
            Function<CopyEngine.Progress, CopyReport> body) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.accept(Duration.ofSeconds(10));
                    try {
                        done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "evctl-" + task + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Progress bar = Progress.start(session, task, plan.remainingRecords(), !plan.finished());
        try (AutoCloseable inShell =
                session.interrupts().add(() -> new Thread(() -> stop.accept(Duration.ofSeconds(10))).start())) {
            return body.apply((copied, filtered) -> bar.step(copied + filtered));
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } finally {
            bar.close();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook waits for this run to finish its batch
            }
        }
    }
}
