package dev.evctl.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code dir:} baseline: the previous version of each file below {@code root} at the file's path
 * relative to {@code base}, with the referenced files found the same way; or, when the baseline
 * holds its own copy of the mapping file, the subject's file and references as that copy declares them.
 */
record BaselineDirectory(Path root, Path base, Path workDir, Path mapping) implements SchemaHistory {

    @Override
    public List<Version> versions(SchemaCheck.Target target) {
        Path from = from(target.file());
        Optional<Path> ownMapping = Optional.ofNullable(mapping)
                .filter(m -> m.startsWith(from))
                .map(m -> root.resolve(from.relativize(m)))
                .filter(Files::isRegularFile);
        if (ownMapping.isPresent()) {
            return bySubject(ownMapping.get(), target);
        }
        Path old = inBaseline(from, target.file());
        Optional<byte[]> bytes = SchemaHistory.readIfExists(old);
        if (bytes.isEmpty()) {
            return List.of();
        }
        Map<String, byte[]> references = new LinkedHashMap<>();
        for (SchemaCheck.Reference r : target.references()) {
            if (r.file() == null) {
                continue;
            }
            Path file = r.file().toAbsolutePath().normalize();
            // a referenced file is read from the baseline where it has one, else today's (a baseline of the
            // subjects' files alone, a reference outside the mirrored tree)
            Optional<byte[]> referenced = (file.startsWith(from)
                            ? SchemaHistory.readIfExists(inBaseline(from, file))
                            : Optional.<byte[]>empty())
                    .or(() -> SchemaHistory.readIfExists(file));
            referenced.ifPresent(b -> references.put(r.name(), b));
        }
        return List.of(Version.of(old.toString(), bytes.get(), references));
    }

    /** Through the baseline's own mapping file: the file and references it declares for the subject. */
    private List<Version> bySubject(Path baselineMapping, SchemaCheck.Target target) {
        String text = SchemaHistory.readIfExists(baselineMapping)
                .map(SchemaText::decode)
                .orElseThrow();
        Path dir = baselineMapping.getParent();
        List<SchemaCheck.Target> declared;
        try {
            declared = SchemaMapping.parse(baselineMapping, text, pattern -> SchemaMapping.glob(dir, pattern));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the baseline's mapping file: " + e.getMessage());
        }
        Optional<SchemaCheck.Target> then = declared.stream()
                .filter(t -> t.subject().equals(target.subject()))
                .findFirst();
        if (then.isEmpty()) {
            return List.of();
        }
        Optional<byte[]> bytes = SchemaHistory.readIfExists(then.get().file());
        if (bytes.isEmpty()) {
            return List.of(new Version(
                    then.get().file().toString(),
                    null,
                    Map.of(),
                    "the baseline's mapping file declares it, and there is no such file"));
        }
        Map<String, byte[]> references = new LinkedHashMap<>();
        for (SchemaCheck.Reference r : then.get().references()) {
            if (r.file() != null) {
                SchemaHistory.readIfExists(r.file()).ifPresent(b -> references.put(r.name(), b));
            }
        }
        return List.of(Version.of(then.get().file().toString(), bytes.get(), references));
    }

    /** The tree the baseline mirrors for this file: {@code base}, else the file's repository root, else here. */
    private Path from(Path file) {
        if (base != null) {
            return base;
        }
        Path top = SchemaHistory.gitTop(file.toAbsolutePath().normalize().getParent());
        return top != null ? top.toAbsolutePath().normalize() : workDir;
    }

    private Path inBaseline(Path from, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return root.resolve(absolute.startsWith(from) ? from.relativize(absolute) : absolute.getFileName());
    }
}
