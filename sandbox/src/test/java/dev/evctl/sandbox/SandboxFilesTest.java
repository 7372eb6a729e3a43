package dev.evctl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's files that hold secrets (the keystore, its password, the broker's properties naming it) are the
 * owner's alone.
 */
@Tag("integration")
class SandboxFilesTest {

    @Test
    void filesWithSecretsAreOwnerOnly() throws Exception {
        EmbeddedKafka.SecureListener secure = SharedBroker.get().secureListener();
        Path secureDir = secure.passwordFile().getParent();
        Path dataDir = secureDir.getParent();
        for (Path f : new Path[] {
            dataDir.resolve("server.properties"),
            secureDir.resolve("broker.p12"),
            secureDir.resolve("keystore-password"),
            secure.passwordFile()
        }) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }
}
