package dev.evctl.commands.sandbox;

import java.nio.file.Path;

import dev.evctl.commands.Session;
import picocli.CommandLine.Option;

/** {@code --data-dir}: the sandbox every {@code sandbox} command acts on, declared once. */
public final class SandboxDir {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where topics and state live (default: $XDG_DATA_HOME/evctl/sandbox, or EVCTL_SANDBOX_DIR).")
    Path dataDir;

    /** The directory given, else EVCTL_SANDBOX_DIR, else the default; absolute. */
    Path resolve(Session session) {
        return session.sandboxDataDir(dataDir).toAbsolutePath();
    }
}
