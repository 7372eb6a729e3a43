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

    /** Parses {@code dir:PATH} or {@code git:REF}. */
    static SchemaHistory parse(String spec, Path workDir) {
        if (spec.startsWith("dir:")) {
            return new Directory(workDir.resolve(spec.substring(4)));
        }
        if (spec.startsWith("git:")) {
            return new Git(spec.substring(4));
        }
        throw new IllegalArgumentException("invalid --against '" + spec + "': expected git:REF, dir:PATH or registry");
    }

    /** The previous version of each file sits at the same relative path below {@code root}. */
    record Directory(Path root) implements SchemaHistory {
        @Override
        public List<String> versions(Path file) {
            Path old = root.resolve(file.isAbsolute() ? file.getFileName() : file);
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
            List<String> commits = run(top, List.of("git", "log", "--format=%H", "--reverse", ref, "--", relative))
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
}
