package dev.evctl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Where evctl's files go: its own variable, else the XDG base directory, else under $HOME; a blank variable is unset.
 */
class DirsTest {

    @Test
    void homeDefaults() {
        Dirs d = new Dirs(Map.of("HOME", "/home/ana"));
        assertEquals(Path.of("/home/ana/.config/evctl/config.yaml"), d.configFile());
        assertEquals(Path.of("/home/ana/.local/share/evctl/sandbox"), d.sandboxDir());
        assertEquals(Path.of("/home/ana/.local/state/evctl"), d.stateDir());
    }

    @Test
    void xdgDirectoriesThenEvctlsOwnVariablesWin() {
        Dirs xdg = new Dirs(Map.of(
                "HOME", "/home/ana", "XDG_CONFIG_HOME", "/x/c", "XDG_DATA_HOME", "/x/d", "XDG_STATE_HOME", "/x/s"));
        assertEquals(Path.of("/x/c/evctl/config.yaml"), xdg.configFile());
        assertEquals(Path.of("/x/d/evctl/sandbox"), xdg.sandboxDir());
        assertEquals(Path.of("/x/s/evctl"), xdg.stateDir());
        Dirs own = new Dirs(Map.of(
                "HOME",
                "/home/ana",
                "XDG_CONFIG_HOME",
                "/x/c",
                "EVCTL_CONFIG",
                "/etc/evctl.yaml",
                "EVCTL_SANDBOX_DIR",
                "/srv/sb",
                "EVCTL_STATE_DIR",
                "/var/evctl"));
        assertEquals(Path.of("/etc/evctl.yaml"), own.configFile());
        assertEquals(Path.of("/srv/sb"), own.sandboxDir());
        assertEquals(Path.of("/var/evctl"), own.stateDir());
    }

    @Test
    void blankVariablesAreUnset() {
        Dirs d = new Dirs(
                Map.of("HOME", "/home/ana", "XDG_STATE_HOME", " ", "EVCTL_SANDBOX_DIR", "", "EVCTL_CONFIG", ""));
        assertEquals(Path.of("/home/ana/.local/state/evctl"), d.stateDir());
        assertEquals(Path.of("/home/ana/.local/share/evctl/sandbox"), d.sandboxDir());
        assertEquals(Path.of("/home/ana/.config/evctl/config.yaml"), d.configFile());
    }
}
