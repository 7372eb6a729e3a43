package dev.evctl.sandbox.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The endpoints beyond the recorded transcript: what the sandbox registry does not support is
 * said in the registry's error shape, never a generic 404 or a silently dropped field; the list
 * endpoints honour their flags.
 */
@Tag("integration")
class SandboxRegistryEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";

    private SandboxRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void start() throws Exception {
        registry = SandboxRegistry.start(SharedBroker.bootstrapServers(), 0);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private record Reply(int status, JsonNode body) {}

    private Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    @Test
    void modeChangesAreRefusedInTheRegistrysErrorShape() throws Exception {
        Reply readOnly = call("PUT", "/mode", "{\"mode\":\"READONLY\"}");
        assertEquals(422, readOnly.status());
        assertEquals(42205, readOnly.body().get("error_code").asInt());
        assertTrue(
                readOnly.body().get("message").asText().contains("not supported"),
                readOnly.body().toString());
        assertEquals(
                42204,
                call("PUT", "/mode/s-" + run, "{\"mode\":\"SIDEWAYS\"}")
                        .body()
                        .get("error_code")
                        .asInt());
        Reply same = call("PUT", "/mode", "{\"mode\":\"READWRITE\"}");
        assertEquals(200, same.status());
        assertEquals("READWRITE", same.body().get("mode").asText());
        Reply delete = call("DELETE", "/mode/s-" + run, null);
        assertEquals(404, delete.status());
        assertEquals(40409, delete.body().get("error_code").asInt());
    }

    @Test
    void metadataAndRulesAreRefusedNotDropped() throws Exception {
        String subject = "contract-" + run + "-value";
        Reply r = call(
                "POST",
                "/subjects/" + subject + "/versions",
                JSON.createObjectNode()
                        .put("schema", SCHEMA)
                        .set(
                                "ruleSet",
                                JSON.readTree(
                                        "{\"domainRules\":[{\"name\":\"x\",\"kind\":\"CONDITION\",\"type\":\"CEL\"}]}"))
                        .toString());
        assertEquals(422, r.status());
        assertTrue(
                r.body().get("message").asText().contains("'ruleSet'"), r.body().toString());
        assertEquals(
                40401,
                call("GET", "/subjects/" + subject + "/versions", null)
                        .body()
                        .get("error_code")
                        .asInt(),
                "nothing registered");
    }

    @Test
    void listsHonourTheirFlags() throws Exception {
        String kept = "kept-" + run + "-value";
        String gone = "gone-" + run + "-value";
        String body = JSON.createObjectNode().put("schema", SCHEMA).toString();
        String body2 = JSON.createObjectNode()
                .put("schema", SCHEMA.replace("\"int\"}", "\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}"))
                .toString();
        assertEquals(200, call("POST", "/subjects/" + kept + "/versions", body).status());
        assertEquals(200, call("POST", "/subjects/" + kept + "/versions", body2).status());
        assertEquals(200, call("POST", "/subjects/" + gone + "/versions", body).status());
        assertEquals(200, call("DELETE", "/subjects/" + gone, null).status());

        assertEquals(
                List.of(gone),
                texts(call("GET", "/subjects?deletedOnly=true&subjectPrefix=gone-" + run, null)
                        .body()));
        assertEquals(
                List.of(),
                texts(call("GET", "/subjects?deletedOnly=true&subjectPrefix=kept-" + run, null)
                        .body()));
        assertEquals(
                List.of(kept),
                texts(call("GET", "/subjects?subjectPrefix=kept-" + run, null).body()));

        JsonNode all = call("GET", "/schemas?subjectPrefix=kept-" + run, null).body();
        assertEquals(2, all.size(), all.toString());
        assertEquals(kept, all.get(1).get("subject").asText());
        assertEquals(2, all.get(1).get("version").asInt());
        assertTrue(all.get(1).has("id") && all.get(1).has("schema"), all.toString());
        JsonNode latest = call("GET", "/schemas?subjectPrefix=kept-" + run + "&latestOnly=true", null)
                .body();
        assertEquals(1, latest.size(), latest.toString());
        assertEquals(2, latest.get(0).get("version").asInt());
        assertEquals(
                0,
                call("GET", "/schemas?subjectPrefix=gone-" + run, null).body().size(),
                "soft-deleted: only with deleted=true");
        assertEquals(
                1,
                call("GET", "/schemas?subjectPrefix=gone-" + run + "&deleted=true", null)
                        .body()
                        .size());

        assertEquals(List.of("."), texts(call("GET", "/contexts", null).body()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
