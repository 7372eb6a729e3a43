package dev.evctl.commands;

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

    private ExitCodes() {
    }
}
