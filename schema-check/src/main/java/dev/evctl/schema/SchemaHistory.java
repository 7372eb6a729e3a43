package dev.evctl.schema;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the earlier versions of a schema file come from when checking offline: a directory
 * holding the previous version at the same relative path, or the file's git history.
 */
public interface SchemaHistory {

    /** Earlier texts of {@code file} (relative to the working directory), oldest first; empty for a new file. */
    List<String> versions(Path file);

    /**
     * Parses {@code dir:PATH} or {@code git:REF}; a {@code dir:} is laid out as the tree below the working directory.
     */
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
                throw new IllegalArgumentException("--against " + spec + ": no such directory (" + root
                        + ") — check the path;" + " without earlier versions every subject would pass as new");
            }
            return new Directory(
                    root,
                    base == null ? null : base.toAbsolutePath().normalize(),
                    workDir.toAbsolutePath().normalize());
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

    /**
     * Reads ahead what {@link #versions} will be asked for these files, in as few steps as it can
     * (git: one {@code log} and one {@code cat-file --batch} per repository instead of a few
     * processes per file and version). Optional: {@code versions} works without it.
     */
    default void prefetch(Collection<Path> files) {}

    /** Every committed version of the file reachable from {@code ref}, oldest first, from the file's own repository. */
    final class Git implements SchemaHistory {
        private final String ref;
        private final Map<Path, java.util.Optional<Path>> tops = new ConcurrentHashMap<>();
        private final Map<Path, List<String>> fetched = new ConcurrentHashMap<>();

        Git(String ref) {
            this.ref = ref;
        }

        public String ref() {
            return ref;
        }

        @Override
        public List<String> versions(Path file) {
            Path absolute = file.toAbsolutePath().normalize();
            List<String> known = fetched.get(absolute);
            if (known != null) {
                return known;
            }
            Path top = top(absolute.getParent());
            // pathspecs are relative to the working directory: run at the top level with a top-relative path
            String relative = top.relativize(absolute).toString();
            // --first-parent: the versions the branch had, not the work-in-progress commits of a branch merged into it
            List<String> commits = run(
                            top,
                            List.of(
                                    "git",
                                    "--literal-pathspecs",
                                    "log",
                                    "--first-parent",
                                    "--format=%H",
                                    "--reverse",
                                    ref,
                                    "--",
                                    relative))
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
            List<String> out = new ArrayList<>();
            for (String commit : commits) {
                String text = runOrNull(top, List.of("git", "show", commit + ":" + relative));
                if (text != null && (out.isEmpty() || !out.get(out.size() - 1).equals(text))) {
                    out.add(text);
                }
            }
            return out;
        }

        /**
         * Per repository: one {@code git log} over every file's path (first parent, oldest first,
         * with the paths each commit changed) and one {@code git cat-file --batch} for every
         * (commit, path) it named — the same versions {@link #versions} finds file by file.
         */
        @Override
        public void prefetch(Collection<Path> files) {
            Map<Path, Map<String, Path>> byRepository = new LinkedHashMap<>();
            for (Path file : files) {
                Path absolute = file.toAbsolutePath().normalize();
                if (!Files.isRegularFile(absolute)) {
                    continue; // a missing file is reported where it is checked
                }
                Path top;
                try {
                    top = top(absolute.getParent());
                } catch (IllegalArgumentException notInARepository) {
                    continue; // versions() says so for this file, where the check reports it
                }
                String relative = top.relativize(absolute).toString().replace(File.separatorChar, '/');
                if (!relative.contains(
                        "\n")) { // a path with a newline cannot be named to cat-file: it is read file by file
                    byRepository
                            .computeIfAbsent(top, t -> new LinkedHashMap<>())
                            .put(relative, absolute);
                }
            }
            byRepository.forEach((top, paths) -> {
                List<String> names = new ArrayList<>(paths.keySet());
                try {
                    for (int i = 0; i < names.size(); i += 500) { // keep the command line well below any limit
                        fetchRepository(top, names.subList(i, Math.min(names.size(), i + 500)), paths);
                    }
                } catch (IllegalArgumentException e) {
                    // a bad ref, say: versions() reads these files one by one and reports it for each
                }
            });
        }

        private void fetchRepository(Path top, List<String> names, Map<String, Path> absolute) {
            List<String> command = new ArrayList<>(List.of(
                    "git",
                    "--literal-pathspecs",
                    "log",
                    "--first-parent",
                    "--diff-merges=first-parent",
                    "--reverse",
                    "--format=%x01%H",
                    "--name-only",
                    "-z",
                    ref,
                    "--"));
            command.addAll(names);
            Set<String> wanted = new HashSet<>(names);
            Map<String, List<String>> commitsOf = new LinkedHashMap<>();
            names.forEach(n -> commitsOf.put(n, new ArrayList<>()));
            for (String entry : run(top, command).split("\u0001")) {
                int end = entry.indexOf('\0');
                if (end < 0) {
                    continue;
                }
                String commit = entry.substring(0, end).trim();
                for (String path : entry.substring(end + 1).split("\0")) {
                    String p = path.startsWith("\n") ? path.substring(1) : path;
                    if (wanted.contains(p)) {
                        commitsOf.get(p).add(commit);
                    }
                }
            }
            List<String> requests = new ArrayList<>();
            commitsOf.forEach((path, commits) -> commits.forEach(c -> requests.add(c + ":" + path)));
            List<byte[]> blobs = catFile(top, requests);
            int i = 0;
            for (var e : commitsOf.entrySet()) {
                List<String> out = new ArrayList<>();
                for (int k = 0; k < e.getValue().size(); k++, i++) {
                    byte[] blob = blobs.get(i);
                    String text = blob == null ? null : new String(blob, StandardCharsets.UTF_8);
                    if (text != null
                            && (out.isEmpty() || !out.get(out.size() - 1).equals(text))) {
                        out.add(text);
                    }
                }
                fetched.put(absolute.get(e.getKey()), List.copyOf(out));
            }
        }

        /** The blob each {@code COMMIT:PATH} names, in order; null where there is none (the file deleted there). */
        private List<byte[]> catFile(Path top, List<String> requests) {
            List<byte[]> out = new ArrayList<>();
            if (requests.isEmpty()) {
                return out;
            }
            try {
                Process p = new ProcessBuilder("git", "cat-file", "--batch")
                        .directory(top.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                Thread writer = new Thread(
                        () -> {
                            try (var in = p.getOutputStream()) {
                                for (String r : requests) {
                                    in.write((r + "\n").getBytes(StandardCharsets.UTF_8));
                                }
                            } catch (IOException e) {
                                // git stopped reading: its output says what it answered
                            }
                        },
                        "evctl-git-cat-file");
                writer.setDaemon(true);
                writer.start();
                try (var in = new BufferedInputStream(p.getInputStream())) {
                    for (int n = 0; n < requests.size(); n++) {
                        String header = readLine(in);
                        if (header == null) {
                            throw new IllegalArgumentException("`git cat-file --batch` stopped early in " + top);
                        }
                        String[] parts = header.split(" ");
                        if (parts.length == 3 && !parts[2].isEmpty() && Character.isDigit(parts[2].charAt(0))) {
                            byte[] body = in.readNBytes(Integer.parseInt(parts[2]));
                            in.read(); // the newline after the object
                            out.add(parts[1].equals("blob") ? body : null);
                        } else {
                            out.add(null); // "<request> missing" (or ambiguous)
                        }
                    }
                }
                p.waitFor(60, TimeUnit.SECONDS);
                return out;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot run git: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("interrupted while reading the git history");
            }
        }

        private static String readLine(InputStream in) throws IOException {
            var line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }

        private Path top(Path dir) {
            return tops.computeIfAbsent(
                            dir,
                            d -> java.util.Optional.of(Path.of(run(d, List.of("git", "rev-parse", "--show-toplevel"))
                                            .trim())
                                    .toAbsolutePath()
                                    .normalize()))
                    .orElseThrow();
        }

        private String run(Path workDir, List<String> command) {
            String out = runOrNull(workDir, command);
            if (out == null) {
                throw new IllegalArgumentException(
                        "`" + String.join(" ", command.size() > 14 ? command.subList(0, 14) : command)
                                + (command.size() > 14 ? " …" : "") + "` failed in " + workDir
                                + " — is it a git repository and does '" + ref
                                + "' exist?");
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
        String out =
                runOrNull(dir.toAbsolutePath().normalize(), List.of("git", "rev-parse", "--is-shallow-repository"));
        return out != null && out.trim().equals("true");
    }

    private static String runOrNull(Path workDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
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
