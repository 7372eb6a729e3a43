package dev.evctl.core.config;

import java.util.Map;

/**
 * Which context applies — one rule for the Kafka connection, the registry, {@code doctor} and
 * {@code shell}: {@code --context}, else {@code EVCTL_CONTEXT} (a blank value is unset), else the
 * current context — unless {@code -b} names a cluster without {@code --context}: then no context
 * applies at all (neither its properties nor its registry).
 */
public final class ContextRule {

    private ContextRule() {}

    /** The context's name, or null for none. */
    public static String choose(String flag, Map<String, String> env, Config config, boolean bootstrapGiven) {
        String named = named(flag, env);
        if (named != null) {
            return named;
        }
        return bootstrapGiven ? null : config.currentContext();
    }

    /** The context named by the flag or EVCTL_CONTEXT (one that must exist), or null when neither names one. */
    public static String named(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String fromEnv = env.get("EVCTL_CONTEXT");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : null;
    }
}
