package dev.evctl.core;

/**
 * A failure an operator can act on. The message is one line saying what failed and where; the
 * kind decides the process exit code.
 */
public class EvctlException extends RuntimeException {

    /** The classes of failure a script can branch on; each has its own exit code. */
    public enum Kind {
        /** A check ran and its answer was no (incompatible schema, records left unprocessed). */
        CHECK_FAILED(1),
        /** Wrong or conflicting options, unknown values. */
        USAGE(2),
        /** Cannot connect, or authentication failed. */
        CONNECTION(3),
        /** Input data is invalid (a file, a line, a config file). */
        BAD_INPUT(4),
        /** Some of the work was done and some was not; the message says which. */
        PARTIAL(5),
        /** A named thing (topic, context, group) does not exist. */
        NOT_FOUND(6);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public EvctlException(Kind kind, String message) {
        this(kind, message, null);
    }

    public EvctlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static EvctlException usage(String message) {
        return new EvctlException(Kind.USAGE, message);
    }

    public static EvctlException badInput(String message) {
        return new EvctlException(Kind.BAD_INPUT, message);
    }

    public static EvctlException connection(String message) {
        return new EvctlException(Kind.CONNECTION, message);
    }

    public static EvctlException notFound(String message) {
        return new EvctlException(Kind.NOT_FOUND, message);
    }
}
