package dev.evctl.commands;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.evctl.core.ControlChars;
import dev.evctl.core.ProgressListener;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.tail.TailRequest;
import dev.evctl.core.tail.TailResult;
import dev.evctl.core.tail.Tailer;

/**
 * Runs a tail for {@code tail}: a progress bar when the records go elsewhere than the terminal,
 * and Ctrl-C (or the JVM told to end) stops the read and lets the summary print ({@code done}).
 */
final class TailRun {

    private TailRun() {}

    static TailResult run(Session session, KafkaOptions kafka, TailRequest request, CountDownLatch done) {
        TailResult result;
        Progress[] bar = {null};
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            Tailer tailer = new Tailer(clients, line -> {
                        session.err().println("evctl: " + ControlChars.escapeLine(line));
                        session.err().flush();
                    })
                    .withProgress(new ProgressListener() {
                        @Override
                        public void expect(long total) {
                            // only when the records go elsewhere than the terminal the bar is drawn on
                            bar[0] = Progress.start(
                                    session, "tail", total, !session.stdoutTerminal() && total >= 100_000);
                        }

                        @Override
                        public void done(long records) {
                            bar[0].step(records);
                        }
                    });
            Thread hook = new Thread(
                    () -> {
                        tailer.stop(Duration.ofSeconds(5));
                        awaitQuietly(done);
                    },
                    "evctl-tail-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (AutoCloseable inShell = session.interrupts().add(() -> tailer.stop(Duration.ZERO))) {
                result = tailer.tail(request, session.stdout());
            } catch (Exception e) {
                throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
            } finally {
                removeQuietly(hook);
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
        }
        return result;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for the summary above
        }
    }
}
