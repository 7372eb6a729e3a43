package dev.evctl.sandbox.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.RegistryMessages;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.SchemaFormats;
import dev.evctl.schema.SchemaType;
import dev.evctl.schema.jsonschema.JsonSchemaFormat;
import dev.evctl.schema.protobuf.ProtoDescriptors;
import dev.evctl.schema.protobuf.ProtoFormat;
import dev.evctl.schema.protobuf.ProtoSchema;
import dev.evctl.schema.registry.RegistryClient.Reference;
import org.apache.avro.Schema;

/**
 * A development registry for the sandbox, speaking the Confluent Schema Registry REST API (v1)
 * for Avro: the same paths, status codes, {@code error_code}s and response shapes, with
 * compatibility decided by evctl's engine and state kept in the {@code _schemas} topic. Schema
 * references and {@code normalize} work as in the real registry. Not a production registry: no
 * auth, no JSON Schema or Protobuf.
 */
public final class SandboxRegistry implements AutoCloseable {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final SchemaStore store;

    private SandboxRegistry(HttpServer server, SchemaStore store) {
        this.server = server;
        this.store = store;
    }

    /** Starts on 127.0.0.1:{@code port} (0 for any free port) against the broker's {@code _schemas} topic. */
    public static SandboxRegistry start(String bootstrapServers, int port) throws IOException {
        SchemaStore store = new SchemaStore(bootstrapServers);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        SandboxRegistry registry = new SandboxRegistry(server, store);
        server.createContext("/", registry::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "evctl-sandbox-registry");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return registry;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        store.close();
    }

    /** An error answer: {"error_code": code, "message": message}. */
    private static final class Failure extends RuntimeException {
        final int status;
        final int code;

        Failure(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private record Answer(int status, String body) {}

    private static final List<String> BODY_TYPES = List.of(
            "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json",
            "application/json",
            "application/octet-stream");

    /** The response media type for the request's Accept header, or null when none is acceptable (406). */
    private static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return MEDIA_TYPE;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim();
            switch (type) {
                case MEDIA_TYPE, "*/*", "application/*":
                    return MEDIA_TYPE;
                case "application/vnd.schemaregistry+json", "application/json":
                    return type;
                default:
                    break;
            }
        }
        return null;
    }

