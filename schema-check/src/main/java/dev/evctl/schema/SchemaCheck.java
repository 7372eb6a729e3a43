package dev.evctl.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/** Checks schema files against their earlier versions and says, for each reason, where it is. */
public final class SchemaCheck {

    /** One subject's schema file to check. */
    public record Target(String subject, Path file) {
    }

    /** A reason with the line of the new file it points at. */
    public record Finding(Incompatibility incompatibility, int line) {
    }

    /** The outcome for one subject; {@code note} explains a pass without a check (a new subject). */
    public record Report(String subject, Path file, CompatibilityLevel level, boolean compatible, int versionsChecked,
                         String note, List<Finding> findings) {
        public Report {
            findings = List.copyOf(findings);
        }
    }

    /** A schema file that is not a valid schema, with the line to look at. */
    public static final class InvalidFile extends RuntimeException {
        private final Path file;
        private final int line;

        InvalidFile(Path file, int line, String message) {
            super(file + ":" + line + ": " + message);
            this.file = file;
            this.line = line;
        }

        public Path file() {
            return file;
        }

        public int line() {
            return line;
        }
    }

    private final SchemaHistory history;
    private final CompatibilityChecker checker = new CompatibilityChecker();

    public SchemaCheck(SchemaHistory history) {
        this.history = history;
    }

    public Report check(Target target, CompatibilityLevel level) {
        String text = read(target.file());
        Schema candidate = parse(target.file(), text);
        List<Schema> earlier = new ArrayList<>();
        for (String old : history.versions(target.file())) {
            try {
                earlier.add(AvroSchemas.parse(old));
            } catch (InvalidSchemaException e) {
                // an invalid old version could never have been registered: it is not part of the history
            }
        }
        List<CompatibilityChecker.Version> versions = CompatibilityChecker.versions(earlier);
        if (versions.isEmpty()) {
            return new Report(target.subject(), target.file(), level, true, 0, "new subject: no earlier version to check against",
                    List.of());
        }
        CompatibilityResult result = checker.check(candidate, versions, level);
        JsonLines lines = JsonLines.of(text);
        List<Finding> findings = result.incompatibilities().stream().map(i -> new Finding(i, lines.line(i.path()))).toList();
        int checked = level == CompatibilityLevel.NONE ? 0 : level.transitive() ? versions.size() : 1;
        return new Report(target.subject(), target.file(), level, result.compatible(), checked, null, findings);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidFile(file, 0, "no such file");
        } catch (IOException e) {
            throw new InvalidFile(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private static Schema parse(Path file, String text) {
        try {
            new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new InvalidFile(file, line, "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        try {
            return AvroSchemas.parse(text);
        } catch (InvalidSchemaException e) {
            throw new InvalidFile(file, 1, e.getMessage());
        }
    }
}
