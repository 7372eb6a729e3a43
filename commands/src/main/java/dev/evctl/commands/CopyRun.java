package dev.evctl.commands;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.evctl.copy.CopyEngine;
import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;

/**
 * Runs a copy-engine plan for a command (replay, DLQ redrive): a progress bar on a terminal's
 * stderr (nothing on a pipe), and Ctrl-C stops after the current batch is committed.
 */
public final class CopyRun {

    private CopyRun() {
    }

    public static CopyReport run(Session session, CopyEngine engine, CopyPlan plan, String task) {
        return run(session, engine, plan, task, () -> { });
    }

    /** {@code afterFence}: see {@link CopyEngine#run(CopyPlan, CopyEngine.Progress, Runnable)}. */
    public static CopyReport run(Session session, CopyEngine engine, CopyPlan plan, String task, Runnable afterFence) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            engine.stop(Duration.ofSeconds(10));
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "evctl-" + task + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Progress bar = Progress.start(session, task, plan.remainingRecords(), !plan.finished());
        try (AutoCloseable inShell = session.interrupts().add(() -> new Thread(() -> engine.stop(Duration.ofSeconds(10))).start())) {
            return engine.run(plan, (copied, filtered) -> {
                bar.step(copied + filtered);
            }, afterFence);
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
