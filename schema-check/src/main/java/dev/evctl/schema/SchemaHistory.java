package dev.evctl.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the earlier versions of a subject come from when checking offline: a directory holding
 * the previous version (laid out as the tree, or declared by its own mapping file), or git history.
 * Each version comes with the files it referenced at the time, so it is read as it was written.
 */
public interface SchemaHistory {

    /**
     * One earlier version of a subject.
     *
     * @param where      where it was read: {@code git 1a2b3c4:schemas/a.avsc}, or a baseline file's path
     * @param text       its text (BOM dropped, as the working tree's); null when it could not be read
     * @param references the texts of the files it referenced then, by reference name
     * @param unreadable why it could not be read (null when it could)
     */
    record Version(String where, String text, Map<String, String> references, String unreadable) {
        public Version {
            references = references == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(references));
        }

        /** A version from its bytes and its references' bytes (by name); text that cannot be decoded says why. */
        static Version of(String where, byte[] bytes, Map<String, byte[]> references) {
            Map<String, String> texts = new LinkedHashMap<>();
            try {
                String text = SchemaText.decode(bytes);
                for (var r : references.entrySet()) {
                    try {
                        texts.put(r.getKey(), SchemaText.decode(r.getValue()));
                    } catch (IllegalArgumentException e) {
                        return new Version(
                                where, null, Map.of(), "its reference " + r.getKey() + ": " + e.getMessage());
                    }
                }
                return new Version(where, text, texts, null);
            } catch (IllegalArgumentException e) {
                return new Version(where, null, Map.of(), e.getMessage());
            }
        }
    }

    /** The subject's earlier versions, oldest first (one per change, consecutive repeats once); empty for a new one. */
    List<Version> versions(SchemaCheck.Target target);

    /**
     * Reads ahead what {@link #versions} will be asked for these targets, in as few steps as it can
     * (git: one {@code log} and one {@code cat-file --batch} per repository). Optional.
     */
    default void prefetch(Collection<SchemaCheck.Target> targets) {}

    /** Parses {@code dir:PATH} or {@code git:REF} for files named on the command line (no mapping file). */
    static SchemaHistory parse(String spec, Path workDir) {
        return parse(spec, workDir, null, null);
    }

    /**
     * Parses {@code dir:PATH} or {@code git:REF}.
     *
     * <p>{@code git:REF}: every version reachable from REF along first parents. With a mapping
     * file a subject's file and references at each commit are those the mapping file declared
     * for the subject at that commit (a subject whose file moved keeps its history); without one,
     * a file's earlier paths follow git's rename detection.
     *
     * <p>{@code dir:PATH} holds the previous versions laid out as the tree below {@code base} (the
     * mapping file's directory; null: each file's repository root, else the working directory):
     * {@code base/schemas/a.avsc} is compared with {@code PATH/schemas/a.avsc}. A baseline that
     * holds its own copy of the mapping file is read through it, by subject. A directory that does
     * not exist is an error, not a history with no versions (every subject would pass as new).
     *
     * @param mapping the mapping file the targets were declared in (null for files named on the command line)
     */
    static SchemaHistory parse(String spec, Path workDir, Path base, Path mapping) {
        Path declaredIn = mapping == null ? null : mapping.toAbsolutePath().normalize();
        if (spec.startsWith("dir:")) {
            Path root = workDir.resolve(spec.substring(4)).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("--against " + spec + ": no such directory (" + root
                        + ") — check the path;" + " without earlier versions every subject would pass as new");
            }
            return new BaselineDirectory(
                    root,
                    base == null ? null : base.toAbsolutePath().normalize(),
                    workDir.toAbsolutePath().normalize(),
                    declaredIn);
        }
        if (spec.startsWith("git:")) {
            return new GitHistory(spec.substring(4), declaredIn);
        }
        throw new IllegalArgumentException("invalid --against '" + spec + "': expected git:REF or dir:PATH"
                + " (to check against the registry, leave --against out)");
    }

    /** The top directory of the git work tree holding {@code dir}; null when it is not in one (or git is missing). */
    static Path gitTop(Path dir) {
        byte[] out = run(dir.toAbsolutePath().normalize(), List.of("git", "rev-parse", "--show-toplevel"));
        String top = out == null ? "" : new String(out, StandardCharsets.UTF_8).trim();
        return top.isEmpty() ? null : Path.of(top);
    }

    /** Whether the git repository holding {@code dir} is a shallow clone (only part of its history fetched). */
    static boolean isShallow(Path dir) {
        byte[] out = run(dir.toAbsolutePath().normalize(), List.of("git", "rev-parse", "--is-shallow-repository"));
        return out != null && new String(out, StandardCharsets.UTF_8).trim().equals("true");
    }

    /** stdout of the command, or null when it exits non-zero or takes over a minute. */
    static byte[] run(Path workDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A file's bytes, or empty when there is none. */
    static Optional<byte[]> readIfExists(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
