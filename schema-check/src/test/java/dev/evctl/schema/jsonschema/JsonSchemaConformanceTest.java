package dev.evctl.schema.jsonschema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.RegistryMessages;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.conformance.Conformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the JSON Schema corpus (json-schema-compat, recorded from a real Confluent Schema
 * Registry 7.9.9) at every level: the same verdict, the same error types as a multiset, the same
 * failing versions and the registry's sentences. Where the registry gave no verdict (HTTP 500 on a
 * lowered exclusiveMaximum) evctl's answer is checked to be the incompatible one, EXCLUSIVE_MAXIMUM_DECREASED.
 */
class JsonSchemaConformanceTest {

    private static final Path CORPUS = Conformance.dir("json-schema-compat");
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
        assertEquals(78 * 7, tests.size(), "the whole corpus");
        return tests.stream();
    }

    static JsonSchemaFormat.Parsed schema(JsonNode c, String text, JsonNode references) {
        List<SchemaFormat.Referenced> refs = new ArrayList<>();
        if (references != null) {
            for (JsonNode r : references) {
                int dep = r.get("dependency").asInt();
                int version = r.get("version").asInt();
                refs.add(new SchemaFormat.Referenced(
                        r.get("name").asText(),
                        c.get("dependencies")
                                .get(dep - 1)
                                .get("version_schema_strings")
                                .get(version - 1)
                                .asText(),
                        "dep-" + dep,
                        version));
            }
        }
        return JsonSchemaFormat.INSTANCE.parse(text, refs);
    }

    private static void check(JsonNode c, CompatibilityLevel level, JsonNode expected) {
        List<JsonSchemaFormat.Parsed> history = new ArrayList<>();
        JsonNode historyRefs = c.get("history_references");
        for (int i = 0; i < c.get("history_schema_strings").size(); i++) {
            history.add(schema(
                    c,
                    c.get("history_schema_strings").get(i).asText(),
                    historyRefs == null ? null : historyRefs.get(i)));
        }
        var versions = JsonSchemaFormat.versions(history);
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
            JsonSchemaFormat.Parsed candidate =
                    schema(c, c.get("candidate_schema_string").asText(), c.get("candidate_references"));
            CompatibilityResult result = JsonSchemaFormat.check(candidate, versions, level, false);
            compatible = result.compatible();
            for (Incompatibility i : result.incompatibilities()) {
                types.add(i.type());
                sentences.add("{errorType:\"" + i.type() + "\", description:\"" + i.message() + "'}");
                // SCHEMA_ADDED: the registry's sentence is empty, so its answer says neither where nor which way
                ours.add(
                        i.type().equals("SCHEMA_ADDED")
                                ? "SCHEMA_ADDED #/ ?"
                                : i.type() + " " + i.path() + " " + i.direction());
            }
            failed.addAll(result.failedVersions());
        } catch (InvalidSchemaException e) {
            compatible = false;
            assertTrue(
                    c.get("candidate_rejected_as_invalid").asBoolean(),
                    "we call the candidate invalid, the registry did not: " + e.getMessage());
        }
        if (expected.get("compatible_all").isNull()) {
            // the registry failed (HTTP 500): a lowered exclusiveMaximum, which evctl calls what it is
            assertEquals(List.of("EXCLUSIVE_MAXIMUM_DECREASED"), types);
            return;
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
        // the registry's answer read back (schema check --remote): the same problems, and their directions where the
        // words say
        List<String> rawMessages = new ArrayList<>();
        expected.get("messages_all").forEach(m -> rawMessages.add(m.asText()));
        List<String> read = RegistryMessages.read(rawMessages, level).problems().stream()
                .map(i -> i.type() + " " + i.path() + " " + (i.type().equals("SCHEMA_ADDED") ? "?" : i.direction()))
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