    private void handle(HttpExchange ex) throws IOException {
        Answer answer;
        String mediaType = negotiate(ex.getRequestHeaders().getFirst("Accept"));
        try {
            if (mediaType == null) {
                throw new Failure(406, 406, "HTTP 406 Not Acceptable");
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null
                    && BODY_TYPES.stream()
                            .noneMatch(t -> contentType.split(";")[0].trim().equalsIgnoreCase(t))) {
                throw new Failure(415, 415, "HTTP 415 Unsupported Media Type");
            }
            answer = route(ex);
        } catch (Failure f) {
            answer = new Answer(
                    f.status,
                    JSON.createObjectNode()
                            .put("error_code", f.code)
                            .put("message", f.getMessage())
                            .toString());
        } catch (RuntimeException e) {
            answer = new Answer(
                    500,
                    JSON.createObjectNode()
                            .put("error_code", 50001)
                            .put("message", "Error in the backend data store: " + e.getMessage())
                            .toString());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", mediaType == null ? MEDIA_TYPE : mediaType);
        ex.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Answer route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String rawPath = ex.getRequestURI().getRawPath();
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        List<String> p = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                p.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
        }
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean deleted = "true".equals(query.get("deleted"));
        int n = p.size();
        String first = n > 0 ? p.get(0) : "";
        switch (first) {
            case "contexts":
                if (n == 1 && method.equals("GET")) {
                    return ok(JSON.createArrayNode().add(".")); // one registry, the default context
                }
                break;
            case "schemas":
                if (n == 1 && method.equals("GET")) {
                    // every (subject, version), as GET /schemas lists them: subjectPrefix, deleted and latestOnly apply
                    String prefix = query.getOrDefault("subjectPrefix", "");
                    boolean latestOnly = "true".equals(query.get("latestOnly"));
                    ArrayNode out = JSON.createArrayNode();
                    for (String subject : store.subjects(deleted)) {
                        if (!subject.startsWith(prefix)) {
                            continue;
                        }
                        List<SchemaStore.Version> versions = store.versions(subject, deleted);
                        for (SchemaStore.Version v : latestOnly && !versions.isEmpty()
                                ? versions.subList(versions.size() - 1, versions.size())
                                : versions) {
                            out.add(versionJson(v));
                        }
                    }
                    return ok(out);
                }
                if (n == 2 && p.get(1).equals("types") && method.equals("GET")) {
                    return ok(JSON.createArrayNode().add("JSON").add("PROTOBUF").add("AVRO"));
                }
                if (n >= 3 && p.get(1).equals("ids") && method.equals("GET")) {
                    int id = parseId(p.get(2));
                    SchemaStore.Version held = store.schema(id);
                    if (held == null) {
                        throw new Failure(404, 40403, "Schema " + id + " not found");
                    }
                    if (n == 3) {
                        ObjectNode out = JSON.createObjectNode();
                        if (!held.schemaType().equals("AVRO")) {
                            out.put("schemaType", held.schemaType());
                        }
                        out.put("schema", formatted(held, query.get("format")));
                        if (!held.references().isEmpty()) {
                            out.set("references", referencesJson(held.references()));
                        }
                        return ok(out);
                    }
                    if (n == 4 && p.get(3).equals("schema")) {
                        return new Answer(200, held.schema());
                    }
                    if (n == 4 && p.get(3).equals("versions")) {
                        ArrayNode out = JSON.createArrayNode();
                        store.usersOf(id, deleted)
                                .forEach(v -> out.addObject()
                                        .put("subject", v.subject())
                                        .put("version", v.version()));
                        return ok(out);
                    }
                    if (n == 4 && p.get(3).equals("subjects")) {
                        ArrayNode out = JSON.createArrayNode();
                        store.usersOf(id, deleted).stream()
                                .map(SchemaStore.Version::subject)
                                .distinct()
                                .forEach(out::add);
                        return ok(out);
                    }
                }
                break;
            case "subjects":
                return subjects(method, p, query, body, deleted);
            case "config":
                return config(method, n == 2 ? p.get(1) : null, n, query, body);
            case "mode":
                if (method.equals("GET") && n == 1) {
                    return ok(JSON.createObjectNode().put("mode", "READWRITE"));
                }
                if ((method.equals("GET") || method.equals("DELETE")) && n == 2) {
                    throw new Failure(
                            404, 40409, "Subject '" + p.get(1) + "' does not have subject-level mode configured");
                }
                if (method.equals("PUT") && n <= 2) {
                    String mode = readBody(body).path("mode").asText("");
                    if (!List.of("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT")
                            .contains(mode)) {
                        throw new Failure(
                                422,
                                42204,
                                "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT.");
                    }
                    if (!mode.equals("READWRITE")) {
                        throw new Failure(
                                422,
                                42205,
                                "The sandbox registry is always READWRITE: mode " + mode + " is not supported");
                    }
                    return ok(JSON.createObjectNode().put("mode", mode));
                }
                break;
            case "compatibility":
                if (method.equals("POST")
                        && n >= 4
                        && p.get(1).equals("subjects")
                        && p.get(3).equals("versions")) {
                    return compatibility(p.get(2), n == 5 ? p.get(4) : null, body, "true".equals(query.get("verbose")));
                }
                break;
            default:
                break;
        }
        throw new Failure(404, 404, "HTTP 404 Not Found");
    }

