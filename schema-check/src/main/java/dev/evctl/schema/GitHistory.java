package dev.evctl.schema;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A {@code git:REF} history: the versions reachable from REF along first parents (the versions
 * the branch had, not the work in progress of a branch merged into it). Per repository one
 * {@code git log} (every commit's changes, renames detected) and one {@code git cat-file --batch}
 * for the blobs. A subject's file and its referenced files at each commit are those the mapping
 * file declared at that commit; where there is no mapping file (or it did not exist yet, or could
 * not be read then), the file's path follows git's rename detection back from today's.
 */
final class GitHistory implements SchemaHistory {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String ref;
    /** The mapping file the targets come from (absolute), or null. */
    private final Path mapping;

    private final Map<Path, Optional<Path>> tops = new ConcurrentHashMap<>();
    private final Map<Path, Repository> repositories = new ConcurrentHashMap<>();

    GitHistory(String ref, Path mapping) {
        this.ref = ref;
        this.mapping = mapping;
    }

    String ref() {
        return ref;
    }

    /** One change of a commit against its first parent: status letter, path, and the old path of a rename. */
    private record Change(char status, String path, String from) {}

    private record Commit(String hash, List<Change> changes) {
        boolean touches(String path) {
            return path != null && changes.stream().anyMatch(c -> c.path().equals(path));
        }
    }

    /** Where a version is read: the commit, the file's path there, and each reference's path by name. */
    private record Point(int commit, String path, Map<String, String> references) {}

    /** What the mapping file declared for a subject at a commit: its file and referenced files (top-relative). */
    private record Declared(String path, Map<String, String> references) {}

    @Override
    public List<Version> versions(SchemaCheck.Target target) {
        Path file = target.file().toAbsolutePath().normalize();
        Path top = top(file.getParent());
        Repository repository = repositories.computeIfAbsent(top, Repository::new);
        return repository.versions(target);
    }

    @Override
    public void prefetch(Collection<SchemaCheck.Target> targets) {
        Map<Path, List<SchemaCheck.Target>> byRepository = new LinkedHashMap<>();
        for (SchemaCheck.Target target : targets) {
            Path file = target.file().toAbsolutePath().normalize();
            if (!java.nio.file.Files.isRegularFile(file)) {
                continue; // a missing file is reported where it is checked
            }
            try {
                byRepository
                        .computeIfAbsent(top(file.getParent()), t -> new ArrayList<>())
                        .add(target);
            } catch (IllegalArgumentException notInARepository) {
                // versions() says so for this file, where the check reports it
            }
        }
        byRepository.forEach((top, inIt) -> {
            try {
                repositories.computeIfAbsent(top, Repository::new).prefetch(inIt);
            } catch (IllegalArgumentException e) {
                // a bad ref, say: versions() reports it for each file
            }
        });
    }

    private final class Repository {
        private final Path top;
        private List<Commit> commits;
        /** "commit:path" → the blob (absent: not read yet; an empty Optional: no such file there). */
        private final Map<String, Optional<byte[]>> blobs = new HashMap<>();
        /** The subjects the mapping file declared at each commit (null where there was none, or it did not parse). */
        private List<Map<String, Declared>> declared;
        /** Each target's points, traced once: prefetch and versions both need them. */
        private final Map<SchemaCheck.Target, List<Point>> pointsByTarget = new HashMap<>();

        Repository(Path top) {
            this.top = top;
        }

        synchronized List<Version> versions(SchemaCheck.Target target) {
            List<Point> points = points(target);
            read(requests(points));
            List<Version> out = new ArrayList<>();
            for (Point p : points) {
                Optional<byte[]> bytes = blobs.get(key(p.commit(), p.path()));
                if (bytes == null || bytes.isEmpty()) {
                    continue; // deleted at that commit
                }
                Map<String, byte[]> references = new LinkedHashMap<>();
                p.references().forEach((name, path) -> {
                    Optional<byte[]> b = blobs.get(key(p.commit(), path));
                    if (b != null && b.isPresent()) {
                        references.put(name, b.get());
                    }
                });
                String where = "git " + commits().get(p.commit()).hash().substring(0, 7) + ":" + p.path();
                Version v = Version.of(where, bytes.get(), references);
                Version last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last == null
                        || !Objects.equals(last.text(), v.text())
                        || !last.references().equals(v.references())
                        || !Objects.equals(last.unreadable(), v.unreadable())) {
                    out.add(v);
                }
            }
            return out;
        }

        synchronized void prefetch(List<SchemaCheck.Target> targets) {
            List<String> requests = new ArrayList<>();
            for (SchemaCheck.Target t : targets) {
                requests.addAll(requests(points(t)));
            }
            read(requests);
        }

        private List<String> requests(List<Point> points) {
            List<String> out = new ArrayList<>();
            for (Point p : points) {
                out.add(key(p.commit(), p.path()));
                p.references().values().forEach(path -> out.add(key(p.commit(), path)));
            }
            return out;
        }

        private String key(int commit, String path) {
            return commits().get(commit).hash() + ":" + path;
        }

        private List<Point> points(SchemaCheck.Target target) {
            return pointsByTarget.computeIfAbsent(target, this::tracePoints);
        }

        /** The commits at which the subject (its file, its mapping entry, a referenced file) changed, oldest first. */
        private List<Point> tracePoints(SchemaCheck.Target target) {
            List<Commit> all = commits();
            String[] pathAt = trace(relative(target.file()));
            Map<String, String[]> referenceAt = new LinkedHashMap<>();
            for (SchemaCheck.Reference r : target.references()) {
                if (r.file() != null) {
                    referenceAt.put(r.name(), trace(relative(r.file())));
                }
            }
            List<Map<String, Declared>> byMapping = declared();
            List<Point> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Commit c = all.get(i);
                Map<String, Declared> subjects = byMapping == null ? null : byMapping.get(i);
                if (subjects != null) {
                    Declared then = subjects.get(target.subject());
                    if (then == null) {
                        continue; // the mapping file did not declare the subject then
                    }
                    Map<String, Declared> before = i == 0 ? null : byMapping.get(i - 1);
                    boolean moved = before == null || !then.equals(before.get(target.subject()));
                    if (moved
                            || c.touches(then.path())
                            || then.references().values().stream().anyMatch(c::touches)) {
                        out.add(new Point(i, then.path(), then.references()));
                    }
                } else {
                    int at = i;
                    Map<String, String> references = new LinkedHashMap<>();
                    referenceAt.forEach((name, paths) -> references.put(name, paths[at]));
                    boolean changed = c.touches(pathAt[i])
                            || references.values().stream().anyMatch(c::touches)
                            || (byMapping != null && i > 0 && byMapping.get(i - 1) != null);
                    if (changed) {
                        out.add(new Point(i, pathAt[i], references));
                    }
                }
            }
            return out;
        }

        /** The path a file had at each commit, following renames back from today's path. */
        private String[] trace(String path) {
            List<Commit> all = commits();
            String[] out = new String[all.size()];
            String p = path;
            for (int i = all.size() - 1; i >= 0; i--) {
                out[i] = p;
                String before = p;
                for (Change c : all.get(i).changes()) {
                    if (c.path().equals(p) && c.status() == 'R') {
                        before = c.from();
                    }
                }
                p = before;
            }
            return out;
        }

        /**
         * The mapping file's subjects at each commit: re-read where it changed, or where a file its globs match was
         * added, deleted or renamed; null at a commit where there was no mapping file or it could not be read. Null
         * for no mapping file.
         */
        private List<Map<String, Declared>> declared() {
            if (mapping == null || !mapping.startsWith(top)) {
                return null;
            }
            if (declared != null) {
                return declared;
            }
            List<Commit> all = commits();
            String[] mappingAt = trace(relative(mapping));
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).touches(mappingAt[i]) || (i > 0 && !mappingAt[i].equals(mappingAt[i - 1]))) {
                    requests.add(key(i, mappingAt[i]));
                }
            }
            read(requests);
            List<Map<String, Declared>> out = new ArrayList<>();
            Set<String> files = new TreeSet<>();
            String text = null;
            Map<String, Declared> current = null;
            List<PathMatcher> globs = List.of();
            for (int i = 0; i < all.size(); i++) {
                Path dir = top.resolve(mappingAt[i]).getParent();
                boolean globbedChanged = false;
                for (Change c : all.get(i).changes()) {
                    switch (c.status()) {
                        case 'D' -> files.remove(c.path());
                        case 'R' -> {
                            files.remove(c.from());
                            files.add(c.path());
                        }
                        default -> files.add(c.path());
                    }
                    if (c.status() != 'M' && !globs.isEmpty()) {
                        globbedChanged |=
                                matches(globs, dir, c.path()) || (c.from() != null && matches(globs, dir, c.from()));
                    }
                }
                Optional<byte[]> blob = blobs.get(key(i, mappingAt[i]));
                if (blob != null) {
                    text = blob.map(GitHistory::decodeOrNull).orElse(null);
                    globs = text == null ? List.of() : globPatterns(text);
                }
                if (blob != null || globbedChanged) {
                    Map<String, Declared> parsed = text == null ? null : parse(top.resolve(mappingAt[i]), text, files);
                    current = Objects.equals(parsed, current) ? current : parsed;
                }
                out.add(current);
            }
            declared = out;
            return out;
        }

        /** The subjects a mapping text declares with the files of a commit; null when it does not parse. */
        private Map<String, Declared> parse(Path at, String text, Set<String> tree) {
            try {
                Map<String, Declared> subjects = new HashMap<>();
                for (SchemaCheck.Target t :
                        SchemaMapping.parse(at, text, pattern -> glob(at.getParent(), pattern, tree))) {
                    Map<String, String> references = new LinkedHashMap<>();
                    t.references().stream()
                            .filter(r -> r.file() != null)
                            .forEach(r -> references.put(r.name(), relative(r.file())));
                    subjects.putIfAbsent(t.subject(), new Declared(relative(t.file()), Map.copyOf(references)));
                }
                return subjects;
            } catch (IllegalArgumentException invalidThen) {
                return null; // a mapping file that did not parse then: by path, as without one
            }
        }

        private boolean matches(List<PathMatcher> globs, Path dir, String path) {
            Path file = top.resolve(path);
            return file.startsWith(dir) && globs.stream().anyMatch(m -> m.matches(dir.relativize(file)));
        }

        private List<Path> glob(Path dir, String pattern, Set<String> tree) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            List<Path> out = new ArrayList<>();
            for (String f : tree) {
                Path file = top.resolve(f);
                if (file.startsWith(dir) && matcher.matches(dir.relativize(file))) {
                    out.add(file);
                }
            }
            return out;
        }

        private String relative(Path file) {
            Path absolute = file.toAbsolutePath().normalize();
            return top.relativize(absolute).toString().replace(File.separatorChar, '/');
        }

        private List<Commit> commits() {
            if (commits == null) {
                commits = log();
            }
            return commits;
        }

        /** Every first-parent commit reachable from the ref, oldest first, with its changes (renames detected). */
        private List<Commit> log() {
            List<String> command = List.of(
                    "git",
                    "-c",
                    "core.quotepath=off",
                    "-c",
                    "diff.renameLimit=10000",
                    "log",
                    "--first-parent",
                    "--diff-merges=first-parent",
                    "--reverse",
                    "--find-renames",
                    "--name-status",
                    "-z",
                    "--format=%x01%H",
                    ref,
                    "--");
            byte[] out = SchemaHistory.run(top, command);
            if (out == null) {
                throw new IllegalArgumentException("`git log " + ref + "` failed in " + top
                        + " — is it a git repository and does '" + ref + "' exist?");
            }
            List<Commit> commits = new ArrayList<>();
            for (String entry : new String(out, StandardCharsets.UTF_8).split("\u0001")) {
                int end = entry.indexOf('\0');
                String hash = (end < 0 ? entry : entry.substring(0, end)).trim();
                if (hash.isEmpty()) {
                    continue;
                }
                List<Change> changes = new ArrayList<>();
                if (end >= 0) {
                    String[] fields = entry.substring(end + 1).split("\0");
                    for (int k = 0; k < fields.length; k++) {
                        String status = fields[k].strip();
                        if (status.isEmpty()) {
                            continue;
                        }
                        char kind = status.charAt(0);
                        if ((kind == 'R' || kind == 'C') && k + 2 < fields.length) {
                            changes.add(new Change(kind, fields[k + 2], fields[k + 1]));
                            k += 2;
                        } else if (k + 1 < fields.length) {
                            changes.add(new Change(kind, fields[k + 1], null));
                            k += 1;
                        }
                    }
                }
                commits.add(new Commit(hash, List.copyOf(changes)));
            }
            return commits;
        }

        /** Reads the blobs not read yet, in one {@code git cat-file --batch}. */
        private void read(List<String> requests) {
            List<String> missing = new ArrayList<>(new java.util.LinkedHashSet<>(requests));
            missing.removeIf(blobs::containsKey);
            missing.removeIf(r -> r.contains("\n")); // cannot be named to cat-file: read below one by one
            if (!missing.isEmpty()) {
                List<byte[]> read = catFile(missing);
                for (int i = 0; i < missing.size(); i++) {
                    blobs.put(missing.get(i), Optional.ofNullable(read.get(i)));
                }
            }
            for (String r : new HashSet<>(requests)) {
                if (!blobs.containsKey(r)) {
                    blobs.put(r, Optional.ofNullable(SchemaHistory.run(top, List.of("git", "show", r))));
                }
            }
        }

        /** The blob each {@code COMMIT:PATH} names, in order; null where there is none (the file deleted there). */
        private List<byte[]> catFile(List<String> requests) {
            List<byte[]> out = new ArrayList<>();
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
    }

    private static String decodeOrNull(byte[] bytes) {
        try {
            return SchemaText.decode(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code files:} globs of a mapping text, to know which added or deleted files can change what it declares. */
    private static List<PathMatcher> globPatterns(String text) {
        try {
            JsonNode entries = YAML.readTree(text).path("schemas");
            List<PathMatcher> out = new ArrayList<>();
            for (JsonNode e : entries) {
                if (e.path("files").isTextual()) {
                    out.add(FileSystems.getDefault()
                            .getPathMatcher("glob:" + e.get("files").asText()));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
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
        return tops.computeIfAbsent(dir, d -> Optional.ofNullable(SchemaHistory.gitTop(d)))
                .map(p -> p.toAbsolutePath().normalize())
                .orElseThrow(() -> new IllegalArgumentException("`git rev-parse --show-toplevel` failed in " + dir
                        + " — is it a git repository and does '" + ref + "' exist?"));
    }
}
