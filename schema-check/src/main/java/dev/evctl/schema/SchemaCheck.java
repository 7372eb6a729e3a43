package dev.evctl.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;
import org.apache.avro.Schema;

/** Checks schema files against their earlier versions and says, for each reason, where it is. */
public final class SchemaCheck {

    /** One subject's schema file to check, with the named types it takes from other schemas. */
    public record Target(
            String subject,
            Path file,
            List<Reference> references,
            String origin,
            CompatibilityLevel level,
            SchemaType type) {
        /**
         * @param origin where the target was declared ("evctl-schemas.yaml:7 (schemas[2])"), null for a -f file
         * @param level  the level the mapping file asks for, null for none
         * @param type   the schema type declared (--type, the mapping's type), null to infer it from the file
         */
        public Target {
            references = List.copyOf(references);
        }

        public Target(String subject, Path file, List<Reference> references, String origin, CompatibilityLevel level) {
            this(subject, file, references, origin, level, null);
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
    public record Reference(String name, String subject, Integer version, Path file) {}

    /** A reason with the line of the new file it points at. */
    public record Finding(Incompatibility incompatibility, int line) {}

    /** The outcome for one subject; {@code note} explains a pass without a check (a new subject). */
    public record Report(
            String subject,
            Path file,
            CompatibilityLevel level,
            boolean compatible,
            int versionsChecked,
            String note,
            List<Finding> findings) {
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

        public InvalidFile(Path file, int line, String message) {
            this(file, line, 0, message);
        }

        /** With the column too ({@code file:line:col:}), where the parser gives it. */
        public InvalidFile(Path file, int line, int column, String message) {
            super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message);
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

    public SchemaCheck(SchemaHistory history) {
        this.history = history;
    }

    public Report check(Target target, CompatibilityLevel level) {
        String text = readTarget(target);
        return checkOffline(format(target, text), target, text, level);
    }

    /** The target's format: declared, else inferred from the file; a declaration the file contradicts is an error. */
    static SchemaFormat<?> format(Target target, String text) {
        SchemaType type = target.type() != null ? target.type() : SchemaType.infer(target.file(), text);
        SchemaType.contradiction(target.type(), target.file(), text).ifPresent(held -> {
            throw new InvalidFile(
                    target.file(),
                    0,
                    "declared as " + target.type().named() + " but the file holds " + held.named()
                            + (target.origin() != null ? " (declared at " + target.origin() + ")" : " (--type)"));
        });
        return SchemaFormats.of(type);
    }

    private <S> Report checkOffline(SchemaFormat<S> format, Target target, String text, CompatibilityLevel level) {
        List<SchemaFormat.Referenced> referenced = new ArrayList<>();
        for (Reference r : target.references()) {
            if (r.file() == null) {
                throw new IllegalArgumentException(target.file() + ": reference " + r.name()
                        + " needs a 'file' for an offline check (it names only a registry subject)");
            }
            String refText = read(r.file());
            format.parseFile(r.file(), refText, referenced);
            referenced.add(new SchemaFormat.Referenced(r.name(), refText, r.subject(), r.version()));
        }
        S candidate = format.parseFile(target.file(), text, referenced);
        Map<String, S> unique = new LinkedHashMap<>(); // identity -> the first version with it
        Map<String, String> textOf = new HashMap<>();
        List<SchemaHistory.Version> earlier = history.versions(target);
        for (int i = 0; i < earlier.size(); i++) {
            SchemaHistory.Version old = earlier.get(i);
            // the versions the level checks: every one when transitive, else the latest
            boolean checked = level != CompatibilityLevel.NONE && (level.transitive() || i == earlier.size() - 1);
            S parsed;
            try {
                if (old.text() == null) {
                    throw new InvalidSchemaException(old.unreadable(), null);
                }
                // each version with the referenced files it had, and only those
                parsed = format.parse(old.text(), referencedAt(old, target));
            } catch (InvalidSchemaException e) {
                if (!checked) {
                    continue; // never valid, so never registered, and not a version this level compares with
                }
                throw new InvalidFile(
                        target.file(),
                        0,
                        "cannot check against its earlier version " + old.where() + ": "
                                + (old.text() == null ? "" : "not a valid schema: ")
                                + e.getMessage().lines().findFirst().orElse("") + " — fix that version, or"
                                + " check against a baseline where it is valid (--against)");
            }
            String identity = format.identity(parsed);
            unique.putIfAbsent(identity, parsed);
            textOf.putIfAbsent(identity, old.text());
        }
        if (unique.isEmpty()) {
            return new Report(
                    target.subject(),
                    target.file(),
                    level,
                    true,
                    0,
                    "new subject: no earlier version to check against",
                    List.of());
        }
        List<CompatibilityChecker.Versioned<S>> versions = new ArrayList<>();
        Map<Integer, String> oldTexts = new HashMap<>();
        for (var e : unique.entrySet()) {
            versions.add(new CompatibilityChecker.Versioned<>(versions.size() + 1, e.getValue()));
            oldTexts.put(versions.size(), textOf.get(e.getKey()));
        }
        CompatibilityResult result = format.checkEvery(candidate, versions, level);
        List<Finding> findings = result.incompatibilities().stream()
                .map(i -> new Finding(i, format.line(text, candidate, i, oldTexts.get(i.oldVersion()))))
                .toList();
        int checked = level == CompatibilityLevel.NONE ? 0 : level.transitive() ? versions.size() : 1;
        return new Report(target.subject(), target.file(), level, result.compatible(), checked, null, findings);
    }

    /**
     * Checks against the subject's versions in a registry, evaluated locally at the subject's
     * level (its own, else the global one) unless {@code levelOverride} is given. A subject the
     * registry does not know passes with a note.
     */
    public static Report checkAgainstRegistry(
            Target target, RegistryClient registry, CompatibilityLevel levelOverride) {
        String text = readTarget(target);
        return againstRegistry(format(target, text), target, text, registry, levelOverride);
    }

    private static <S> Report againstRegistry(
            SchemaFormat<S> format,
            Target target,
            String text,
            RegistryClient registry,
            CompatibilityLevel levelOverride) {
        CompatibilityLevel level;
        List<CompatibilityChecker.Versioned<S>> earlier = new ArrayList<>();
        Map<Integer, String> oldTexts = new HashMap<>();
        S candidate = format.parseFile(target.file(), text, referenced(target, registry, format));
        try {
            level = levelOverride != null
                    ? levelOverride
                    : CompatibilityLevel.parse(registry.compatibilityLevel(target.subject()));
            if (level == CompatibilityLevel.NONE) {
                return new Report(target.subject(), target.file(), level, true, 0, null, List.of());
            }
            List<RegistryClient.SubjectVersion> stored = new ArrayList<>();
            if (level.transitive()) {
                for (int v : registry.versions(target.subject(), false)) {
                    stored.add(registry.version(target.subject(), Integer.toString(v)));
                }
            } else {
                stored.add(registry.version(target.subject(), "latest"));
            }
            for (RegistryClient.SubjectVersion version : stored) {
                SchemaType held = SchemaType.ofRegistry(version.schemaType());
                if (held != format.type()) {
                    throw new InvalidFile(
                            target.file(),
                            0,
                            "is " + format.type() + " but subject '" + target.subject() + "' holds " + held
                                    + " schemas (version " + version.version() + "): a subject keeps one schema type");
                }
                earlier.add(new CompatibilityChecker.Versioned<>(
                        version.version(), format.parse(version.schema(), referenced(registry, version))));
                oldTexts.put(version.version(), version.schema());
            }
        } catch (RegistryException e) {
            if (e.errorCode() == 40401) {
                CompatibilityLevel shown = levelOverride != null
                        ? levelOverride
                        : CompatibilityLevel.parse(registry.compatibilityLevel(null));
                return new Report(
                        target.subject(),
                        target.file(),
                        shown,
                        true,
                        0,
                        "new subject: the registry has no version of it yet",
                        List.of());
            }
            throw e;
        }
        // the registry's own version numbers: after deletes they need not be 1..n
        CompatibilityResult result = format.checkEvery(candidate, earlier, level);
        return new Report(
                target.subject(),
                target.file(),
                level,
                result.compatible(),
                earlier.size(),
                null,
                result.incompatibilities().stream()
                        .map(i -> new Finding(i, format.line(text, candidate, i, oldTexts.get(i.oldVersion()))))
                        .toList());
    }

    /** The files an earlier version referenced when it was written, as the format takes them. */
    private static List<SchemaFormat.Referenced> referencedAt(SchemaHistory.Version old, Target target) {
        List<SchemaFormat.Referenced> out = new ArrayList<>();
        old.references().forEach((name, refText) -> {
            Reference today = target.references().stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .orElse(null);
            out.add(new SchemaFormat.Referenced(
                    name, refText, today == null ? null : today.subject(), today == null ? null : today.version()));
        });
        return out;
    }

    /**
     * Lets the registry decide through its compatibility endpoint (verbose), and turns its
     * reasons into findings. The level is the subject's, as the registry applies it.
     */
    public static Report checkRemote(Target target, RegistryClient registry) {
        String text = readTarget(target);
        SchemaType type = target.type() != null ? target.type() : SchemaType.infer(target.file(), text);
        Object candidate = parseWith(format(target, text), target, text, registry);
        CompatibilityLevel level = CompatibilityLevel.parse(registry.compatibilityLevel(target.subject()));
        RegistryClient.Verdict verdict;
        try {
            verdict = registry.testCompatibility(
                    target.subject(), null, type.name(), text, registryReferences(target, registry), true);
        } catch (RegistryException e) {
            if (e.errorCode() == 40401) {
                return new Report(
                        target.subject(),
                        target.file(),
                        level,
                        true,
                        0,
                        "new subject: the registry has no version of it yet",
                        List.of());
            }
            throw e;
        }
        RegistryMessages.Answer answer = RegistryMessages.read(verdict.messages(), level);
        List<Incompatibility> problems = answer.problems();
        String oldText = answer.oldSchema();
        if (!verdict.compatible()
                && !level.transitive()
                && problems.stream().anyMatch(i -> i.oldVersion() == 0 && i.direction() != null)) {
            // FULL names no version when every problem is forward: it was the latest, which the registry compared
            var latest = registry.version(target.subject(), "latest");
            oldText = latest.schema();
            problems = problems.stream()
                    .map(i -> i.oldVersion() != 0 || i.type().equals("INVALID_SCHEMA")
                            ? i
                            : new Incompatibility(i.type(), i.path(), latest.version(), i.direction(), i.message()))
                    .toList();
        } else if (oldText == null
                && problems.stream().anyMatch(i -> i.direction() != Incompatibility.Direction.BACKWARD)) {
            oldText = registry.version(target.subject(), "latest")
                    .schema(); // the paths of forward problems: by name, best effort
        }
        String old = oldText;
        List<Finding> findings = new ArrayList<>(problems.stream()
                .map(i ->
                        new Finding(i, candidate == null ? 1 : lineWith(format(target, text), text, candidate, i, old)))
                .toList());
        if (!verdict.compatible() && findings.isEmpty()) {
            // older registries answer is_compatible false without messages: still a failure with a reason to show
            findings.add(new Finding(
                    new Incompatibility(
                            "INCOMPATIBLE",
                            "/",
                            0,
                            null,
                            "the registry says the schema is incompatible and gives no reason (a registry "
                                    + "without verbose messages)"),
                    1));
        }
        return new Report(target.subject(), target.file(), level, verdict.compatible(), -1, null, findings);
    }

    private static <S> S parseWith(SchemaFormat<S> format, Target target, String text, RegistryClient registry) {
        return format.parseFile(target.file(), text, referenced(target, registry, format));
    }

    @SuppressWarnings("unchecked")
    private static <S> int lineWith(
            SchemaFormat<S> format, String text, Object candidate, Incompatibility i, String oldText) {
        return format.line(text, (S) candidate, i, oldText);
    }

    /**
     * Warnings about the target's file that do not change the verdict (defaults of the wrong type); empty when
     * unsure.
     */
    public static List<String> warnings(Target target) {
        try {
            if ((target.type() != null
                            ? target.type()
                            : SchemaType.infer(target.file(), Files.readString(target.file())))
                    != SchemaType.AVRO) {
                return List.of();
            }
            List<String> referenced = new ArrayList<>();
            for (Reference r : target.references()) {
                if (r.file() == null) {
                    return List.of(); // a registry subject: its text is not at hand here
                }
                referenced.add(Files.readString(r.file()));
            }
            return AvroSchemas.defaultWarnings(
                    Files.readString(target.file()), referenced, target.file().toString());
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
            throw new InvalidFile(
                    target.file(),
                    0,
                    (Files.exists(target.file()) ? "cannot read it" : "no such file") + " (declared at "
                            + target.origin() + ")");
        }
    }

    private static String read(Path file) {
        try {
            return SchemaText.decode(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new InvalidFile(file, 0, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new InvalidFile(file, 0, "no such file");
        } catch (IOException e) {
            throw new InvalidFile(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The schemas the target references, each after those it needs. Against a registry one rule,
     * the one {@code --remote} cannot help but follow: a reference with a subject is that subject's
     * version in the registry; a local file is used only for a reference that names no subject (a
     * schema the registry does not have yet).
     */
    static List<SchemaFormat.Referenced> referenced(Target target, RegistryClient registry, SchemaFormat<?> format) {
        List<SchemaFormat.Referenced> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Reference r : target.references()) {
            if (r.subject() != null && registry != null) {
                collect(
                        registry,
                        r.name(),
                        registry.version(
                                r.subject(),
                                r.version() == null ? "latest" : r.version().toString()),
                        out,
                        seen);
            } else if (r.file() != null) {
                String refText = read(r.file());
                format.parseFile(r.file(), refText, out);
                out.add(new SchemaFormat.Referenced(r.name(), refText, r.subject(), r.version()));
            } else {
                throw new IllegalArgumentException(target.file() + ": reference " + r.name()
                        + " names a registry subject: it needs a" + " registry, or a 'file'");
            }
        }
        return out;
    }

    /** The Avro texts the target references (see {@link #referenced}), for {@code schema diff}. */
    public static List<String> referencedTexts(Target target, RegistryClient registry) {
        return referenced(target, registry, AvroFormat.INSTANCE).stream()
                .map(SchemaFormat.Referenced::text)
                .toList();
    }

    /** The schemas a registry version's references name, recursively, each after those it needs. */
    static List<SchemaFormat.Referenced> referenced(RegistryClient registry, RegistryClient.SubjectVersion version) {
        List<SchemaFormat.Referenced> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RegistryClient.Reference r : version.references()) {
            collect(registry, r.name(), registry.version(r.subject(), Integer.toString(r.version())), out, seen);
        }
        return out;
    }

    /**
     * The schemas registered references name (a stored schema's, or a writer's), fetched recursively, each after those
     * it needs.
     */
    public static List<SchemaFormat.Referenced> registered(
            RegistryClient registry, List<RegistryClient.Reference> references) {
        List<SchemaFormat.Referenced> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RegistryClient.Reference r : references) {
            collect(registry, r.name(), registry.version(r.subject(), Integer.toString(r.version())), out, seen);
        }
        return out;
    }

    /** The texts a registry version's references name, recursively, each after those it needs. */
    public static List<String> referencedTexts(RegistryClient registry, RegistryClient.SubjectVersion version) {
        return referenced(registry, version).stream()
                .map(SchemaFormat.Referenced::text)
                .toList();
    }

    /** A registry version parsed with its own references, fetched recursively (Avro, for {@code schema diff}). */
    public static Schema parseVersion(RegistryClient registry, RegistryClient.SubjectVersion version) {
        return AvroFormat.INSTANCE.parse(version.schema(), referenced(registry, version));
    }

    /** The references as the registry takes them: a local file's reference names the subject's latest version. */
    private static List<RegistryClient.Reference> registryReferences(Target target, RegistryClient registry) {
        List<RegistryClient.Reference> out = new ArrayList<>();
        for (Reference r : target.references()) {
            if (r.subject() == null) {
                throw new IllegalArgumentException(
                        target.file() + ": reference " + r.name() + " needs a 'subject' to ask the registry");
            }
            int version = r.version() != null
                    ? r.version()
                    : registry.version(r.subject(), "latest").version();
            out.add(new RegistryClient.Reference(r.name(), r.subject(), version));
        }
        return out;
    }

    private static void collect(
            RegistryClient registry,
            String name,
            RegistryClient.SubjectVersion version,
            List<SchemaFormat.Referenced> out,
            Set<String> seen) {
        if (!seen.add(version.subject() + ":" + version.version())) {
            return;
        }
        for (RegistryClient.Reference r : version.references()) {
            collect(registry, r.name(), registry.version(r.subject(), Integer.toString(r.version())), out, seen);
        }
        out.add(new SchemaFormat.Referenced(name, version.schema(), version.subject(), version.version()));
    }
}
