package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.conformance.Conformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility cases of suites nobody here wrote — Confluent Schema Registry 7.9.9's own
 * Protobuf and JSON Schema diff suites and its Avro compatibility test, Apache Avro 1.12.1's
 * reader/writer pairs (the repository's copy of {@code conformance/external-suites}, whose README
 * names the sources) — each get the registry's (or Avro's) verdict from the offline gate, case for
 * case. Each version is read with the files it imported in the suite: the original's dependencies
 * for the earlier version, the update's for the new one.
 */
class ExternalSuitesTest {

    private static final Path CASES = Conformance.dir("external-suites/cases");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DIFF_SUITES = List.of(
            "protobuf",
            "protobuf-meta",
            "protobuf-files",
            "json",
            "json-combined",
            "json-2020-12",
            "json-combined-2020-12",
            "avro-apache");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> everyCaseGetsTheVerdictItsSuiteGives() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String suite : DIFF_SUITES) {
            for (Path dir : cases(suite)) {
                tests.add(DynamicTest.dynamicTest(suite + "/" + dir.getFileName(), () -> diffCase(dir)));
            }
        }
        for (Path dir : cases("avro-confluent")) {
            tests.add(DynamicTest.dynamicTest("avro-confluent/" + dir.getFileName(), () -> historyCase(dir)));
        }
        assertEquals(459, tests.size(), "the whole of the external suites");
        return tests.stream();
    }

    private static List<Path> cases(String suite) throws IOException {
        try (Stream<Path> dirs = Files.list(CASES.resolve(suite))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** A pair: the old version as a dir: baseline (with its own imports), the new one with the update's. */
    private void diffCase(Path dir) throws IOException {
        JsonNode c = JSON.readTree(dir.resolve("case.json").toFile());
        String name = "schema." + c.get("ext").asText();
        Path root = Files.createTempDirectory(work, "case");
        Path now = root.resolve("new");
        Path before = root.resolve("old");
        Files.createDirectories(now);
        Files.createDirectories(before);
        Files.copy(dir.resolve("new").resolve(name), now.resolve(name));
        Files.copy(dir.resolve("old").resolve(name), before.resolve(name));
        List<SchemaCheck.Reference> references = new ArrayList<>();
        for (JsonNode ref : c.get("refs")) {
            String r = ref.asText();
            Path file = now.resolve(r);
            Files.createDirectories(file.getParent());
            Files.copy(dir.resolve("refs").resolve(r), file);
            references.add(new SchemaCheck.Reference(r, null, null, file));
            String original = c.path("original_dependencies").path(r).asText(null);
            if (original != null) {
                Files.createDirectories(before.resolve(r).getParent());
                Files.writeString(before.resolve(r), original);
            }
        }
        c.path("update_dependencies").fields().forEachRemaining(e -> write(now.resolve(e.getKey()), e.getValue()));
        SchemaHistory baseline = SchemaHistory.parse("dir:" + before, now, now, null);
        SchemaCheck.Target target = new SchemaCheck.Target(
                "schema",
                now.resolve(name),
                references,
                null,
                null,
                SchemaType.parse(c.get("type").asText()));
        SchemaCheck.Report report = new SchemaCheck(baseline).check(target, CompatibilityLevel.BACKWARD);
        assertEquals(1, report.versionsChecked(), "the earlier version was read");
        assertEquals(
                c.get("compatible").asBoolean(),
                report.compatible(),
                c.get("description").asText() + ": " + report.findings());
    }

    /** A history of versions, checked at the level the suite names. */
    private static void historyCase(Path dir) throws IOException {
        JsonNode c = JSON.readTree(dir.resolve("case.json").toFile());
        List<SchemaHistory.Version> versions = new ArrayList<>();
        for (int v = 1; v <= c.get("previous").size(); v++) {
            versions.add(new SchemaHistory.Version(
                    "v" + v, Files.readString(dir.resolve("v" + v).resolve("schema.avsc")), Map.of(), null));
        }
        SchemaHistory history = target -> versions;
        SchemaCheck.Target target =
                new SchemaCheck.Target("schema", dir.resolve("new").resolve("schema.avsc"));
        SchemaCheck.Report report = new SchemaCheck(history)
                .check(target, CompatibilityLevel.parse(c.get("level").asText()));
        assertTrue(report.note() == null, "compared with the earlier versions");
        assertEquals(
                c.get("expected").asBoolean(),
                report.compatible(),
                c.get("description").asText() + ": " + report.findings());
    }

    private static void write(Path file, JsonNode text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
