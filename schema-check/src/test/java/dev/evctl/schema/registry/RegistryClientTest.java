package dev.evctl.schema.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the recorded answers of a real registry: it must send what the recording
 * sent (method, path, body, media types) and read every answer as the registry meant it.
 */
class RegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TranscriptRegistry registry;
    private RegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = new TranscriptRegistry();
        client = new RegistryClient(new RegistryClient.Settings(
                URI.create(registry.url()), null, null, null, Duration.ofSeconds(5), 2, null));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private String recordedSchema(String label) {
        return registry.exchange(label).get("request_body").get("schema").asText();
    }

    /** Every request matches the recorded one: method, path with query, JSON body and media types. */
    private void assertSentAsRecorded(String... labels) throws Exception {
        List<TranscriptRegistry.Sent> sent = registry.sent();
        assertEquals(labels.length, sent.size());
        for (int i = 0; i < labels.length; i++) {
            JsonNode e = registry.exchange(labels[i]);
            TranscriptRegistry.Sent s = sent.get(i);
            assertEquals(e.get("method").asText(), s.method(), labels[i]);
            assertEquals(e.get("path").asText(), s.path(), labels[i]);
            assertEquals(RegistryClient.MEDIA_TYPE, s.accept(), labels[i]);
            if (e.get("request_body").isNull()) {
                assertTrue(s.body().isEmpty(), labels[i] + " sends no body");
            } else {
                assertEquals(e.get("request_body"), JSON.readTree(s.body()), labels[i]);
                assertEquals(RegistryClient.MEDIA_TYPE, s.contentType(), labels[i]);
            }
        }
    }

    @Test
    void registersLooksUpAndReadsVersions() throws Exception {
        registry.answer("reg_v1", "versions", "get_v1", "get_latest", "lookup_v1", "get_id");
        int id = client.register("api-orders-value", recordedSchema("reg_v1"), List.of(), false);
        assertEquals(registry.exchange("reg_v1").get("response_body").get("id").asInt(), id);
        assertEquals(List.of(1, 2), client.versions("api-orders-value", false));
        RegistryClient.SubjectVersion v1 = client.version("api-orders-value", "1");
        assertEquals(1, v1.version());
        assertEquals(id, v1.id());
        assertNull(v1.schemaType(), "AVRO is the omitted default");
        assertEquals(2, client.version("api-orders-value", "latest").version());
        assertEquals(
                id,
                client.lookup("api-orders-value", recordedSchema("lookup_v1"), List.of(), false)
                        .id());
        int recordedId = Integer.parseInt(
                registry.exchange("get_id").get("path").asText().replaceAll(".*/", ""));
        assertEquals(
                registry.exchange("get_id").get("response_body").get("schema").asText(), client.schemaById(recordedId));
        assertSentAsRecorded("reg_v1", "versions", "get_v1", "get_latest", "lookup_v1", "get_id");
    }

    @Test
    void referencesAreSentAndRead() throws Exception {
        registry.answer("reg_ref", "get_ref_version");
        JsonNode refs = registry.exchange("reg_ref").get("request_body").get("references");
        List<RegistryClient.Reference> references = List.of(new RegistryClient.Reference(
                refs.get(0).get("name").asText(),
                refs.get(0).get("subject").asText(),
                refs.get(0).get("version").asInt()));
        client.register("api-order-with-customer-value", recordedSchema("reg_ref"), references, false);
        RegistryClient.SubjectVersion v = client.version("api-order-with-customer-value", "1");
        assertEquals(references, v.references());
        assertSentAsRecorded("reg_ref", "get_ref_version");
    }

    @Test
    void compatibilityVerdictsWithVerboseReasons() throws Exception {
        registry.answer(
                "compat_latest_ok",
                "compat_latest_bad_verbose",
                "compat_all_bad_verbose",
                "config_subject_default",
                "config_put_FULL",
                "config_get",
                "mode_get");
        assertTrue(client.testCompatibility(
                        "api-orders-value", "latest", recordedSchema("compat_latest_ok"), List.of(), false)
                .compatible());
        RegistryClient.Verdict bad = client.testCompatibility(
                "api-orders-value", "latest", recordedSchema("compat_latest_bad_verbose"), List.of(), true);
        assertFalse(bad.compatible());
        assertTrue(
                bad.messages().get(0).contains("READER_FIELD_MISSING_DEFAULT_VALUE"),
                bad.messages().toString());
        assertFalse(client.testCompatibility(
                        "api-orders-value", null, recordedSchema("compat_all_bad_verbose"), List.of(), true)
                .compatible());
        assertEquals("BACKWARD", client.compatibilityLevel("api-orders-value"));
        assertEquals("FULL", client.setCompatibilityLevel("api-orders-value", "FULL"));
        assertEquals("BACKWARD", client.compatibilityLevel(null));
        assertEquals("READWRITE", client.mode(null));
        assertSentAsRecorded(
                "compat_latest_ok",
                "compat_latest_bad_verbose",
                "compat_all_bad_verbose",
                "config_subject_default",
                "config_put_FULL",
                "config_get",
                "mode_get");
    }

    @Test
    void deletesAnswerBareNumbersAndLists() throws Exception {
        registry.answer("del_soft_v2", "del_hard_v2", "delsub_soft");
        assertEquals(2, client.deleteVersion("api-delete-value", "2", false));
        assertEquals(2, client.deleteVersion("api-delete-value", "2", true));
        assertEquals(List.of(1, 3, 4), client.deleteSubject("api-delete-value", false));
        assertSentAsRecorded("del_soft_v2", "del_hard_v2", "delsub_soft");
    }

    @Test
    void errorAnswersAreMappedByErrorCode() {
        registry.answer(
                "err_unknown_version",
                "lookup_unknown_subject",
                "err_version_0",
                "reg_incompatible",
                "compat_invalid_schema",
                "delete_referenced_version",
                "del_hard_v3_not_soft");
        RegistryException version =
                assertThrows(RegistryException.class, () -> client.version("api-orders-value", "99"));
        assertEquals(40402, version.errorCode());
        assertTrue(
                version.getMessage().startsWith("version not found: subject 'api-orders-value' version 99"),
                version.getMessage());
        RegistryException subject = assertThrows(
                RegistryException.class,
                () -> client.lookup(
                        "api-never-registered-value", recordedSchema("lookup_unknown_subject"), List.of(), false));
        assertEquals(40401, subject.errorCode());
        assertTrue(subject.notFound());
        assertEquals(
                42202,
                assertThrows(RegistryException.class, () -> client.version("api-orders-value", "0"))
                        .errorCode());
        RegistryException incompatible = assertThrows(
                RegistryException.class,
                () -> client.register("api-orders-value", recordedSchema("reg_incompatible"), List.of(), false));
        assertEquals(409, incompatible.status());
        assertTrue(incompatible.getMessage().startsWith("incompatible schema for subject 'api-orders-value'"));
        assertEquals(
                42201,
                assertThrows(
                                RegistryException.class,
                                () -> client.testCompatibility(
                                        "api-orders-value",
                                        "latest",
                                        recordedSchema("compat_invalid_schema"),
                                        List.of(),
                                        false))
                        .errorCode());
        assertEquals(
                42206,
                assertThrows(
                                RegistryException.class,
                                () -> client.deleteVersion(pathSubject("delete_referenced_version"), "1", false))
                        .errorCode());
        assertEquals(
                40407,
                assertThrows(RegistryException.class, () -> client.deleteVersion("api-delete-value", "3", true))
                        .errorCode());
    }

    private String pathSubject(String label) {
        return registry.exchange(label).get("path").asText().split("/")[2];
    }

    @Test
    void retriesOnlyServerErrorsWithBackoffAndSendsCredentialsWithoutShowingThem() throws Exception {
        RegistryClient authed = new RegistryClient(new RegistryClient.Settings(
                URI.create(registry.url()), "ci", "s3cr3t-pw", null, Duration.ofSeconds(5), 2, null));
        registry.failFirst(2).answer("config_get");
        assertEquals("BACKWARD", authed.compatibilityLevel(null));
        assertEquals(3, registry.sent().size(), "two 503s retried, then the answer");
        assertEquals("Basic Y2k6czNjcjN0LXB3", registry.sent().get(2).authorization());

        registry.answer("err_unknown_version");
        RegistryException e = assertThrows(RegistryException.class, () -> authed.version("api-orders-value", "99"));
        assertEquals(4, registry.sent().size(), "a 4xx is not retried");
        assertFalse(e.getMessage().contains("s3cr3t-pw"));
    }

    @Test
    void anUnreachableRegistryFailsAfterItsRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RegistryClient dead = new RegistryClient(new RegistryClient.Settings(
                URI.create("http://user:pw@127.0.0.1:" + port), null, null, null, Duration.ofSeconds(2), 1, null));
        RegistryException e = assertThrows(RegistryException.class, () -> dead.subjects(null, false));
        assertTrue(e.unreachable());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "cannot reach the schema registry at http://127.0.0.1:" + port + " after 2 attempts"),
                e.getMessage());
    }
}
