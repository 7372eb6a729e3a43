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
        store.save(Config.empty().withContext("prod", ContextConfig.of("k1:9092", Map.of("security.protocol", "SSL")))
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
    void locationFollowsEvctlConfigThenXdg() {
        assertEquals(Path.of("/x/c.yaml"), ConfigStore.fromEnvironment(Map.of("EVCTL_CONFIG", "/x/c.yaml")).file());
        assertEquals(Path.of("/xdg/evctl/config.yaml"), ConfigStore.fromEnvironment(Map.of("XDG_CONFIG_HOME", "/xdg")).file());
    }
}
