package dev.evctl.schema.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.RegistryMessages;
import dev.evctl.schema.conformance.Conformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the Protobuf corpus (protobuf-compat, recorded from a real Confluent Schema
 * Registry 7.9.9) at every level: the same verdict, the same error types as a multiset, the same
 * failing versions, and the registry's own sentence for each problem.
 */
class ProtoConformanceTest {

    private static final Path CORPUS = Conformance.dir("protobuf-compat");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyCaseAtEveryLevelMatchesTheRealRegistry() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode c = JSON.readTree(file.toFile());
                c.get("results")
                        .fields()
                        .forEachRemaining(level -> tests.add(DynamicTest.dynamicTest(
                                c.get("case").asText() + " " + level.getKey(),
                                () -> check(c, CompatibilityLevel.parse(level.getKey()), level.getValue()))));
            }
        }
        assertEquals(88 * 7, tests.size(), "the whole corpus");
        return tests.stream();
    }

    /**
     * What the registry stores for a registered schema is its canonical text: comments and layout dropped, as evctl
     * prints it.
     */
    @TestFactory
    Stream<DynamicTest> theStoredTextIsTheCanonicalText() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode c = JSON.readTree(file.toFile());
                JsonNode none = c.get("results").get("NONE");
                if (none.get("register_http").asInt() != 200
                        || c.get("candidate_rejected_as_invalid").asBoolean()) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(c.get("case").asText(), () -> {
                    ProtoSchema candidate =
                            schema(c, c.get("candidate_schema_string").asText(), c.get("candidate_references"));
                    String stored = none.get("latest_after_register")
                            .get("body")
                            .get("schema")
                            .asText();
                    assertEquals(stored, candidate.canonical());
                }));
            }
        }
        assertTrue(tests.size() > 70, "most of the corpus registers: " + tests.size());
        return tests.stream();
    }

    /**
     * The case's schema text with the dependencies its references name (dependency i version v is subject dep-i,
     * version v).
     */
    static ProtoSchema schema(JsonNode c, String text, JsonNode references) {
        Map<String, ProtoSchema.Dependency> deps = new LinkedHashMap<>();
        if (references != null) {
            for (JsonNode r : references) {
                int dep = r.get("dependency").asInt();
                int version = r.get("version").asInt();
                String depText = c.get("dependencies")
                        .get(dep - 1)
                        .get("version_schema_strings")
                        .get(version - 1)
                        .asText();
                String name = r.get("name").asText();
                deps.put(name, new ProtoSchema.Dependency(name, ProtoSchema.parseFile(depText), "dep-" + dep, version));
            }
        }
        return ProtoSchema.parse(text, deps);
    }

    private static void check(JsonNode c, CompatibilityLevel level, JsonNode expected) {
        List<ProtoSchema> history = new ArrayList<>();
        JsonNode historyRefs = c.get("history_references");
        for (int i = 0; i < c.get("history_schema_strings").size(); i++) {
            history.add(schema(
                    c,
                    c.get("history_schema_strings").get(i).asText(),
                    historyRefs == null ? null : historyRefs.get(i)));
        }
        var versions = ProtoCompatibility.versions(history);
        List<Integer> expectedVersions = new ArrayList<>();
        expected.get("versions_after_history").forEach(v -> expectedVersions.add(v.asInt()));
        assertEquals(
                expectedVersions,
                versions.stream().map(CompatibilityChecker.Versioned::version).toList(),
                "versions of the history");

        boolean compatible;
        List<String> types = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        try {
            ProtoSchema candidate = schema(c, c.get("candidate_schema_string").asText(), c.get("candidate_references"));
            CompatibilityResult result = ProtoCompatibility.check(candidate, versions, level);
            compatible = result.compatible();
            for (Incompatibility i : result.incompatibilities()) {
                types.add(i.type());
                sentences.add("{errorType:\"" + i.type() + "\", description:\"" + i.message() + "\"}");
                ours.add(i.type() + " " + i.path() + " " + i.direction());
            }
            failed.addAll(result.failedVersions());
        } catch (InvalidSchemaException e) {
            compatible = false;
            assertTrue(
                    c.get("candidate_rejected_as_invalid").asBoolean(),
                    "we call the candidate invalid, the registry did not: " + e.getMessage());
        }
        if (expected.get("compatible_all").isNull()) {
            return; // the registry gave no verdict
        }
        assertEquals(expected.get("compatible_all").asBoolean(), compatible, "verdict");
        if (c.get("candidate_rejected_as_invalid").asBoolean()) {
            assertTrue(types.isEmpty());
            return;
        }
        List<String> expectedTypes = new ArrayList<>();
        expected.get("error_types_all").forEach(t -> expectedTypes.add(t.asText()));
        assertEquals(
                expectedTypes.stream().sorted().toList(),
                types.stream().sorted().toList(),
                "error types (a multiset)");
        List<String> expectedSentences = new ArrayList<>();
        expected.get("messages_all").forEach(m -> {
            if (m.asText().startsWith("{errorType:")) {
                expectedSentences.add(m.asText());
            }
        });
        assertEquals(
                expectedSentences.stream().sorted().toList(),
                sentences.stream().sorted().toList(),
                "the registry's sentences");
        // and the other way round: the registry's answer read back (schema check --remote) names the same problems and
        // directions
        List<String> rawMessages = new ArrayList<>();
        expected.get("messages_all").forEach(m -> rawMessages.add(m.asText()));
        List<String> read = RegistryMessages.read(rawMessages, level).problems().stream()
                .map(i -> i.type() + " " + i.path() + " " + i.direction())
                .sorted()
                .toList();
        assertEquals(ours.stream().sorted().toList(), read, "the registry's answer read back");
        List<Integer> expectedFailed = new ArrayList<>();
        expected.get("failed_old_versions_all").forEach(v -> expectedFailed.add(v.asInt()));
        if (!expectedFailed.isEmpty()) {
            assertEquals(expectedFailed, failed, "failing version");
        }
    }
}
