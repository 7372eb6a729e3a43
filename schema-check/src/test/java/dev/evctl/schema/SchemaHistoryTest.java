package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git history read ahead in one log and one cat-file per repository gives what reading it file by file gives. */
@Tag("integration")
class SchemaHistoryTest {

    @TempDir
    Path repo;

    @Test
    void readAheadVersionsEqualThePerFileVersions() throws Exception {
        git("init", "-q", "-b", "main");
        git("config", "user.email", "t@example.com");
        git("config", "user.name", "t");
        Path a = repo.resolve("schemas/a.avsc");
        Path odd = repo.resolve("schemas/b c[1]*.avsc"); // a space and glob characters: a literal path, not a pattern
        Path other = repo.resolve("other/x.avsc");
        Path gone = repo.resolve("schemas/gone.avsc");
        write(a, "a1");
        write(odd, "b1");
        write(repo.resolve("schemas/b c1x.avsc"), "not the odd file"); // what the glob would also match
        write(other, "x1");
        write(gone, "g1");
        commit("one");
        write(a, "a2");
        commit("two");
        git("checkout", "-q", "-b", "feature");
        write(odd, "b-wip");
        commit("wip");
        write(odd, "b2");
        commit("done");
        git("checkout", "-q", "main");
        git("merge", "-q", "--no-ff", "feature", "-m", "merge");
        Files.delete(gone);
        commit("delete");
        write(gone, "g1");
        commit("back");
        write(a, "a3");
        commit("three");

        List<Path> files = List.of(a, odd, other, gone, repo.resolve("schemas/new.avsc"));
        write(files.get(4), "new"); // not committed: no versions
        SchemaHistory ahead = SchemaHistory.parse("git:HEAD", repo);
        ahead.prefetch(files);
        SchemaHistory perFile = SchemaHistory.parse("git:HEAD", repo);
        // read ahead means no git call is left: with the repository out of the way the answers stand
        Files.move(repo.resolve(".git"), repo.resolve("git-away"));
        assertEquals(List.of("a1\n", "a2\n", "a3\n"), ahead.versions(a));
        assertEquals(
                List.of("b1\n", "b2\n"),
                ahead.versions(odd),
                "first parent: the branch's work in progress is not a version");
        assertEquals(List.of("x1\n"), ahead.versions(other));
        assertEquals(List.of("g1\n"), ahead.versions(gone), "deleted and added back with the same text: one version");
        assertEquals(List.of(), ahead.versions(files.get(4)));
        Files.move(repo.resolve("git-away"), repo.resolve(".git"));
        for (Path f : files) {
            assertEquals(perFile.versions(f), ahead.versions(f), f.toString());
        }
    }

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

    private void commit(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }
}
