package dev.evctl.commands;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import dev.evctl.core.config.ConfigStore;
import dev.evctl.core.config.Dirs;

/**
 * Everything a command may touch outside itself: the streams, the environment, whether they are
 * terminals, and the global flags; the client factories ({@link #clients()}) and the Ctrl-C
 * handlers ({@link #interrupts()}) are beside it. One per invocation; tests make their own with
 * captured streams.
 */
public final class Session {

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final InputStream in;
    private final Map<String, String> env;
    private final boolean stdoutTerminal;
    private final boolean stderrTerminal;
    private final boolean stdinTerminal;
    private boolean verbose;
    private boolean stacktrace;
    private boolean noColor;
    private String context;
    private final SessionClients clients = new SessionClients(this);
    private final Interrupts interrupts = new Interrupts();

    public Session(
            OutputStream stdout,
            PrintWriter err,
            InputStream in,
            Map<String, String> env,
            boolean stdoutTerminal,
            boolean stderrTerminal,
            boolean stdinTerminal) {
        this.stdout = stdout;
        this.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        this.err = err;
        this.in = in;
        this.env = Map.copyOf(env);
        this.stdoutTerminal = stdoutTerminal;
        this.stderrTerminal = stderrTerminal;
        this.stdinTerminal = stdinTerminal;
    }

    /** Raw standard output, for data written as bytes (records). Flush {@link #out()} before using it. */
    public OutputStream stdout() {
        return stdout;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public InputStream in() {
        return in;
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean stdoutTerminal() {
        return stdoutTerminal;
    }

    public boolean stderrTerminal() {
        return stderrTerminal;
    }

    /**
     * How wide tables may be: 0 (unlimited) unless stdout is a terminal; then {@code COLUMNS} when
     * set, else what {@code stty size} says of the terminal, else 0.
     */
    public int terminalWidth() {
        if (!stdoutTerminal) {
            return 0;
        }
        String columns = env.get("COLUMNS");
        if (columns != null && columns.matches("\\d{1,4}")) {
            return Integer.parseInt(columns);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .trim()
                    .split(" ");
            return stty.waitFor() == 0 && size.length == 2 ? Integer.parseInt(size[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Shell history and undo snapshots: {@code $EVCTL_STATE_DIR}, else {@code $XDG_STATE_HOME/evctl}, else {@code
     * ~/.local/state/evctl}.
     */
    public Path stateDir() {
        return new Dirs(env).stateDir();
    }

    /** Whether questions can be asked: stdin and stderr are both terminals. */
    public boolean interactive() {
        return stdinTerminal && stderrTerminal;
    }

    /** Colour on stdout: a terminal, no {@code --no-color}, no {@code NO_COLOR}. */
    public boolean color() {
        return stdoutTerminal && !noColor && !env.containsKey("NO_COLOR");
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean stacktrace() {
        return stacktrace;
    }

    public void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }

    public void setStacktrace(boolean stacktrace) {
        this.stacktrace = stacktrace;
    }

    public void setNoColor(boolean noColor) {
        this.noColor = noColor;
    }

    public void setContext(String context) {
        this.context = context;
    }

    public String context() {
        return context;
    }

    public ConfigStore configStore() {
        return ConfigStore.fromEnvironment(env);
    }

    public Path sandboxDataDir(Path override) {
        if (override != null) {
            return override;
        }
        return new Dirs(env).sandboxDir();
    }

    /** The client factories: Kafka clients and the registry client, by the context rule. */
    public SessionClients clients() {
        return clients;
    }

    /** What Ctrl-C stops inside {@code evctl shell}. */
    public Interrupts interrupts() {
        return interrupts;
    }

    /** A diagnostic line on stderr, shown with {@code --verbose} only. */
    public void verbose(String message) {
        if (verbose) {
            err.println("evctl: " + message);
            err.flush();
        }
    }
}
