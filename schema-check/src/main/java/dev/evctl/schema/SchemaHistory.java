package dev.evctl.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the earlier versions of a schema file come from when checking offline: a directory
 * holding the previous version at the same relative path, or the file's git history.
 */
public interface SchemaHistory {

    /** Earlier texts of {@code file} (relative to the working directory), oldest first; empty for a new file. */
    List<String> versions(Path file);

    /** Parses {@code dir:PATH} or {@code git:REF}; a {@code dir:} is laid out as the tree below the working directory. */
    static SchemaHistory parse(String spec, Path workDir) {
        return parse(spec, workDir, null);
    }

    /**
     * Parses {@code dir:PATH} or {@code git:REF}. A {@code dir:} holds the previous versions laid
     * out as the tree below {@code base} (the mapping file's directory; null: each file's
     * repository root, else the working directory): a schema file at {@code base/schemas/a.avsc}
     * is compared with {@code PATH/schemas/a.avsc}, however the file was named (relative,
     * absolute, from the mapping). A directory that does not exist is an error, not a history with
     * no versions (every subject would pass as new).
     */
    static SchemaHistory parse(String spec, Path workDir, Path base) {
        if (spec.startsWith("dir:")) {
            Path root = workDir.resolve(spec.substring(4)).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("--against " + spec + ": no such directory (" + root + ") — check the path;"
                        + " without earlier versions every subject would pass as new");
            }
            return new Directory(root, base == null ? null : base.toAbsolutePath().normalize(), workDir.toAbsolutePath().normalize());
        }
        if (spec.startsWith("git:")) {
            return new Git(spec.substring(4));
        }
        throw new IllegalArgumentException("invalid --against '" + spec + "': expected git:REF or dir:PATH"
                + " (to check against the registry, leave --against out)");
    }

    /** The previous version of each file sits below {@code root} at the file's path relative to {@code base}. */
    record Directory(Path root, Path base, Path workDir) implements SchemaHistory {
        @Override
        public List<String> versions(Path file) {
            Path absolute = file.toAbsolutePath().normalize();
            Path from = base;
            if (from == null) {
                Path top = gitTop(absolute.getParent());
                from = top != null ? top.toAbsolutePath().normalize() : workDir;
            }
            Path old = root.resolve(absolute.startsWith(from) ? from.relativize(absolute) : absolute.getFileName());
            try {
                return Files.exists(old) ? List.of(Files.readString(old)) : List.of();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + old + ": " + e.getMessage());
            }
        }
    }

    /** Every committed version of the file reachable from {@code ref}, oldest first, from the file's own repository. */
    record Git(String ref) implements SchemaHistory {
        @Override
        public List<String> versions(Path file) {
            Path absolute = file.toAbsolutePath().normalize();
            Path dir = absolute.getParent();
            Path top = Path.of(run(dir, List.of("git", "rev-parse", "--show-toplevel")).trim()).toAbsolutePath().normalize();
            // pathspecs are relative to the working directory: run at the top level with a top-relative path
            String relative = top.relativize(absolute).toString();
            // --first-parent: the versions the branch had, not the work-in-progress commits of a branch merged into it
            List<String> commits = run(top, List.of("git", "log", "--first-parent", "--format=%H", "--reverse", ref, "--", relative))
                    .lines().filter(l -> !l.isBlank()).toList();
            List<String> out = new ArrayList<>();
            for (String commit : commits) {
                String text = runOrNull(top, List.of("git", "show", commit + ":" + relative));
                if (text != null && (out.isEmpty() || !out.get(out.size() - 1).equals(text))) {
                    out.add(text);
                }
            }
            return out;
        }

        private String run(Path workDir, List<String> command) {
            String out = runOrNull(workDir, command);
            if (out == null) {
                throw new IllegalArgumentException("`" + String.join(" ", command) + "` failed in " + workDir
                        + " — is it a git repository and does '" + ref + "' exist?");
            }
            return out;
        }

        /** stdout of the command, or null when it exits non-zero (e.g. the file was deleted in that commit). */
        private String runOrNull(Path workDir, List<String> command) {
            return SchemaHistory.runOrNull(workDir, command);
        }
    }

    /** The top directory of the git work tree holding {@code dir}; null when it is not in one (or git is missing). */
    static Path gitTop(Path dir) {
        String out = runOrNull(dir.toAbsolutePath().normalize(), List.of("git", "rev-parse", "--show-toplevel"));
        return out == null || out.isBlank() ? null : Path.of(out.trim());
    }

    /** Whether the git repository holding {@code dir} is a shallow clone (only part of its history fetched). */
    static boolean isShallow(Path dir) {
        String out = runOrNull(dir.toAbsolutePath().normalize(), List.of("git", "rev-parse", "--is-shallow-repository"));
        return out != null && out.trim().equals("true");
    }

    private static String runOrNull(Path workDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
}
