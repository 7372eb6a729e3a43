package dev.evctl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.conformance.Conformance;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every verbose answer a real Confluent Schema Registry 7.9.9 gave in the avro-compat corpus is
 * read into the problems evctl's own engine finds for that case and level: the same type, path,
 * direction and version, in the same order, with Avro's own sentence — and the sandbox registry's
 * wording of the engine's problems is exactly the real registry's text.
 */
class RegistryMessagesTest {

    private static final Path CORPUS = Conformance.dir("avro-compat");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyRecordedAnswerReadsAsTheEngineFindsIt() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode c = JSON.readTree(file.toFile());
                if (c.get("candidate_rejected_as_invalid").asBoolean()) {
                    continue;
                }
                c.get("results").fields().forEachRemaining(level -> {
                    JsonNode messages = level.getValue().get("messages_all");
                    if (messages != null && messages.size() > 0) {
                        tests.add(DynamicTest.dynamicTest(
                                c.get("case").asText() + " " + level.getKey(),
                                () -> check(c, CompatibilityLevel.parse(level.getKey()), messages)));
                    }
                });
            }
        }
        assertTrue(tests.size() >= 150, "expected every incompatible case-level of the corpus, found " + tests.size());
        return tests.stream();
    }

    private static void check(JsonNode c, CompatibilityLevel level, JsonNode recorded) {
        List<String> messages = new ArrayList<>();
        recorded.forEach(m -> messages.add(m.asText()));
        List<Schema> history = new ArrayList<>();
        c.get("history_schema_strings").forEach(s -> history.add(AvroSchemas.parse(s.asText())));
        Schema candidate = AvroSchemas.parse(c.get("candidate_schema_string").asText());
        CompatibilityResult engine =
                new CompatibilityChecker().check(candidate, CompatibilityChecker.versions(history), level);

        RegistryMessages.Answer answer = RegistryMessages.read(messages, level);
        List<Incompatibility> read = answer.problems();
        assertEquals(engine.incompatibilities().size(), read.size(), "problems in " + messages);
        boolean namesVersion = messages.stream().anyMatch(m -> m.startsWith("{oldSchemaVersion"));
        for (int i = 0; i < read.size(); i++) {
            Incompatibility mine = engine.incompatibilities().get(i);
            Incompatibility theirs = read.get(i);
            assertEquals(mine.type(), theirs.type(), "type of " + messages.get(i));
            if (theirs.path().equals("/")
                    && mine.type().equals("TYPE_MISMATCH")
                    && mine.path().matches(".*/\\d+")) {
                // the real registry gives no path for a mismatch inside a union branch; evctl's engine does
            } else {
                assertEquals(mine.path(), theirs.path(), "path of " + messages.get(i));
            }
            assertEquals(mine.message(), theirs.message(), "Avro's sentence (additionalInfo) of " + messages.get(i));
            if (theirs.direction() != null) {
                assertEquals(mine.direction(), theirs.direction(), "direction of " + messages.get(i));
            } else {
                // only a NAME_MISMATCH beside a backward problem under FULL leaves the direction open
                assertEquals("NAME_MISMATCH", theirs.type(), messages.get(i));
            }
            assertEquals(namesVersion ? mine.oldVersion() : 0, theirs.oldVersion(), "version of " + messages.get(i));
            assertFalse(theirs.explain().contains("version 0"), theirs.explain());
            // the sandbox registry words the engine's problem as the real one did
            assertEquals(messages.get(i), RegistryMessages.describe(mine), "the sandbox registry's wording");
        }
        if (namesVersion) {
            assertNotEquals(null, answer.oldSchema(), "the old schema's text comes with its version");
        }
    }

    /** A forward problem's path is in the old schema: its line is where that field is in the new file, by name. */
    @Test
    void aForwardProblemPointsAtTheFieldByNameInTheNewFile() {
        String old = """
                {"type": "record", "name": "Order", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "total", "type": "int"}
                ]}""";
        String candidate = """
                {"type": "record", "name": "Order", "fields": [
                  {"name": "note", "type": "string", "default": ""},
                  {"name": "extra", "type": "string", "default": ""},
                  {"name": "id", "type": "string"},
                  {"name": "total", "type": "long"}
                ]}""";
        assertEquals("/fields/3/type", JsonLines.translate(old, candidate, "/fields/1/type"));
        assertEquals(5, JsonLines.of(candidate).line(JsonLines.translate(old, candidate, "/fields/1/type")));
        assertEquals(
                null,
                JsonLines.translate(old, candidate.replace("\"total\"", "\"sum\""), "/fields/1/type"),
                "a field that is gone");
    }
}
