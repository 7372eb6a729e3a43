package dev.evctl.commands;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar with rate and ETA on stderr when stderr is a terminal; nothing otherwise (the
 * progressbar library draws it). {@link #step} and {@link #close} are safe on the absent bar.
 */
public final class Progress implements AutoCloseable {

    private final Session session;
    private final ProgressBar bar;

    private Progress(Session session, ProgressBar bar) {
        this.session = session;
        this.bar = bar;
    }

    /**
     * @param total records expected, or -1 when unknown (the bar then shows the count and rate)
     * @param show  a further condition (e.g. stdout is not the same terminal)
     */
    public static Progress start(Session session, String task, long total, boolean show) {
        if (!session.stderrTerminal() || !show) {
            return new Progress(session, null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" rec", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    session.err().print('\r' + line);
                    session.err().flush();
                }))
                .build();
        return new Progress(session, bar);
    }

    /** Records done so far. */
    public void step(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            session.err().println();
            session.err().flush();
        }
    }
}
