package dev.evctl.commands;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.evctl.copy.CopyEngine;
import dev.evctl.copy.CopyPlan;
import dev.evctl.copy.CopyReport;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Runs a copy-engine plan for a command (replay, DLQ redrive): a progress bar on a terminal's
 * stderr (nothing on a pipe), and Ctrl-C stops after the current batch is committed.
 */
public final class CopyRun {

    private CopyRun() {
    }

    public static CopyReport run(Session session, CopyEngine engine, CopyPlan plan, String task) {
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
        ProgressBar bar = session.stderrTerminal() && !plan.finished() ? new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(plan.remainingRecords()).setUnit(" rec", 1).showSpeed().setUpdateIntervalMillis(250)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    session.err().print('\r' + line);
                    session.err().flush();
                })).build() : null;
        try (AutoCloseable inShell = session.onInterrupt(() -> new Thread(() -> engine.stop(Duration.ofSeconds(10))).start())) {
            return engine.run(plan, (copied, filtered) -> {
                if (bar != null) {
                    bar.stepTo(copied + filtered);
                }
            });
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } finally {
            if (bar != null) {
                bar.close();
                session.err().println();
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook waits for this run to finish its batch
            }
        }
    }
}
