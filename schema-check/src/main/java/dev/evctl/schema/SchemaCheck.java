package dev.evctl.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.registry.RegistryClient;
import org.apache.avro.Schema;

/** Checks schema files against their earlier versions and says, for each reason, where it is. */
public final class SchemaCheck {

    /** One subject's schema file to check, with the named types it takes from other schemas. */
    public record Target(String subject, Path file, List<Reference> references, String origin, CompatibilityLevel level) {
        /**
         * @param origin where the target was declared ("evctl-schemas.yaml:7 (schemas[2])"), null for a -f file
         * @param level  the level the mapping file asks for, null for none
         */
        public Target {
            references = List.copyOf(references);
        }

        public Target(String subject, Path file, List<Reference> references) {
            this(subject, file, references, null, null);
        }

        public Target(String subject, Path file) {
            this(subject, file, List.of());
        }
    }

    /**
     * A named type the schema uses from another schema: from a local {@code file} (offline checks,
     * and before the registry has it), else from {@code version} of {@code subject} in the
     * registry (null: the latest).
     */
    public record Reference(String name, String subject, Integer version, Path file) {
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

        /** Whether there was no earlier version to check against (a new subject, or a baseline that was not found). */
        public boolean noBaseline() {
            return note != null && note.startsWith("new subject");
        }
    }

    /** A schema file that is not a valid schema, with the line to look at. */
    public static final class InvalidFile extends RuntimeException {
        private final Path file;
        private final int line;

