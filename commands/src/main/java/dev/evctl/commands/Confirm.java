package dev.evctl.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import dev.evctl.core.EvctlException;

/** Asks before risky actions on a terminal; without one, requires {@code --yes}. */
public final class Confirm {

    private Confirm() {}

    /** Returns true to go ahead; throws a usage error when not interactive and not {@code yes}. */
    public static boolean ask(Session session, boolean yes, String question) {
        if (yes) {
            return true;
        }
        if (!session.interactive()) {
            throw EvctlException.usage(
                    question.replaceAll("\\?$", "") + ": not confirmed — pass --yes to do it without a terminal");
        }
        session.err().print(question + " [y/N] ");
        session.err().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(session.in(), StandardCharsets.UTF_8)).readLine();
            return answer != null
                    && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The step every planned command takes after printing its plan: go ahead with {@code --yes}
     * or a "y" on the terminal; otherwise say so ("not confirmed; " + {@code nothingDone}) and
     * return false, for the command to exit 2 having changed nothing.
     */
    public static boolean proceed(Session session, boolean yes, String question, String nothingDone) {
        if (ask(session, yes, question)) {
            return true;
        }
        session.err().println("evctl: not confirmed; " + nothingDone);
        session.err().flush();
        return false;
    }
}
