package dev.evctl.commands.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.evctl.core.EvctlException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaMapping;
import dev.evctl.schema.SchemaType;

/**
 * What {@code schema check} checks: the {@code -f} files (with --subject, --type, --reference) or the mapping file's
 * subjects.
 */
final class CheckTargets {

    private CheckTargets() {}

    /** -f files (named by --subject or their file name), else the mapping file's subjects. */
    static List<SchemaCheck.Target> of(
            List<Path> files, Path mapping, String subject, String type, List<String> references) {
        if (files != null && !files.isEmpty()) {
            if (mapping != null) {
                throw EvctlException.usage("--file and --schemas cannot be used together");
            }
            List<SchemaCheck.Reference> refs =
                    references.stream().map(ReferenceSpecs::local).toList();
            SchemaType declared;
            try {
                declared = type == null ? null : SchemaType.parse(type);
            } catch (IllegalArgumentException e) {
                throw EvctlException.usage("--type: " + e.getMessage());
            }
            return files.stream()
                    .map(f -> new SchemaCheck.Target(
                            subject != null ? subject : SchemaMapping.subjectOf(f), f, refs, null, null, declared))
                    .toList();
        }
        if (type != null) {
            throw EvctlException.usage("--type goes with --file; the mapping file declares each subject's type");
        }
        if (!references.isEmpty()) {
            throw EvctlException.usage("--reference goes with --file; the mapping file declares its own references");
        }
        Path file = mappingFile(mapping);
        if (mapping == null && !Files.exists(file)) {
            throw EvctlException.usage("nothing to check: pass --file FILE, or declare subjects in ./"
                    + SchemaMapping.DEFAULT_FILE + " (or --schemas FILE)");
        }
        if (subject != null) {
            throw EvctlException.usage("--subject names a --file; the mapping file names its own subjects");
        }
        try {
            return SchemaMapping.read(file);
        } catch (IllegalArgumentException e) {
            throw EvctlException.badInput(e.getMessage());
        }
    }

    /** --schemas, else ./evctl-schemas.yaml. */
    static Path mappingFile(Path mapping) {
        return mapping != null ? mapping : Path.of(SchemaMapping.DEFAULT_FILE);
    }
}
