package dev.evctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.evctl.core.EvctlException.Kind;

/** The process exit codes, listed in {@code --help} and the README. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int CHECK_FAILED = Kind.CHECK_FAILED.exitCode();
    public static final int USAGE = Kind.USAGE.exitCode();
    public static final int CONNECTION = Kind.CONNECTION.exitCode();
    public static final int BAD_INPUT = Kind.BAD_INPUT.exitCode();
    public static final int PARTIAL = Kind.PARTIAL.exitCode();
    public static final int NOT_FOUND = Kind.NOT_FOUND.exitCode();
    public static final int INTERNAL = 70;
    public static final int INTERRUPTED = 130;

    /**
     * Every exit code with what it means: the one list {@code --help} prints (set on the root
     * command by {@link Commands}) and the man page and the README's table must match
     * ({@code ExitCodesTest}).
     */
    public enum Code {
        OK(0, "ok", "ok"),
        CHECK_FAILED(
                ExitCodes.CHECK_FAILED,
                "a check failed: incompatible schema, records left, no trace hop, dups",
                "a check failed (incompatible schema, records left unprocessed), `trace` found no hop, or `dups` found a"
                        + " duplicate id"),
        USAGE(
                ExitCodes.USAGE,
                "usage: wrong or conflicting options, unconfirmed risky action",
                "usage: wrong or conflicting options, unconfirmed risky action, port in use"),
        CONNECTION(
                ExitCodes.CONNECTION,
                "cannot connect, or authentication failed",
                "cannot connect, or authentication failed"),
        BAD_INPUT(
                ExitCodes.BAD_INPUT,
                "bad input data (file line, config file); nothing was sent",
                "bad input data (a file line, the config file); nothing was sent"),
        PARTIAL(
                ExitCodes.PARTIAL,
                "partial failure: some work done, the message says how much",
                "partial or not now: the message says how much was done; re-running finishes it "
                        + "(`--skip-invalid`, a replay stopped"
                        + " before its end, a group reset refused while the group has members)"),
        NOT_FOUND(
                ExitCodes.NOT_FOUND,
                "not found: topic, partition or context does not exist",
                "not found: topic, partition, context, or no running sandbox (`sandbox status`)"),
        INTERNAL(
                ExitCodes.INTERNAL,
                "internal error (a bug: run with --stacktrace and report it)",
                "internal error: a bug; rerun with `--stacktrace`"),
        INTERRUPTED(
                ExitCodes.INTERRUPTED,
                "interrupted (Ctrl-C)",
                "interrupted (Ctrl-C); `publish` first says how many records the broker acknowledged");

        public final int code;
        /** One line for --help and the man page. */
        public final String help;
        /** The README's wording. */
        public final String readme;

        Code(int code, String help, String readme) {
            this.code = code;
            this.help = help;
            this.readme = readme;
        }
    }

    /** The list for picocli's usage message: code (right-aligned to two digits) to meaning. */
    public static Map<String, String> forHelp() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Code c : Code.values()) {
            out.put(c.code < 10 ? " " + c.code : Integer.toString(c.code), c.help);
        }
        return out;
    }

    private ExitCodes() {}
}