        InvalidFile(Path file, int line, String message) {
            super(file + (line > 0 ? ":" + line : "") + ": " + message);
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
        String text = readTarget(target);
        List<String> referenced = new ArrayList<>();
        for (Reference r : target.references()) {
            if (r.file() == null) {
                throw new IllegalArgumentException(target.file() + ": reference " + r.name()
                        + " needs a 'file' for an offline check (it names only a registry subject)");
            }
            String refText = read(r.file());
            parse(r.file(), refText, referenced);
            referenced.add(refText);
        }
        Schema candidate = parse(target.file(), text, referenced);
        List<Schema> earlier = new ArrayList<>();
        java.util.Map<String, String> textOf = new java.util.HashMap<>(); // canonical form -> the first text with it
        for (String old : history.versions(target.file())) {
            try {
                // earlier versions are read with today's referenced files
                Schema parsed = AvroSchemas.parse(old, referenced).schema();
                earlier.add(parsed);
                textOf.putIfAbsent(AvroSchemas.canonical(parsed), old);
            } catch (InvalidSchemaException e) {
                // an invalid old version could never have been registered: it is not part of the history
            }
        }
        List<CompatibilityChecker.Version> versions = CompatibilityChecker.versions(earlier);
        if (versions.isEmpty()) {
            return new Report(target.subject(), target.file(), level, true, 0, "new subject: no earlier version to check against",
                    List.of());
        }
        CompatibilityResult result = checker.checkEvery(candidate, versions, level);
        JsonLines lines = JsonLines.of(text);
        java.util.Map<Integer, String> oldTexts = new java.util.HashMap<>();
        versions.forEach(v -> oldTexts.put(v.version(), textOf.get(AvroSchemas.canonical(v.schema()))));
        List<Finding> findings = result.incompatibilities().stream()
                .map(i -> finding(i, text, lines, oldTexts.get(i.oldVersion()))).toList();
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
        String text = readTarget(target);
        CompatibilityLevel level;
        List<CompatibilityChecker.Version> earlier = new ArrayList<>();
        java.util.Map<Integer, String> oldTexts = new java.util.HashMap<>();
        Schema candidate = parse(target.file(), text, referencedTexts(target, registry));
        try {
            level = levelOverride != null ? levelOverride : CompatibilityLevel.parse(registry.compatibilityLevel(target.subject()));
            if (level == CompatibilityLevel.NONE) {
                return new Report(target.subject(), target.file(), level, true, 0, null, List.of());
            }
            if (level.transitive()) {
                for (int v : registry.versions(target.subject(), false)) {
                    var version = registry.version(target.subject(), Integer.toString(v));
                    earlier.add(new CompatibilityChecker.Version(v, parse(registry, version)));
                    oldTexts.put(v, version.schema());
                }
            } else {
                var latest = registry.version(target.subject(), "latest");
                earlier.add(new CompatibilityChecker.Version(latest.version(), parse(registry, latest)));
                oldTexts.put(latest.version(), latest.schema());
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
        CompatibilityResult result = new CompatibilityChecker().checkEvery(candidate, earlier, level);
        JsonLines lines = JsonLines.of(text);
        return new Report(target.subject(), target.file(), level, result.compatible(), earlier.size(), null,
                result.incompatibilities().stream().map(i -> finding(i, text, lines, oldTexts.get(i.oldVersion()))).toList());
    }

    /**
     * Lets the registry decide through its compatibility endpoint (verbose), and turns its
     * reasons into findings. The level is the subject's, as the registry applies it.
     */
    public static Report checkRemote(Target target, dev.evctl.schema.registry.RegistryClient registry) {
        String text = readTarget(target);
        parse(target.file(), text, referencedTexts(target, registry));
        CompatibilityLevel level = CompatibilityLevel.parse(registry.compatibilityLevel(target.subject()));
        dev.evctl.schema.registry.RegistryClient.Verdict verdict;
        try {
            verdict = registry.testCompatibility(target.subject(), null, text, registryReferences(target, registry), true);
        } catch (dev.evctl.schema.registry.RegistryException e) {
            if (e.errorCode() == 40401) {
                return new Report(target.subject(), target.file(), level, true, 0, "new subject: the registry has no version of it yet",
                        List.of());
            }
            throw e;
        }
        JsonLines lines = JsonLines.of(text);
        RegistryMessages.Answer answer = RegistryMessages.read(verdict.messages(), level);
        List<Incompatibility> problems = answer.problems();
        String oldText = answer.oldSchema();
        if (!verdict.compatible() && !level.transitive() && problems.stream().anyMatch(i -> i.oldVersion() == 0 && i.direction() != null)) {
            // FULL names no version when every problem is forward: it was the latest, which the registry compared
            var latest = registry.version(target.subject(), "latest");
            oldText = latest.schema();
            problems = problems.stream().map(i -> i.oldVersion() != 0 || i.type().equals("INVALID_SCHEMA") ? i
                    : new Incompatibility(i.type(), i.path(), latest.version(), i.direction(), i.message())).toList();
        } else if (oldText == null && problems.stream().anyMatch(i -> i.direction() != Incompatibility.Direction.BACKWARD)) {
            oldText = registry.version(target.subject(), "latest").schema(); // the paths of forward problems: by name, best effort
        }
        String old = oldText;
        List<Finding> findings = new ArrayList<>(problems.stream().map(i -> finding(i, text, lines, old)).toList());
        if (!verdict.compatible() && findings.isEmpty()) {
            // older registries answer is_compatible false without messages: still a failure with a reason to show
            findings.add(new Finding(new Incompatibility("INCOMPATIBLE", "/", 0, null,
                    "the registry says the schema is incompatible and gives no reason (a registry without verbose messages)"), 1));
        }
        return new Report(target.subject(), target.file(), level, verdict.compatible(), -1, null, findings);
    }

    /**
     * A problem with the line of the new file it is about. A backward problem's path is in the new
     * schema (the reader); a forward problem's is in the old one, so it is followed there and the
     * same field is found in the new file by name — or the file itself (line 1) when it is gone.
     */
    private static Finding finding(Incompatibility i, String text, JsonLines lines, String oldText) {
        if (i.direction() == Incompatibility.Direction.BACKWARD || oldText == null || i.type().equals("INVALID_SCHEMA")) {
            return new Finding(i, lines.line(i.path()));
        }
        String translated = JsonLines.translate(oldText, text, i.path());
        if (translated == null) {
            return new Finding(i, i.direction() == null ? lines.line(i.path()) : 1);
        }
        return new Finding(i, lines.line(translated));
    }

    /** Warnings about the target's file that do not change the verdict (defaults of the wrong type); empty when unsure. */
    public static List<String> warnings(Target target) {
        try {
            List<String> referenced = new ArrayList<>();
            for (Reference r : target.references()) {
                if (r.file() == null) {
                    return List.of(); // a registry subject: its text is not at hand here
                }
                referenced.add(Files.readString(r.file()));
            }
            return AvroSchemas.defaultWarnings(Files.readString(target.file()), referenced, target.file().toString());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The target's file; a missing one names the mapping entry that declared it. */
    private static String readTarget(Target target) {
        try {
            return read(target.file());
        } catch (InvalidFile e) {
            if (target.origin() == null || e.line() > 0) {
                throw e;
            }
            throw new InvalidFile(target.file(), 0, (Files.exists(target.file()) ? "cannot read it" : "no such file")
                    + " (declared at " + target.origin() + ")");
        }
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark (Windows editors) is not JSON

        } catch (NoSuchFileException e) {
            throw new InvalidFile(file, 0, "no such file");
        } catch (IOException e) {
            throw new InvalidFile(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The texts of the target's referenced schemas, each after those it needs. Against a registry
     * one rule, the one {@code --remote} cannot help but follow: a reference with a subject is that
     * subject's version in the registry; a local file is used only for a reference that names no
     * subject (a type the registry does not have yet).
     */
    public static List<String> referencedTexts(Target target, RegistryClient registry) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Reference r : target.references()) {
            if (r.subject() != null && registry != null) {
                collect(registry, registry.version(r.subject(), r.version() == null ? "latest" : r.version().toString()), out, seen);
            } else if (r.file() != null) {
                String refText = read(r.file());
                parse(r.file(), refText, out);
                out.add(refText);
            } else {
                throw new IllegalArgumentException(target.file() + ": reference " + r.name() + " names a registry subject: it needs a"
                        + " registry, or a 'file'");
            }
        }
        return out;
    }

    /** The texts a registry version's references name, recursively, each after those it needs. */
    public static List<String> referencedTexts(RegistryClient registry, RegistryClient.SubjectVersion version) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RegistryClient.Reference r : version.references()) {
            collect(registry, registry.version(r.subject(), Integer.toString(r.version())), out, seen);
        }
        return out;
    }

    /** A registry version parsed with its own references, fetched recursively. */
    public static Schema parseVersion(RegistryClient registry, RegistryClient.SubjectVersion version) {
        return parse(registry, version);
    }

    /** The references as the registry takes them: a local file's reference names the subject's latest version. */
    private static List<RegistryClient.Reference> registryReferences(Target target, RegistryClient registry) {
        List<RegistryClient.Reference> out = new ArrayList<>();
        for (Reference r : target.references()) {
            if (r.subject() == null) {
                throw new IllegalArgumentException(target.file() + ": reference " + r.name() + " needs a 'subject' to ask the registry");
            }
            int version = r.version() != null ? r.version() : registry.version(r.subject(), "latest").version();
            out.add(new RegistryClient.Reference(r.name(), r.subject(), version));
        }
        return out;
    }

    /** A registry version parsed with its own references, fetched recursively. */
    private static Schema parse(RegistryClient registry, RegistryClient.SubjectVersion version) {
        return AvroSchemas.parse(version.schema(), referencedTexts(registry, version)).schema();
    }

    private static void collect(RegistryClient registry, RegistryClient.SubjectVersion version, List<String> out,
                                java.util.Set<String> seen) {
        if (!seen.add(version.subject() + ":" + version.version())) {
            return;
        }
        for (RegistryClient.Reference r : version.references()) {
            collect(registry, registry.version(r.subject(), Integer.toString(r.version())), out, seen);
        }
        out.add(version.schema());
    }

    private static Schema parse(Path file, String text, List<String> referenced) {
        try {
            new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new InvalidFile(file, line, "invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        try {
            return AvroSchemas.parse(text, referenced).schema();
        } catch (InvalidSchemaException e) {
            AvroSchemas.Located at = AvroSchemas.locate(text, e);
            throw new InvalidFile(file, at.line(), "invalid schema: " + at.reason());
        }
    }
}
