package dev.evctl.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.evctl.core.config.SecretReferences;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The shell's history: readable by its owner only, and a line that may hold a secret (a
 * password, a JAAS line, a token, a client secret) is never written to it.
 */
final class ShellHistory extends DefaultHistory {

    private static final Pattern SECRET = Pattern.compile(
            "password|passwd|secret|jaas|token|credential|api[._-]?key|user\\.info|private|bearer|keystore\\.key"
                    + "|://[^/\\s]*:[^/\\s]*@");

    /** Whether the line may be kept in the history file. */
    static boolean mayKeep(String line) {
        if (SECRET.matcher(line.toLowerCase(Locale.ROOT)).find()) {
            return false;
        }
        // and whatever else the config's own rule calls a secret (any key it treats as one, in KEY=VALUE)
        String previous = null;
        for (String word : line.trim().split("\\s+")) {
            String unquoted = word.replaceAll("^['\"]|['\"]$", "");
            if (!unquoted.equals(SecretReferences.redactArgument(previous, unquoted))) {
                return false;
            }
            previous = unquoted;
        }
        return true;
    }

    /** Creates the history file owner-only, or makes an existing one so (older versions made it 644). */
    static Path prepare(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return file;
    }

    @Override
    public void add(Instant time, String line) {
        if (mayKeep(line)) {
            super.add(time, line);
        }
    }
}
