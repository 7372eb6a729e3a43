package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the conformance corpus avro-compat (the repository's copy, see Conformance) at every level must get
 * the verdict, the
 * error types and the failing version that a real Confluent Schema Registry 7.9.9 gave.
 */
class ConformanceTest {

    private static final Path CORPUS = dev.evctl.schema.conformance.Conformance.dir("avro-compat");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyCaseAtEveryLevelMatchesTheRealRegistry() throws IOException {
        assertTrue(Files.isDirectory(CORPUS), "conformance corpus missing at " + CORPUS.toAbsolutePath());
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode c = JSON.readTree(file.toFile());
                c.get("verdict_summary")
                        .fields()
                        .forEachRemaining(level -> tests.add(DynamicTest.dynamicTest(
                                c.get("case").asText() + " " + level.getKey(),
                                () -> check(c, CompatibilityLevel.parse(level.getKey()), level.getValue()))));
            }
        }
        assertTrue(tests.size() >= 7 * 90, "expected the whole corpus, found " + tests.size() + " case-levels");
        return tests.stream();
    }

    private static void check(JsonNode c, CompatibilityLevel level, JsonNode expected) {
        List<Schema> history = new ArrayList<>();
        c.get("history_schema_strings").forEach(s -> history.add(AvroSchemas.parse(s.asText())));
        boolean compatible;
        TreeSet<String> types = new TreeSet<>();
        List<Integer> failed = new ArrayList<>();
        try {
            Schema candidate =
                    AvroSchemas.parse(c.get("candidate_schema_string").asText());
            CompatibilityResult result =
                    new CompatibilityChecker().check(candidate, CompatibilityChecker.versions(history), level);
            compatible = result.compatible();
            result.incompatibilities().forEach(i -> types.add(i.type()));
            failed.addAll(result.failedVersions());
        } catch (InvalidSchemaException e) {
            compatible = false;
            assertTrue(
                    c.get("candidate_rejected_as_invalid").asBoolean(),
                    "we call the candidate invalid, the registry did not: " + e.getMessage());
        }
        assertEquals(expected.get("compatible_all").asBoolean(), compatible, "verdict");
        List<String> expectedTypes = new ArrayList<>();
        expected.get("error_types_all").forEach(t -> expectedTypes.add(t.asText()));
        assertEquals(expectedTypes, new ArrayList<>(types), "error types");
        List<Integer> expectedFailed = new ArrayList<>();
        expected.get("failed_old_versions_all").forEach(v -> expectedFailed.add(v.asInt()));
        if (!expectedFailed.isEmpty()) {
            assertEquals(expectedFailed, failed, "failing version");
        }
    }
}
