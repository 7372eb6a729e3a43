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

    /**
     * Checks against the subject's versions in a registry, evaluated locally at the subject's
     * level (its own, else the global one) unless {@code levelOverride} is given. A subject the
     * registry does not know passes with a note.
     */
    public static Report checkAgainstRegistry(Target target, dev.evctl.schema.registry.RegistryClient registry,
                                              CompatibilityLevel levelOverride) {
        String text = read(target.file());
        Schema candidate = parse(target.file(), text);
        CompatibilityLevel level;
        List<CompatibilityChecker.Version> earlier = new ArrayList<>();
        try {
            level = levelOverride != null ? levelOverride : CompatibilityLevel.parse(registry.compatibilityLevel(target.subject()));
            if (level == CompatibilityLevel.NONE) {
                return new Report(target.subject(), target.file(), level, true, 0, null, List.of());
            }
            if (level.transitive()) {
                for (int v : registry.versions(target.subject(), false)) {
                    earlier.add(new CompatibilityChecker.Version(v,
                            AvroSchemas.parse(registry.version(target.subject(), Integer.toString(v)).schema())));
                }
            } else {
                var latest = registry.version(target.subject(), "latest");
                earlier.add(new CompatibilityChecker.Version(latest.version(), AvroSchemas.parse(latest.schema())));
            }
        } catch (dev.evctl.schema.registry.RegistryException e) {
            if (e.errorCode() == 40401) {
                CompatibilityLevel shown = levelOverride != null ? levelOverride : CompatibilityLevel.parse(registry.compatibilityLevel(null));
                return new Report(target.subject(), target.file(), shown, true, 0,
                        "new subject: the registry has no version of it yet", List.of());
            }
            throw e;
        }
        // the registry's own version numbers: after deletes they need not be 1..n
        CompatibilityResult result = new CompatibilityChecker().check(candidate, earlier, level);
        JsonLines lines = JsonLines.of(text);
        return new Report(target.subject(), target.file(), level, result.compatible(), earlier.size(), null,
                result.incompatibilities().stream().map(i -> new Finding(i, lines.line(i.path()))).toList());
    }

    /**
     * Lets the registry decide through its compatibility endpoint (verbose), and turns its
     * reasons into findings. The level is the subject's, as the registry applies it.
     */
    public static Report checkRemote(Target target, dev.evctl.schema.registry.RegistryClient registry) {
        String text = read(target.file());
        parse(target.file(), text);
        CompatibilityLevel level = CompatibilityLevel.parse(registry.compatibilityLevel(target.subject()));
        dev.evctl.schema.registry.RegistryClient.Verdict verdict;
        try {
            verdict = registry.testCompatibility(target.subject(), null, text, List.of(), true);
        } catch (dev.evctl.schema.registry.RegistryException e) {
            if (e.errorCode() == 40401) {
                return new Report(target.subject(), target.file(), level, true, 0, "new subject: the registry has no version of it yet",
                        List.of());
            }
            throw e;
        }
        JsonLines lines = JsonLines.of(text);
        List<Finding> findings = RegistryMessages.parse(verdict.messages()).stream()
                .map(i -> new Finding(i, lines.line(i.path()))).toList();
        return new Report(target.subject(), target.file(), level, verdict.compatible(), -1, null, findings);
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
