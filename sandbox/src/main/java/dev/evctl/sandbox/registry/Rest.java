package dev.evctl.sandbox.registry;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evctl.sandbox.Forms;
import dev.evctl.schema.registry.RegistryClient.Reference;

/** The REST side of the sandbox registry: a request as its resources read it, and the JSON shapes they answer. */
final class Rest {
    static final ObjectMapper JSON = new ObjectMapper();

    private Rest() {}

    /** A request: its method, its decoded path segments, its query and its body. */
    record Request(String method, List<String> path, Map<String, String> query, String body) {
        static Request of(String method, String rawPath, String rawQuery, String body) {
            List<String> parts = new ArrayList<>();
            for (String part : rawPath.split("/")) {
                if (!part.isEmpty()) {
                    parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
                }
            }
            return new Request(method, parts, Forms.decode(rawQuery), body);
        }

        int size() {
            return path.size();
        }

        String part(int i) {
            return path.get(i);
        }

        boolean is(String method, int size) {
            return this.method.equals(method) && path.size() == size;
        }

        boolean flag(String name) {
            return "true".equals(query.get(name));
        }

        boolean deleted() {
            return flag("deleted");
        }
    }

    /** An answer: a status and its body. */
    record Answer(int status, String body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body.toString());
        }
    }

    static JsonNode readBody(String body) {
        if (body == null || body.isEmpty()) {
            throw new Failure(
                    422, 422, "register.arg5 must not be null (was null)"); // the real registry's words for no body
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new Failure(400, 400, "Unrecognized request body");
            }
            return n;
        } catch (JsonProcessingException e) {
            // Jackson's own first line, as the real registry passes it on
            throw new Failure(
                    400, 400, e.getMessage().lines().findFirst().orElse("Unexpected character in the request body"));
        } catch (IOException e) {
            throw new Failure(400, 400, "Unexpected character in the request body");
        }
    }

    static ObjectNode versionJson(SchemaStore.Version v) {
        ObjectNode out = JSON.createObjectNode()
                .put("subject", v.subject())
                .put("version", v.version())
                .put("id", v.id());
        if (!v.schemaType().equals("AVRO")) {
            out.put("schemaType", v.schemaType()); // as the real registry answers: absent for AVRO
        }
        if (!v.references().isEmpty()) {
            out.set("references", referencesJson(v.references()));
        }
        return out.put("schema", v.schema());
    }

    static ArrayNode referencesJson(List<Reference> references) {
        ArrayNode refs = JSON.createArrayNode();
        references.forEach(r -> refs.addObject()
                .put("name", r.name())
                .put("subject", r.subject())
                .put("version", r.version()));
        return refs;
    }
}
