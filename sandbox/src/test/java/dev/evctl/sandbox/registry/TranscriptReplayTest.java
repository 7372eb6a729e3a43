package dev.evctl.sandbox.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.sandbox.SharedBroker;
import dev.evctl.schema.conformance.Conformance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replays the 150 recorded exchanges with a real Confluent Schema Registry 7.9.9 against the
 * sandbox registry, in order, and compares status, error_code and the shape of every answer.
 * Ids are compared by relation (the same recorded id must map to the same sandbox id).
 * Steps the sandbox registry deliberately does not support are listed in {@link #UNSUPPORTED}.
 */
@Tag("integration")
class TranscriptReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID_IN_PATH = Pattern.compile("/schemas/ids/(\\d+)");

    /** Step numbers left out, with the reason; see the module README. */
    static final Map<Integer, String> UNSUPPORTED = new HashMap<>();

    static {
        UNSUPPORTED.put(2, "server version: the sandbox reports its own");
        UNSUPPORTED.put(19, "unfiltered subject list holds other clients' subjects of the recording");
    }

    @Test
    void everySupportedRecordedExchangeGetsTheSameAnswer() throws Exception {
        replay("registry-api-transcript.json", UNSUPPORTED, MESSAGE_DIFFERS, 100);
    }

    /** Steps of the Protobuf/JSON Schema transcript left out, with the reason. */
    static final Map<Integer, String> UNSUPPORTED_PROTOBUF_JSON = new HashMap<>();

    static {
        UNSUPPORTED_PROTOBUF_JSON.put(2, "server version: the sandbox reports its own");
    }

    @Test
    void everySupportedProtobufExchangeGetsTheSameAnswer() throws Exception {
        replay("registry-api-transcript-protobuf-json.json", UNSUPPORTED_PROTOBUF_JSON, Map.of(), 59);
    }

    private void replay(String name, Map<Integer, String> unsupported, Map<Integer, String> messageDiffers, int minimum)
            throws Exception {
        JsonNode transcript = Conformance.json(name);
        try (SandboxRegistry registry = SandboxRegistry.start(SharedBroker.bootstrapServers(), 0)) {
            HttpClient http = HttpClient.newHttpClient();
            Map<Integer, Integer> ids = new HashMap<>();
            List<String> mismatches = new ArrayList<>();
            int compared = 0;
            for (JsonNode e : transcript) {
                int step = e.get("step").asInt();
                if (unsupported.containsKey(step)) {
                    continue;
                }
                String path = translatePath(e.get("path").asText(), ids);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path));
                JsonNode body = e.get("request_body");
                String bodyText =
                        body.isNull() ? null : body.isTextual() ? body.asText() : JSON.writeValueAsString(body);
                request.method(
                        e.get("method").asText(),
                        bodyText == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(bodyText));
                e.get("request_headers")
                        .fields()
                        .forEachRemaining(
                                h -> request.header(h.getKey(), h.getValue().asText()));
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                compared++;
                String problem = compare(e, response, ids, messageDiffers);
                if (problem != null) {
                    mismatches.add("step " + step + " " + e.get("method").asText() + " "
                            + e.get("path").asText() + ": " + problem);
                }
            }
            assertTrue(
                    mismatches.isEmpty(),
                    mismatches.size() + " of " + compared + " exchanges differ:\n" + String.join("\n", mismatches));
            assertTrue(compared >= minimum, "compared " + compared);
        }
    }

    /** Error messages the sandbox words differently, by step, with why. */
    static final Map<Integer, String> MESSAGE_DIFFERS = new HashMap<>();

    static {
        MESSAGE_DIFFERS.put(
                34,
                "an undefined type: the real registry's Avro words it '\"X\" is not a defined name…', evctl's Avro"
                        + " 'Undefined schema: X' (the request part of the message is the same)");
    }

    private static String comparable(String message) {
        if (message.startsWith("{oldSchema: '") && message.endsWith("'}")) {
            try {
                return "{oldSchema: " + JSON.readTree(message.substring(13, message.length() - 2)) + "}";
            } catch (Exception e) {
                return message;
            }
        }
        return message;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String translatePath(String path, Map<Integer, Integer> ids) {
        Matcher m = ID_IN_PATH.matcher(path);
        if (m.find()) {
            int recorded = Integer.parseInt(m.group(1));
            Integer ours = ids.get(recorded);
            return path.substring(0, m.start(1)) + (ours == null ? 999_999 : ours) + path.substring(m.end(1));
        }
        return path;
    }

    private static String compare(
            JsonNode e, HttpResponse<String> response, Map<Integer, Integer> ids, Map<Integer, String> messageDiffers) {
        int status = e.get("status").asInt();
        if (status != response.statusCode()) {
            String text = response.body();
            return "status " + response.statusCode() + ", recorded " + status + " — body "
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
        JsonNode expected = e.get("response_body");
        if (expected.isTextual() && expected.asText().equals(response.body())) {
            return null; // a bare text answer (GET …/schema of a .proto), byte for byte
        }
        JsonNode actual;
        try {
            actual = JSON.readTree(response.body());
        } catch (Exception ex) {
            return "body is not JSON: " + response.body();
        }
        if (expected.has("error_code")) {
            if (!expected.get("error_code").equals(actual.path("error_code"))) {
                return "error_code " + actual.path("error_code") + ", recorded " + expected.get("error_code");
            }
            String want = expected.path("message").asText();
            String got = actual.path("message").asText();
            if (e.get("path").asText().contains("/schemas/ids/")) {
                // the id in the message is the sandbox's own (compared by relation above)
                want = want.replaceAll("\\d+", "N");
                got = got.replaceAll("\\d+", "N");
            }
            return want.equals(got) || messageDiffers.containsKey(e.get("step").asInt())
                    ? null
                    : "message \"" + got + "\", recorded \"" + want + "\"";
        }
        if (e.get("path").asText().endsWith("/referencedby") && expected.isArray()) {
            // a list of schema ids: compared through the recorded → sandbox id relation
            List<Integer> want = new ArrayList<>();
            expected.forEach(id -> want.add(ids.getOrDefault(id.asInt(), -id.asInt())));
            List<Integer> got = new ArrayList<>();
            actual.forEach(id -> got.add(id.asInt()));
            return want.equals(got) ? null : "ids " + got + ", recorded " + expected + " (sandbox ids " + want + ")";
        }
        return shape(expected, actual, ids, "");
    }

    /** Same keys and values, except ids (by relation) and schema text of objects (compared as parsed JSON). */
    private static String shape(JsonNode expected, JsonNode actual, Map<Integer, Integer> ids, String at) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return at + ": expected an object, got " + actual;
            }
            Set<String> ek = new TreeSet<>();
            expected.fieldNames().forEachRemaining(ek::add);
            Set<String> ak = new TreeSet<>();
            actual.fieldNames().forEachRemaining(ak::add);
            if (!ek.equals(ak)) {
                return at + ": keys " + ak + ", recorded " + ek;
            }
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.equals("id")) {
                    Integer prior = ids.putIfAbsent(
                            expected.get(k).asInt(), actual.get(k).asInt());
                    if (prior != null && prior != actual.get(k).asInt()) {
                        return at + "/id: " + actual.get(k) + " but recorded id " + expected.get(k) + " was " + prior
                                + " before";
                    }
                    continue;
                }
                if (k.equals("messages")) {
                    // every reason line word for word; the old schema's text as parsed JSON (its spelling is the stored
                    // one)
                    List<String> want = new ArrayList<>();
                    expected.get(k).forEach(m -> want.add(comparable(m.asText())));
                    List<String> got = new ArrayList<>();
                    actual.get(k).forEach(m -> got.add(comparable(m.asText())));
                    if (!want.equals(got)) {
                        return at + "/messages: " + got + ", recorded " + want;
                    }
                    continue;
                }
                String p = shape(expected.get(k), actual.get(k), ids, at + "/" + k);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return at + ": " + abbreviate(actual) + ", recorded " + abbreviate(expected);
            }
            for (int i = 0; i < expected.size(); i++) {
                String p = shape(expected.get(i), actual.get(i), ids, at + "/" + i);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (expected.equals(actual)) {
            return null;
        }
        String a = actual.toString();
        String ex = expected.toString();
        return at + ": " + (a.length() > 200 ? a.substring(0, 200) + "…" : a) + ", recorded "
                + (ex.length() > 200 ? ex.substring(0, 200) + "…" : ex);
    }
}
