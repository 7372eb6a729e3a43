package dev.evctl.sandbox.registry;

import static dev.evctl.sandbox.registry.Rest.JSON;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.evctl.sandbox.registry.Rest.Answer;
import dev.evctl.sandbox.registry.Rest.Request;

/**
 * A development registry for the sandbox, speaking the Confluent Schema Registry REST API (v1) for Avro, Protobuf
 * and JSON Schema: the same paths, status codes, {@code error_code}s and response shapes, with compatibility decided
 * by evctl's engine and state kept in the {@code _schemas} topic. Schema references and {@code normalize} work as in
 * the real registry. Not a production registry: no auth, no modes but READWRITE, no data contracts.
 *
 * <p>This class is the HTTP side (content negotiation, routing, errors as JSON); {@link Subjects} and
 * {@link Compatibility} are the resources, {@link Candidates} the validation, {@link SchemaStore} the storage.
 */
public final class SandboxRegistry implements AutoCloseable {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final List<String> BODY_TYPES = List.of(
            "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json",
            "application/json",
            "application/octet-stream");

    private final HttpServer server;
    private final SchemaStore store;
    private final Subjects subjects;
    private final Compatibility compatibility;
    private final Ids ids;
    private HttpServer secured;

    private SandboxRegistry(HttpServer server, SchemaStore store) {
        this.server = server;
        this.store = store;
        Candidates candidates = new Candidates(store);
        this.compatibility = new Compatibility(store, candidates);
        this.subjects = new Subjects(store, candidates, compatibility);
        this.ids = new Ids(store, candidates);
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

    /**
     * Opens a second port on the same registry that answers only requests whose {@code Authorization} header
     * {@code authorized} accepts (else 401, as a registry with bearer auth answers); returns its URL.
     */
    public synchronized String openSecured(int port, Predicate<String> authorized) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext("/", ex -> {
            if (authorized.test(ex.getRequestHeaders().getFirst("Authorization"))) {
                handle(ex);
                return;
            }
            ex.getRequestBody().readAllBytes();
            byte[] body = error(401, 40101, "Unauthorized: a valid bearer token is required")
                    .body()
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            ex.sendResponseHeaders(401, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "evctl-sandbox-registry-secured");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        secured = http;
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        if (secured != null) {
            secured.stop(0);
        }
        store.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        String mediaType = negotiate(ex.getRequestHeaders().getFirst("Accept"));
        Answer answer;
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
            answer = route(Request.of(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (Failure f) {
            answer = error(f.status, f.code, f.getMessage());
        } catch (RuntimeException e) {
            answer = error(500, 50001, "Error in the backend data store: " + e.getMessage());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", mediaType == null ? MEDIA_TYPE : mediaType);
        ex.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Answer error(int status, int code, String message) {
        return new Answer(
                status,
                JSON.createObjectNode()
                        .put("error_code", code)
                        .put("message", message)
                        .toString());
    }

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

    private Answer route(Request request) {
        String first = request.size() > 0 ? request.part(0) : "";
        return switch (first) {
            case "contexts" -> {
                if (!request.is("GET", 1)) {
                    throw Failure.notFound();
                }
                yield Answer.ok(JSON.createArrayNode().add(".")); // one registry, the default context
            }
            case "schemas" -> ids.route(request);
            case "subjects" -> subjects.route(request);
            case "config" -> compatibility.config(request);
            case "mode" -> mode(request);
            case "compatibility" -> {
                if (!request.method().equals("POST")
                        || request.size() < 4
                        || !request.part(1).equals("subjects")
                        || !request.part(3).equals("versions")) {
                    throw Failure.notFound();
                }
                yield compatibility.test(request);
            }
            default -> throw Failure.notFound();
        };
    }

    /** {@code /mode}: always READWRITE, and said so when another mode is asked for. */
    private static Answer mode(Request request) {
        int n = request.size();
        if (request.is("GET", 1)) {
            return Answer.ok(JSON.createObjectNode().put("mode", "READWRITE"));
        }
        if ((request.method().equals("GET") || request.method().equals("DELETE")) && n == 2) {
            throw new Failure(
                    404, 40409, "Subject '" + request.part(1) + "' does not have subject-level mode configured");
        }
        if (!request.method().equals("PUT") || n > 2) {
            throw Failure.notFound();
        }
        String mode = Rest.readBody(request.body()).path("mode").asText("");
        if (!List.of("READWRITE", "READONLY", "READONLY_OVERRIDE", "IMPORT").contains(mode)) {
            throw new Failure(
                    422, 42204, "Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, IMPORT.");
        }
        if (!mode.equals("READWRITE")) {
            throw new Failure(
                    422, 42205, "The sandbox registry is always READWRITE: mode " + mode + " is not supported");
        }
        return Answer.ok(JSON.createObjectNode().put("mode", mode));
    }

    /** {@code /schemas}: every version, the types, and a schema by its id. */
    private static final class Ids {
        private final SchemaStore store;
        private final Candidates candidates;

        Ids(SchemaStore store, Candidates candidates) {
            this.store = store;
            this.candidates = candidates;
        }

        Answer route(Request request) {
            int n = request.size();
            if (request.is("GET", 1)) {
                return list(request);
            }
            if (request.is("GET", 2) && request.part(1).equals("types")) {
                return Answer.ok(
                        JSON.createArrayNode().add("JSON").add("PROTOBUF").add("AVRO"));
            }
            if (n >= 3
                    && n <= 4
                    && request.part(1).equals("ids")
                    && request.method().equals("GET")) {
                return byId(request);
            }
            throw Failure.notFound();
        }

        /** Every (subject, version), as {@code GET /schemas} lists them: subjectPrefix, deleted and latestOnly apply. */
        private Answer list(Request request) {
            String prefix = request.query().getOrDefault("subjectPrefix", "");
            ArrayNode out = JSON.createArrayNode();
            for (String subject : store.subjects(request.deleted())) {
                if (!subject.startsWith(prefix)) {
                    continue;
                }
                List<SchemaStore.Version> versions = store.versions(subject, request.deleted());
                for (SchemaStore.Version v : request.flag("latestOnly") && !versions.isEmpty()
                        ? versions.subList(versions.size() - 1, versions.size())
                        : versions) {
                    out.add(Rest.versionJson(v));
                }
            }
            return Answer.ok(out);
        }

        private Answer byId(Request request) {
            int id = parseId(request.part(2));
            SchemaStore.Version held = store.schema(id);
            if (held == null) {
                throw new Failure(404, 40403, "Schema " + id + " not found");
            }
            String tail = request.size() == 4 ? request.part(3) : "";
            return switch (tail) {
                case "" -> {
                    ObjectNode out = JSON.createObjectNode();
                    if (!held.schemaType().equals("AVRO")) {
                        out.put("schemaType", held.schemaType());
                    }
                    out.put("schema", candidates.formatted(held, request.query().get("format")));
                    if (!held.references().isEmpty()) {
                        out.set("references", Rest.referencesJson(held.references()));
                    }
                    yield Answer.ok(out);
                }
                case "schema" -> new Answer(200, held.schema());
                case "versions" -> {
                    ArrayNode out = JSON.createArrayNode();
                    store.usersOf(id, request.deleted())
                            .forEach(v ->
                                    out.addObject().put("subject", v.subject()).put("version", v.version()));
                    yield Answer.ok(out);
                }
                case "subjects" -> {
                    ArrayNode out = JSON.createArrayNode();
                    store.usersOf(id, request.deleted()).stream()
                            .map(SchemaStore.Version::subject)
                            .distinct()
                            .forEach(out::add);
                    yield Answer.ok(out);
                }
                default -> throw Failure.notFound();
            };
        }

        private static int parseId(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw Failure.notFound();
            }
        }
    }
}
