package dev.evctl.schema.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The repository's copy of the conformance data (src/test/resources/conformance) is
 * byte-identical to ../shared/conformance. Runs where ../shared exists (developers' machines and
 * CI); a user's clone has only the copy, and the tests read only the copy.
 */
class ConformanceCopyTest {

    private static final Path SHARED = Path.of("..", "..", "shared", "conformance");
    private static final Path COPY = Path.of("src", "test", "resources", "conformance");

    @Test
    void copyEqualsShared() throws IOException {
        Assumptions.assumeTrue(
                Files.isDirectory(SHARED), "no ../shared/conformance beside this clone: nothing to compare with");
        TreeSet<String> shared = files(SHARED);
        TreeSet<String> copy = files(COPY);
        assertEquals(
                shared,
                copy,
                "the same files in " + COPY + " as in "
                        + SHARED.toAbsolutePath().normalize() + " — refresh with: rm -rf schema-check/" + COPY
                        + " && cp -r ../shared/conformance schema-check/" + COPY.getParent());
        List<String> differ = new ArrayList<>();
        for (String f : shared) {
            if (!Arrays.equals(Files.readAllBytes(SHARED.resolve(f)), Files.readAllBytes(COPY.resolve(f)))) {
                differ.add(f);
            }
        }
        assertTrue(differ.isEmpty(), "copies differ from ../shared: " + differ);
        assertTrue(shared.size() > 100, "expected the whole corpus, found " + shared.size() + " files");
    }

    private static TreeSet<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            TreeSet<String> out = new TreeSet<>();
            s.filter(Files::isRegularFile)
                    .forEach(p -> out.add(root.relativize(p).toString()));
            return out;
        }
    }
}
