package dev.evctl.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.evctl.core.EvctlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path dir;

    @Test
    void savesAndLoadsContextsOwnerReadableOnly() throws Exception {
        ConfigStore store = new ConfigStore(dir.resolve("evctl/config.yaml"));
        assertEquals(Config.empty(), store.load());
        store.save(Config.empty()
                .withContext("prod", ContextConfig.of("k1:9092", Map.of("security.protocol", "SSL")))
                .withCurrentContext("prod"));
        Config loaded = store.load();
        assertEquals("prod", loaded.currentContext());
        assertEquals("SSL", loaded.context("prod").orElseThrow().properties().get("security.protocol"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    }

    @Test
    void malformedYamlNamesFileAndLine() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "current-context: a\ncontexts:\n  a:\n    bootstrap-servers: [unclosed\n");
        EvctlException e = assertThrows(EvctlException.class, () -> new ConfigStore(file).load());
        assertEquals(EvctlException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("malformed config file " + file + ":"), e.getMessage());
    }

    @Test
    void unknownKeysAreReportedByName() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "contexts:\n  a:\n    bootstrap: x:9092\n");
        EvctlException e = assertThrows(EvctlException.class, () -> new ConfigStore(file).load());
        assertTrue(e.getMessage().endsWith("unknown key 'contexts.a.bootstrap'"), e.getMessage());
    }

    @Test
    void valuesAreKeptAsWrittenAndBadShapesNameKeyAndLine() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(
                file,
                "contexts:\n  a:\n    bootstrap-servers: k:9092\n    properties:\n      ssl.key.password: 0755\n"
                        + "      enable.idempotence: yes\n      linger.ms: 5\n");
        Map<String, String> p =
                new ConfigStore(file).load().context("a").orElseThrow().properties();
        assertEquals(Map.of("ssl.key.password", "0755", "enable.idempotence", "yes", "linger.ms", "5"), p);

        Files.writeString(file, "current-context: a\ncontexts:\n  a:\n    bootstrap-servers: [k1, k2]\n");
        EvctlException e = assertThrows(EvctlException.class, () -> new ConfigStore(file).load());
        assertEquals(
                "malformed config file " + file + ":4: 'contexts.a.bootstrap-servers' must be a single value",
                e.getMessage());
        Files.writeString(file, "contexts: [a, b]\n");
        e = assertThrows(EvctlException.class, () -> new ConfigStore(file).load());
        assertEquals(
                "malformed config file " + file + ":1: 'contexts' must be a mapping of keys to values", e.getMessage());
    }

    @Test
    void aFileChangedByAnotherProcessIsReadAgain() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "current-context: a\n");
        ConfigStore store = new ConfigStore(file);
        assertEquals("a", store.load().currentContext());
        Files.writeString(file, "current-context: bb\n");
        assertEquals("bb", store.load().currentContext());
        Files.delete(file);
        assertEquals(Config.empty(), store.load());
    }

    @Test
    void locationFollowsEvctlConfigThenXdg() {
        assertEquals(
                Path.of("/x/c.yaml"),
                ConfigStore.fromEnvironment(Map.of("EVCTL_CONFIG", "/x/c.yaml")).file());
        assertEquals(
                Path.of("/xdg/evctl/config.yaml"),
                ConfigStore.fromEnvironment(Map.of("XDG_CONFIG_HOME", "/xdg")).file());
        // $HOME as the shell has it, not Java's user.home (the password file's)
        assertEquals(
                Path.of("/home/op/.config/evctl/config.yaml"),
                ConfigStore.fromEnvironment(Map.of("HOME", "/home/op")).file());
    }
}
