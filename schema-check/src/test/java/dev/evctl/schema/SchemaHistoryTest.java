package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        init();
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
        ahead.prefetch(files.stream().map(f -> new SchemaCheck.Target("s", f)).toList());
        // read ahead means no git call is left: with the repository out of the way the answers stand
        Files.move(repo.resolve(".git"), repo.resolve("git-away"));
        assertEquals(List.of("a1\n", "a2\n", "a3\n"), texts(ahead, a));
        assertEquals(
                List.of("b1\n", "b2\n"),
                texts(ahead, odd),
                "first parent: the branch's work in progress is not a version");
        assertEquals(List.of("x1\n"), texts(ahead, other));
        assertEquals(List.of("g1\n"), texts(ahead, gone), "deleted and added back with the same text: one version");
        assertEquals(List.of(), texts(ahead, files.get(4)));
        Files.move(repo.resolve("git-away"), repo.resolve(".git"));
        SchemaHistory fresh = SchemaHistory.parse("git:HEAD", repo);
        for (Path f : files) {
            assertEquals(texts(fresh, f), texts(ahead, f), f.toString());
        }
    }

    @Test
    void aFileMovedWithGitMvKeepsItsVersions() throws Exception {
        init();
        Path old = repo.resolve("schemas/order.avsc");
        write(old, "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}");
        commit("one");
        Path moved = repo.resolve("events/v2/order.avsc");
        Files.createDirectories(moved.getParent());
        git("mv", "schemas/order.avsc", "events/v2/order.avsc");
        commit("moved");
        write(
                moved,
                "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"},"
                        + " {\"name\": \"note\", \"type\": \"string\", \"default\": \"\"}]}");
        commit("changed");
        List<SchemaHistory.Version> versions =
                SchemaHistory.parse("git:HEAD", repo).versions(new SchemaCheck.Target("s", moved));
        assertEquals(2, versions.size(), versions.toString());
        assertTrue(
                versions.get(0).where().endsWith(":schemas/order.avsc"),
                versions.get(0).where());
        assertTrue(
                versions.get(1).where().endsWith(":events/v2/order.avsc"),
                versions.get(1).where());
    }

    @Test
    void everyVersionIsReadAsTheWorkingTreeIsAndOneThatCannotBeSaysWhy() throws Exception {
        init();
        Path file = repo.resolve("a.avsc");
        Files.write(file, ("\uFEFF\"string\"\r\n").getBytes(StandardCharsets.UTF_8));
        commit("bom");
        Files.write(file, new byte[] {'"', (byte) 0xE9, '"'});
        commit("latin-1");
        List<SchemaHistory.Version> versions =
                SchemaHistory.parse("git:HEAD", repo).versions(new SchemaCheck.Target("s", file));
        assertEquals("\"string\"\r\n", versions.get(0).text(), "the BOM dropped, the line end kept");
        assertNull(versions.get(1).text());
        assertEquals("it is not UTF-8 text (byte 1 is 0xE9)", versions.get(1).unreadable());
    }

    private static List<String> texts(SchemaHistory history, Path file) {
        return history.versions(new SchemaCheck.Target("s", file)).stream()
                .map(SchemaHistory.Version::text)
                .toList();
    }

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

    private void init() throws Exception {
        GitRepo.init(repo);
    }

    private void commit(String message) throws Exception {
        GitRepo.commitAll(repo, message);
    }

    private void git(String... args) throws Exception {
        GitRepo.git(repo, args);
    }
}