    private Answer subjects(String method, List<String> p, Map<String, String> query, String body, boolean deleted) {
        int n = p.size();
        if (n == 1 && !method.equals("GET")) {
            throw new Failure(405, 405, "HTTP 405 Method Not Allowed");
        }
        if (n == 1 && method.equals("GET")) {
            String prefix = query.getOrDefault("subjectPrefix", "");
            ArrayNode out = JSON.createArrayNode();
            List<String> listed = store.subjects(deleted);
            if ("true".equals(query.get("deletedOnly"))) {
                List<String> live = store.subjects(false);
                listed = store.subjects(true).stream()
                        .filter(s -> !live.contains(s))
                        .toList(); // soft-deleted subjects only
            }
            listed.stream().filter(s -> s.startsWith(prefix)).forEach(out::add);
            return ok(out);
        }
        String subject = p.get(1);
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new Failure(422, 42208, "The specified subject '" + subject + "' is not a valid.");
        }
        if (n == 2 && method.equals("POST")) {
            Candidate candidate = parseSchema(body, subject, "true".equals(query.get("normalize")));
            requireSubject(subject, deleted);
            return sameIn(store.versions(subject, deleted), candidate)
                    .map(v -> ok(versionJson(v)))
                    .orElseThrow(() -> new Failure(404, 40403, "Schema not found"));
        }
        if (n == 2 && method.equals("DELETE")) {
            boolean permanent = "true".equals(query.get("permanent"));
            List<SchemaStore.Version> all = store.versions(subject, true);
            if (all.isEmpty()) {
                throw new Failure(404, 40401, "Subject '" + subject + "' not found.");
            }
            all.forEach(this::requireUnreferenced);
            ArrayNode out = JSON.createArrayNode();
            if (permanent) {
                if (all.stream().anyMatch(v -> !v.deleted())) {
                    throw new Failure(
                            404,
                            40405,
                            "Subject '" + subject + "' was not deleted first before being permanently deleted");
                }
                all.forEach(v -> {
                    store.remove(v);
                    out.add(v.version());
                });
                return ok(out);
            }
            List<SchemaStore.Version> live =
                    all.stream().filter(v -> !v.deleted()).toList();
            if (live.isEmpty()) {
                throw new Failure(
                        404,
                        40404,
                        "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
            }
            live.forEach(v -> {
                store.setDeleted(v);
                out.add(v.version());
            });
            return ok(out);
        }
        if (n >= 3 && p.get(2).equals("versions")) {
            if (n == 3 && method.equals("GET")) {
                requireSubject(subject, deleted);
                ArrayNode out = JSON.createArrayNode();
                store.versions(subject, deleted).forEach(v -> out.add(v.version()));
                return ok(out);
            }
            if (n == 3 && method.equals("POST")) {
                JsonNode request = readBody(body);
                if (!request.hasNonNull("schema")
                        || request.get("schema").asText().isEmpty()) {
                    // the real registry answers a body without a schema with the latest version, registering nothing
                    SchemaStore.Version latest = version(subject, "latest", false);
                    return ok(JSON.createObjectNode()
                            .put("id", latest.id())
                            .put("version", latest.version())
                            .put("schema", latest.schema()));
                }
                return ok(JSON.createObjectNode()
                        .put("id", register(subject, body, "true".equals(query.get("normalize")))));
            }
            if (n >= 4) {
                String versionText = p.get(3);
                if (method.equals("GET")) {
                    SchemaStore.Version v = version(subject, versionText, deleted);
                    if (n == 4) {
                        return ok(versionJson(v).put("schema", formatted(v, query.get("format"))));
                    }
                    if (n == 5 && p.get(4).equals("schema")) {
                        return new Answer(200, v.schema());
                    }
                    if (n == 5 && p.get(4).equals("referencedby")) {
                        ArrayNode out = JSON.createArrayNode();
                        store.referencedBy(subject, v.version()).forEach(out::add);
                        return ok(out);
                    }
                }
                if (n == 4 && method.equals("DELETE")) {
                    boolean permanent = "true".equals(query.get("permanent"));
                    SchemaStore.Version v = version(subject, versionText, true);
                    requireUnreferenced(v);
                    if (permanent) {
                        if (!v.deleted()) {
                            throw new Failure(
                                    404,
                                    40407,
                                    "Subject '" + subject + "' Version " + v.version()
                                            + " was not deleted first before being permanently deleted");
                        }
                        store.remove(v);
                    } else {
                        if (v.deleted()) {
                            throw new Failure(
                                    404,
                                    40406,
                                    "Subject '" + subject + "' Version " + v.version()
                                            + " was soft deleted.Set permanent=true to delete permanently");
                        }
                        store.setDeleted(v);
                    }
                    return ok(JSON.getNodeFactory().numberNode(v.version()));
                }
            }
        }
        throw new Failure(404, 404, "HTTP 404 Not Found");
    }

