package dev.evctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.evctl.core.EvctlException;

/**
 * Standard input when the process was started with it closed ({@code evctl publish T <&-}, some
 * cron and daemon set-ups). The JVM then reuses file descriptor 0 for a file of its own (the
 * JDK's {@code lib/modules}), and reading "stdin" would publish that file; this stream refuses
 * every read instead, before anything is sent.
 */
public final class ClosedStdin extends InputStream {

    private static EvctlException closed() {
        return EvctlException.badInput("stdin is closed — pass --file FILE or --value, or pipe the records in");
    }

    /**
     * Whether fd 0 was closed at start: the launcher says so ({@code -Devctl.stdin=closed}, it
     * then gives the JVM /dev/null); without the launcher, fd 0 pointing into the JDK's own
     * directory can only be the JVM's reuse of a closed descriptor.
     */
    public static boolean detected() {
        if ("closed".equals(System.getProperty("evctl.stdin"))) {
            return true;
        }
        try {
            Path fd0 = Path.of("/proc/self/fd/0");
            if (!Files.isSymbolicLink(fd0)) {
                return false;
            }
            Path target = Files.readSymbolicLink(fd0);
            return target.isAbsolute()
                    && target.startsWith(
                            Path.of(System.getProperty("java.home")).toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public int read() {
        throw closed();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        throw closed();
    }

    @Override
    public int available() {
        return 0;
    }
}
