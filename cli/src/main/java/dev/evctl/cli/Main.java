package dev.evctl.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import dev.evctl.cli.startup.Warmup;
import dev.evctl.commands.ClosedStdin;
import dev.evctl.commands.Session;
import dev.evctl.commands.VersionProvider;

/** The process entry point: sets up logging and streams, runs the command, exits with its code. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the one answer that needs no command model: building it costs about 0.2 s of reflection
            System.out.println(VersionProvider.line());
            System.exit(0);
        }
        // Two class-path scans that find nothing new: SLF4J's service lookup reads every jar's
        // META-INF/services (about 40 ms), and picocli's default factory looks for Groovy's Closure
        // class in every jar (about 36 ms). The provider is named and the Groovy support is off.
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN"); // else SLF4J says which provider it loads
        System.setProperty("picocli.disable.closures", "true");
        // A third: the JDK looks for a replacement NIO selector provider in every jar's
        // META-INF/services before it takes its own (12 ms of the main thread of `topics list`,
        // opening all 35 jars). Naming the JDK's own provider skips the lookup; on another system
        // the JDK chooses as before.
        String selector = defaultSelectorProvider(System.getProperty("os.name", ""));
        if (selector != null && System.getProperty(SELECTOR_PROVIDER) == null) {
            System.setProperty(SELECTOR_PROVIDER, selector);
        }
        Warmup.inBackground(mayUseJson(args));
        // picocli registers converters for java.time and java.sql types by reflection (16 ms, and
        // java.sql's DriverManager scans for drivers); no evctl option has such a type
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        boolean verbose = Arrays.asList(args).contains("--verbose");
        // Kafka clients log through SLF4J; silent unless --verbose. Must be set before any logger exists.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "warn" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("log4j2.level", verbose ? "WARN" : "OFF");
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        Session session = new Session(
                stdout,
                err,
                ClosedStdin.detected() ? new ClosedStdin() : System.in,
                System.getenv(),
                isTerminal(1),
                isTerminal(2),
                isTerminal(0));
        int code = Cli.run(session, args);
        try {
            session.out().flush();
            stdout.flush();
        } catch (IOException ignored) {
            // stdout closed by the reader (e.g. `| head`): nothing left to say
        }
        err.flush();
        releaseSelectorThreads();
        System.exit(code);
    }

    /**
     * Ends the selector threads of the JDK's HTTP clients (the schema registry's). Such a thread
     * waits in epoll, native code, and the JVM's exit waits up to 0.3 s for threads in native code:
     * a one-record Avro tail spent 0.33 s of its 0.8 s there. JDK 17's HttpClient has no close();
     * an interrupt ends the thread, as close() does in JDK 21.
     */
    static void releaseSelectorThreads() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        while (group.getParent() != null) {
            group = group.getParent();
        }
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads);
        for (int i = 0; i < n; i++) {
            String name = threads[i].getName();
            if (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager")) {
                threads[i].interrupt();
            }
        }
    }

    /** Commands whose text output needs no JSON library, unless {@code -o} asks for json or yaml. */
    private static final Set<String> TEXT_ONLY = Set.of("topics", "groups", "config", "sandbox", "completion", "help");

    /** Whether the command may read or write JSON: a guess from the words, for the warm-up only. */
    static boolean mayUseJson(String[] args) {
        String command = null;
        for (String arg : args) {
            if (arg.startsWith("-o") || arg.startsWith("--output")) {
                return true;
            }
            if (command == null && !arg.startsWith("-")) {
                command = arg;
            }
        }
        return command == null || !TEXT_ONLY.contains(command);
    }

    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    /** The JDK's own NIO selector provider on {@code osName} (what it falls back to), or null where unknown. */
    static String defaultSelectorProvider(String osName) {
        if (osName.equals("Linux")) {
            return "sun.nio.ch.EPollSelectorProvider";
        }
        if (osName.startsWith("Mac OS X")) {
            return "sun.nio.ch.KQueueSelectorProvider";
        }
        return null;
    }

    /** Whether the file descriptor is a terminal; {@code EVCTL_TTY=0|1} overrides for tests and odd setups. */
    static boolean isTerminal(int fd) {
        String forced = System.getenv("EVCTL_TTY");
        if (forced != null) {
            return forced.equals("1");
        }
        try {
            String target =
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