    private int register(String subject, String body, boolean normalize) {
        Candidate candidate = parseSchema(body, subject, normalize);
        List<SchemaStore.Version> live = store.versions(subject, false);
        var same = sameIn(live, candidate);
        if (same.isPresent()) {
            return same.get().id();
        }
        CompatibilityResult result = check(subject, candidate, live);
        if (!result.compatible()) {
            throw new Failure(
                    409,
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + messages(result, live, candidate.type()));
        }
        SchemaStore.Version added =
                store.add(subject, candidate.type().name(), candidate.canonical(), candidate.references());
        // as the real registry does: a soft-deleted version of the same schema is dropped for good
        store.versions(subject, true).stream()
                .filter(v -> v.deleted() && v.identity().equals(added.identity()))
                .forEach(store::remove);
        return added.id();
    }

    /**
     * A version of the subject holding the same schema: within a subject the real registry
     * matches semantically equal Avro (custom properties in any order) with the same references.
     */
    private Optional<SchemaStore.Version> sameIn(List<SchemaStore.Version> versions, Candidate candidate) {
        for (SchemaStore.Version v : versions) {
            if (v.identity()
                            .equals(SchemaStore.identityOf(
                                    candidate.type().name(), candidate.canonical(), candidate.references()))
                    || candidate.type() == SchemaType.AVRO
                            && v.schemaType().equals("AVRO")
                            && v.references().equals(candidate.references())
                            && AvroSchemas.sameSchema((Schema) parsed(v), (Schema) candidate.schema())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private void requireUnreferenced(SchemaStore.Version v) {
        if (!store.referencedBy(v.subject(), v.version()).isEmpty()) {
            throw new Failure(
                    422,
                    42206,
                    "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=" + v.subject()
                            + ",version=" + v.version() + "}.");
        }
    }

    private CompatibilityResult check(String subject, Candidate candidate, List<SchemaStore.Version> live) {
        return check(candidate, live, level(subject));
    }

    /**
     * The candidate against stored versions at a level, by the candidate's format; a version of another type never
     * passes.
     */
    @SuppressWarnings("unchecked")
    private CompatibilityResult check(
            Candidate candidate, List<SchemaStore.Version> against, CompatibilityLevel level) {
        SchemaFormat<Object> format = (SchemaFormat<Object>) SchemaFormats.of(candidate.type());
        List<CompatibilityChecker.Versioned<Object>> history = new ArrayList<>();
        for (SchemaStore.Version v : against) {
            if (!v.schemaType().equals(candidate.type().name()) && level != CompatibilityLevel.NONE) {
                return new CompatibilityResult(
                        level,
                        false,
                        List.of(new Incompatibility(
                                "SCHEMA_TYPE_CHANGED",
                                "#/",
                                v.version(),
                                null,
                                "Incompatible schema type: version " + v.version() + " is " + v.schemaType()
                                        + ", the new schema " + candidate.type())),
                        List.of(v.version()));
            }
            history.add(new CompatibilityChecker.Versioned<>(v.version(), parsed(v)));
        }
        return CompatibilityChecker.check(
                history,
                level,
                false,
                (old, version, direction) -> format.checkEvery(
                                candidate.schema(),
                                List.of(new CompatibilityChecker.Versioned<>(version, old)),
                                direction == Incompatibility.Direction.BACKWARD
                                        ? CompatibilityLevel.BACKWARD
                                        : CompatibilityLevel.FORWARD)
                        .incompatibilities());
    }

    /**
     * A stored schema in the {@code format} a GET asks for. Protobuf's {@code serialized} is the base64
     * {@code FileDescriptorProto} a client builds descriptors from without parsing the text; any other format
     * (or type) is the stored text, as the real registry answers formats it does not know.
     */
    private String formatted(SchemaStore.Version v, String format) {
        if ("serialized".equals(format) && v.schemaType().equals("PROTOBUF")) {
            ProtoSchema schema = (ProtoSchema) parsed(v);
            return Base64.getEncoder()
                    .encodeToString(ProtoDescriptors.serialized(schema).toByteArray());
        }
        return v.schema();
    }

    /** A stored version parsed with its references, by its type. */
    private Object parsed(SchemaStore.Version v) {
        return SchemaFormats.of(SchemaType.ofRegistry(v.schemaType()))
                .parse(v.schema(), referenced(v.references(), v.subject()));
    }

    /** The referenced schemas, each after those it references itself, with the names the references give them. */
    private List<SchemaFormat.Referenced> referenced(List<Reference> references, String subject) {
        List<SchemaFormat.Referenced> out = new ArrayList<>();
        collect(references, subject, out, new HashSet<>());
        return out;
    }

    private void collect(
            List<Reference> references, String subject, List<SchemaFormat.Referenced> out, Set<String> seen) {
        for (Reference r : references) {
            if (!seen.add(r.subject() + ":" + r.version())) {
                continue;
            }
            SchemaStore.Version target = store.versions(r.subject(), false).stream()
                    .filter(v -> v.version() == r.version())
                    .findFirst()
                    .orElseThrow(() -> new Failure(
                            422,
                            42201,
                            "Invalid schema {subject=" + subject + "}: reference " + r.name() + " names version "
                                    + r.version() + " of subject '" + r.subject() + "', which does not exist"));
            collect(target.references(), subject, out, seen);
            out.add(new SchemaFormat.Referenced(r.name(), target.schema(), r.subject(), r.version()));
        }
    }

    private Answer compatibility(String subject, String versionText, String body, boolean verbose) {
        Candidate schema;
        try {
            schema = parseSchema(body, subject, false);
        } catch (Failure f) {
            if (verbose && f.code == 42201) {
                return ok(JSON.createObjectNode()
                        .put("is_compatible", false)
                        .set("messages", JSON.createArrayNode().add(f.getMessage())));
            }
            throw f;
        }
        List<SchemaStore.Version> against;
        if (versionText == null) {
            against = store.versions(subject, false);
        } else if (!store.known(subject)) {
            if (isLatest(versionText)) {
                return verdict(true, List.of(), verbose);
            }
            throw new Failure(404, 40402, "Version " + versionText + " not found.");
        } else {
            against = List.of(version(subject, versionText, false));
        }
        CompatibilityResult result;
        if (versionText == null) {
            result = check(subject, schema, against);
        } else {
            CompatibilityLevel level = level(subject);
            // one named version: the level's directions, without its transitivity
            CompatibilityLevel single = switch (level) {
                case BACKWARD_TRANSITIVE -> CompatibilityLevel.BACKWARD;
                case FORWARD_TRANSITIVE -> CompatibilityLevel.FORWARD;
                case FULL_TRANSITIVE -> CompatibilityLevel.FULL;
                default -> level;
            };
            SchemaStore.Version v = against.get(0);
            result = check(schema, List.of(v), single);
        }
        return verdict(
                result.compatible(),
                result.compatible() ? List.of() : messageList(result, against, schema.type()),
                verbose);
    }

    private static Answer verdict(boolean compatible, List<String> messages, boolean verbose) {
        ObjectNode out = JSON.createObjectNode().put("is_compatible", compatible);
        if (verbose) {
            ArrayNode m = out.putArray("messages");
            messages.forEach(m::add);
        }
        return ok(out);
    }

    private List<String> messageList(CompatibilityResult result, List<SchemaStore.Version> versions, SchemaType type) {
        List<String> out = new ArrayList<>();
        for (Incompatibility i : result.incompatibilities()) {
            // in the real registry's words: Avro's with single quotes and its location, Protobuf's with double quotes
            out.add(
                    i.type().equals("SCHEMA_TYPE_CHANGED")
                            ? "Incompatible because of different schema type"
                            : type == SchemaType.PROTOBUF
                                    ? "{errorType:\"" + i.type() + "\", description:\"" + i.message() + "\"}"
                                    : type == SchemaType.JSON
                                            ? "{errorType:\"" + i.type() + "\", description:\"" + i.message() + "'}"
                                            : RegistryMessages.describe(i));
        }
        int failed =
                result.failedVersions().isEmpty() ? 0 : result.failedVersions().get(0);
        // as the real registry: under FULL levels a version (and its text) is named only when a backward problem is
        // among them
        boolean named =
                result.incompatibilities().stream().noneMatch(i -> i.type().equals("SCHEMA_TYPE_CHANGED"))
                                && !(result.level().forward() && result.level().backward())
                        || result.incompatibilities().stream()
                                .anyMatch(i -> i.direction() == Incompatibility.Direction.BACKWARD);
        versions.stream()
                .filter(v -> named && v.version() == failed)
                .findFirst()
                .ifPresent(v -> {
                    out.add("{oldSchemaVersion: " + v.version() + "}");
                    out.add("{oldSchema: '" + v.schema() + "'}");
                });
        out.add("{validateFields: 'false', compatibility: '" + result.level() + "'}");
        return out;
    }

    private String messages(CompatibilityResult result, List<SchemaStore.Version> versions, SchemaType type) {
        return "[" + String.join(", ", messageList(result, versions, type)) + "]";
    }

    private Answer config(String method, String subject, int n, Map<String, String> query, String body)
            throws IOException {
        if (n > 2) {
            throw new Failure(404, 404, "HTTP 404 Not Found");
        }
        switch (method) {
            case "GET" -> {
                String level = store.config(subject);
                if (level == null && subject != null) {
                    if ("true".equals(query.get("defaultToGlobal"))) {
                        return ok(JSON.createObjectNode().put("compatibilityLevel", globalLevel()));
                    }
                    throw new Failure(
                            404,
                            40408,
                            "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
                return ok(JSON.createObjectNode().put("compatibilityLevel", level == null ? globalLevel() : level));
            }
            case "PUT" -> {
                JsonNode request = readBody(body);
                JsonNode value = request.get("compatibility");
                if (value == null) {
                    // the real registry accepts an unknown key silently and echoes an empty object
                    store.setConfig(subject, subject == null ? globalLevel() : "BACKWARD");
                    return ok(JSON.createObjectNode());
                }
                String level = value.asText().toUpperCase(Locale.ROOT);
                try {
                    CompatibilityLevel.valueOf(level);
                } catch (IllegalArgumentException e) {
                    throw new Failure(
                            422,
                            42203,
                            "Invalid compatibility level. Valid values are none, backward, forward, full, "
                                    + "backward_transitive, forward_transitive, and full_transitive");
                }
                store.setConfig(subject, level);
                return ok(JSON.createObjectNode().put("compatibility", level));
            }
            case "DELETE" -> {
                String old = store.config(subject);
                if (old == null) {
                    throw new Failure(404, 40401, "Subject '" + subject + "' not found.");
                }
                store.setConfig(subject, null);
                return ok(JSON.createObjectNode().put("compatibilityLevel", old));
            }
            default -> throw new Failure(405, 405, "HTTP 405 Method Not Allowed");
        }
    }

    private CompatibilityLevel level(String subject) {
        String level = store.config(subject);
        return CompatibilityLevel.parse(level != null ? level : globalLevel());
    }

    private String globalLevel() {
        String level = store.config(null);
        return level == null ? "BACKWARD" : level;
    }

    private SchemaStore.Version version(String subject, String text, boolean deleted) {
        requireSubject(subject, deleted);
        List<SchemaStore.Version> versions = store.versions(subject, deleted);
        if (isLatest(text)) {
            return versions.get(versions.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new Failure(
                    422,
                    42202,
                    "The specified version '" + text + "' is not a valid version id. Allowed values are"
                            + " between [1, 2^31-1] and the string \"latest\"");
        }
        int wanted = number;
        return versions.stream()
                .filter(v -> v.version() == wanted)
                .findFirst()
                .orElseThrow(() -> new Failure(404, 40402, "Version " + text + " not found."));
    }

    private static boolean isLatest(String text) {
        return text.equalsIgnoreCase("latest") || text.equals("-1");
    }

    private void requireSubject(String subject, boolean deleted) {
        if (store.versions(subject, deleted).isEmpty()) {
            throw new Failure(404, 40401, "Subject '" + subject + "' not found.");
        }
    }

    /** A schema from a request: parsed, its stored text, and its references. */
    private record Candidate(SchemaType type, Object schema, String canonical, List<Reference> references) {}

    private Candidate parseSchema(String body, String subject, boolean normalize) {
        JsonNode request = readBody(body);
        JsonNode schemaType = request.get("schemaType");
        if (schemaType != null && !List.of("AVRO", "JSON", "PROTOBUF").contains(schemaType.asText())) {
            throw new Failure(
                    422, 42201, "Invalid schema type " + schemaType.asText()); // as the real registry words it
        }
        SchemaType type = SchemaType.ofRegistry(schemaType == null ? null : schemaType.asText());
        for (String unsupported : List.of("metadata", "ruleSet")) {
            if (request.hasNonNull(unsupported)) {
                // data contracts: refused out loud rather than dropped, so nobody relies on rules the sandbox never
                // applies
                throw new Failure(
                        422,
                        42201,
                        "Invalid schema: the sandbox registry does not support '" + unsupported
                                + "' (data contract metadata and rules); register without it");
            }
        }
        JsonNode text = request.get("schema");
        if (text == null || text.isNull()) {
            throw new Failure(422, 42201, "Empty schema");
        }
        List<Reference> references = new ArrayList<>();
        for (JsonNode r : request.path("references")) {
            references.add(new Reference(
                    r.path("name").asText(),
                    r.path("subject").asText(),
                    r.path("version").asInt()));
        }
        if (type == SchemaType.JSON) {
            if (text.asText().isEmpty()) {
                throw new Failure(422, 42201, "Empty schema");
            }
            try {
                JsonNode document = JSON.readTree(text.asText());
                if (normalize) {
                    document = sortedKeys(document); // the registry's normalized JSON Schema: object keys in order
                }
                JsonSchemaFormat.Parsed parsed =
                        JsonSchemaFormat.INSTANCE.parse(document.toString(), referenced(references, subject));
                return new Candidate(type, parsed, parsed.compact(), references);
            } catch (JsonProcessingException e) {
                throw new Failure(
                        422,
                        42201,
                        invalidSchema(subject, text.asText(), references, type, "Invalid JSON " + text.asText()));
            } catch (InvalidSchemaException e) {
                // the real registry words a schema it read but its validator refuses from an object with version 0 and
                // id -1
                String refs = referencesText(references);
                throw new Failure(
                        422,
                        42201,
                        "Invalid schema {subject=" + subject + ",version=0,id=-1,schemaType=JSON,references=" + refs
                                + ",metadata=null,ruleSet=null,schema=" + text.asText() + ",schemaTags=null}, details: "
                                + e.getMessage());
            }
        }
        if (type == SchemaType.PROTOBUF) {
            if (text.asText().isEmpty()) {
                throw new Failure(422, 42201, "Empty schema");
            }
            try {
                ProtoSchema parsed = ProtoFormat.INSTANCE.parse(text.asText(), referenced(references, subject));
                return new Candidate(type, parsed, normalize ? parsed.normalized() : parsed.canonical(), references);
            } catch (InvalidSchemaException e) {
                if (e.getMessage().startsWith("Could not resolve type")) {
                    // the real registry words a type it cannot find after parsing, from a schema object with version 0
                    // and id -1
                    String refs = referencesText(references);
                    throw new Failure(
                            422,
                            42201,
                            "Invalid schema {subject=" + subject + ",version=0,id=-1,schemaType=PROTOBUF,references="
                                    + refs + ",metadata=null,ruleSet=null,schema=" + text.asText()
                                    + ",schemaTags=null}, details: " + e.getMessage());
                }
                throw new Failure(
                        422,
                        42201,
                        invalidSchema(
                                subject,
                                text.asText(),
                                references,
                                type,
                                e.getMessage().startsWith("Syntax error")
                                        ? "Could not parse Protobuf - " + e.getMessage()
                                        : e.getMessage()));
            }
        }
        try {
            AvroSchemas.Parsed parsed = AvroSchemas.parse(
                    normalize ? AvroSchemas.normalize(text.asText()) : text.asText(),
                    referenced(references, subject).stream()
                            .map(SchemaFormat.Referenced::text)
                            .toList());
            return new Candidate(type, parsed.schema(), parsed.canonical(), references);
        } catch (InvalidSchemaException e) {
            throw new Failure(422, 42201, invalidSchema(subject, text.asText(), references, e));
        }
    }

    /**
     * The real registry's message for an invalid schema: the request as its Java object prints
     * itself, then the parser's details (evctl's Avro parser's words, which can differ from the
     * real registry's for the same mistake).
     */
    private static String invalidSchema(
            String subject, String text, List<Reference> references, InvalidSchemaException e) {
        String refs = referencesText(references);
        String details = e.getMessage().startsWith("Invalid schema: ")
                ? e.getMessage().substring("Invalid schema: ".length())
                : e.getMessage();
        String whole = e.getCause() == null ? null : e.getCause().getMessage();
        if (whole != null && whole.lines().findFirst().orElse("").equals(details)) {
            details = whole; // the parser's whole message, its location line too, as the real registry passes it on
        }
        return invalidSchema(subject, text, references, SchemaType.AVRO, details);
    }

    private static String invalidSchema(
            String subject, String text, List<Reference> references, SchemaType type, String details) {
        String refs = referencesText(references);
        return "Invalid schema {subject=" + subject + ",version=null,id=null,schemaType=" + type + ",references=" + refs
                + ",metadata=null,ruleSet=null,schema=" + text + ",schemaTags=null} with refs " + refs + " of type "
                + type
                + ", details: " + details;
    }

    /** References as the real registry's messages print them: {@code [{name='…', subject='…', version=N}]}. */
    private static String referencesText(List<Reference> references) {
        return references.stream()
                .map(r -> "{name='" + r.name() + "', subject='" + r.subject() + "', version=" + r.version() + "}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            names.forEach(n -> out.set(n, sortedKeys(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(e -> out.add(sortedKeys(e)));
            return out;
        }
        return node;
    }

    private static JsonNode readBody(String body) {
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

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Failure(404, 404, "HTTP 404 Not Found");
        }
    }

    private static ObjectNode versionJson(SchemaStore.Version v) {
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

    private static ArrayNode referencesJson(List<Reference> references) {
        ArrayNode refs = JSON.createArrayNode();
        references.forEach(r -> refs.addObject()
                .put("name", r.name())
                .put("subject", r.subject())
                .put("version", r.version()));
        return refs;
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body.toString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
