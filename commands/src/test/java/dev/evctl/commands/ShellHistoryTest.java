package dev.evctl.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's history file is the owner's alone and holds no secret. */
class ShellHistoryTest {

    @TempDir
    Path dir;

    @Test
    void linesWithSecretsAreNotKeptAndTheFileIsOwnerOnly() throws Exception {
        Path file = dir.resolve("state").resolve("history");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // as older versions left it
        ShellHistory.prepare(file);
        try (Terminal terminal = TerminalBuilder.builder()
                .dumb(true)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .build()) {
            ShellHistory history = new ShellHistory();
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .variable(LineReader.HISTORY_FILE, file)
                    .history(history)
                    .build();
            history.attach(reader);
            history.add("topics list");
            history.add(
                    "publish t --value x -X 'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                            + " required username=\"u\" password=\"hunter2\";'");
            history.add("config set-context prod --registry-url https://u:hunter2@registry:8081");
            history.add("schema list --registry-property basic.auth.user.info=ci:hunter2");
            history.add("schema list --registry-property 'basic.auth.user.info=ci:hunter2'");
            history.add("tail orders -X ssl.keystore.key=hunter2");
            history.add("tail orders --from -5");
            history.save();
        }
        String kept = Files.readString(file);
        assertTrue(kept.contains("topics list") && kept.contains("tail orders --from -5"), kept);
        assertFalse(kept.contains("hunter2"), kept);
        assertFalse(ShellHistory.mayKeep("tail t -X sasl.oauthbearer.client.credentials.client.secret=s3cr3t"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
