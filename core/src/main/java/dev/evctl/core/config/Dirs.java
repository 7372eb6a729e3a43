package dev.evctl.core.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where evctl keeps its files, by the XDG base directory rules, each overridable by its own
 * variable: the config ({@code EVCTL_CONFIG}, else {@code $XDG_CONFIG_HOME/evctl/config.yaml},
 * else {@code ~/.config/evctl/config.yaml}), data — the sandbox ({@code EVCTL_SANDBOX_DIR}, else
 * {@code $XDG_DATA_HOME/evctl/sandbox}, else {@code ~/.local/share/evctl/sandbox}) — and state:
 * shell history and undo snapshots ({@code EVCTL_STATE_DIR}, else {@code $XDG_STATE_HOME/evctl},
 * else {@code ~/.local/state/evctl}). Blank variables are unset. (The launcher's class-data
 * archive goes to {@code $XDG_CACHE_HOME/evctl}, decided in the launcher script.)
 */
public final class Dirs {

    private final Map<String, String> env;

    public Dirs(Map<String, String> env) {
        this.env = env;
    }

    public Path configFile() {
        String explicit = value("EVCTL_CONFIG");
        return explicit != null
                ? Path.of(explicit)
                : xdg("XDG_CONFIG_HOME", ".config").resolve("evctl").resolve("config.yaml");
    }

    public Path sandboxDir() {
        String explicit = value("EVCTL_SANDBOX_DIR");
        return explicit != null
                ? Path.of(explicit)
                : xdg("XDG_DATA_HOME", ".local/share").resolve("evctl").resolve("sandbox");
    }

    public Path stateDir() {
        String explicit = value("EVCTL_STATE_DIR");
        return explicit != null
                ? Path.of(explicit)
                : xdg("XDG_STATE_HOME", ".local/state").resolve("evctl");
    }

    /**
     * {@code $HOME} as the shell has it (Java's user.home is the password file's, which `HOME=… evctl` does not
     * change).
     */
    public Path home() {
        String home = value("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    private Path xdg(String variable, String underHome) {
        String base = value(variable);
        return base != null ? Path.of(base) : home().resolve(underHome);
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }
}
