package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.schema.registry.TranscriptRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema subcommands against the recorded answers of a real registry. */
class SchemaRegistryCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private TranscriptRegistry registry;
    private Evctl evctl;

    @BeforeEach
    void setUp() throws Exception {
        registry = new TranscriptRegistry();
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", registry.url());
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private Path schemaOf(String label) throws Exception {
        Path file = home.resolve(label + ".avsc");
        Files.writeString(
                file, registry.exchange(label).get("request_body").get("schema").asText());
        return file;
    }

    @Test
    void registerGetListVersionsAndConfig() throws Exception {
        Path v1 = schemaOf("reg_v1");
        registry.answer("reg_v1", "get_v1", "subjects_prefix", "versions", "config_subject_default", "config_put_FULL");
        String id = registry.exchange("reg_v1").get("response_body").get("id").asText();
        assertEquals(
                id,
                evctl.ok("schema", "register", "api-orders-value", "-f", v1.toString())
                        .out()
                        .trim());
        assertTrue(evctl.ok("schema", "get", "api-orders-value", "1")
                .out()
                .startsWith("# api-orders-value version 1, id " + id));
        assertTrue(evctl.ok("schema", "list", "--prefix", "api-")
                .out()
                .lines()
                .toList()
                .contains("api-orders-value"));
        assertEquals(
                List.of("1", "2"),
                evctl.ok("schema", "versions", "api-orders-value").out().lines().toList());
        assertEquals(
                "BACKWARD",
                evctl.ok("schema", "config", "api-orders-value").out().trim());
        assertEquals(
                "FULL",
                evctl.ok("schema", "config", "api-orders-value", "--set", "full")
                        .out()
                        .trim());
    }

    /** The registry commands' JSON documents: the fields scripts may rely on, in this order. */
    @Test
    void registerGetListAndVersionsDocuments() throws Exception {
        Path v1 = schemaOf("reg_v1");
        registry.answer("reg_v1", "get_v1", "subjects_prefix", "versions");
        JsonNode registered =
                JSON.readTree(evctl.ok("schema", "register", "api-orders-value", "-f", v1.toString(), "-o", "json")
                        .out());
        assertEquals(List.of("subject", "id"), Evctl.fields(registered));
        assertEquals(
                registry.exchange("reg_v1").get("response_body").get("id").asInt(),
                registered.get("id").asInt());
        JsonNode got = JSON.readTree(
                evctl.ok("schema", "get", "api-orders-value", "1", "-o", "json").out());
        assertEquals(List.of("subject", "version", "id", "schemaType", "references", "schema"), Evctl.fields(got));
        assertEquals("AVRO", got.get("schemaType").asText());
        JsonNode listed = JSON.readTree(
                evctl.ok("schema", "list", "--prefix", "api-", "-o", "json").out());
        assertEquals(List.of("subject"), Evctl.fields(listed.get(0)));
        JsonNode versions = JSON.readTree(
                evctl.ok("schema", "versions", "api-orders-value", "-o", "json").out());
        assertEquals(List.of("subject", "versions"), Evctl.fields(versions));
        assertEquals("[1,2]", versions.get("versions").toString());
    }

    @Test
    void refusalsMapToExitCodes() throws Exception {
        Path incompatible = schemaOf("reg_incompatible");
        registry.answer("reg_incompatible", "err_unknown_version");
        Evctl.Result refused = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "register", "api-orders-value", "-f", incompatible.toString());
        assertTrue(refused.err().contains("incompatible schema for subject 'api-orders-value'"), refused.err());
        assertTrue(evctl.expect(ExitCodes.NOT_FOUND, "schema", "get", "api-orders-value", "99")
                .err()
                .contains("version not found"));

        Path broken = home.resolve("broken.avsc");
        Files.writeString(broken, "{\"type\": \"record\"");
        evctl.expect(ExitCodes.BAD_INPUT, "schema", "register", "api-orders-value", "-f", broken.toString());
        assertEquals(2, registry.sent().size(), "an invalid file is refused before any request");
    }

    @Test
    void deletesConfirmOffTerminalAndAnswerWhatWasDeleted() {
        evctl.expect(ExitCodes.USAGE, "schema", "delete", "api-delete-value", "2");
        assertTrue(registry.sent().isEmpty(), "nothing sent without --yes");
        registry.answer("del_soft_v2");
        assertTrue(evctl.ok("schema", "delete", "api-delete-value", "2", "--yes")
                .err()
                .contains("soft-deleted version 2 of 'api-delete-value': 2"));
    }
}
