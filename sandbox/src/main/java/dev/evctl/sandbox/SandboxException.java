package dev.evctl.sandbox;

/** A sandbox operation failed for a reason an operator can act on; the message is one line. */
public class SandboxException extends RuntimeException {

    /** Why it failed, so the CLI can pick the exit code. */
    public enum Reason {
        PORT_IN_USE,
        NOT_RUNNING,
        START_FAILED,
        IO
    }

    private final Reason reason;

    public SandboxException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SandboxException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
