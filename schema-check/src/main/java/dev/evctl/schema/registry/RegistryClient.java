package dev.evctl.schema.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client of the Confluent Schema Registry REST API (v1 media type) over java.net.http: one
 * connection pool with keep-alive, basic or bearer auth, retries with backoff on connection
 * errors and 5xx only, and error answers mapped by {@code error_code}.
 */
public final class RegistryClient {

    public static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Made with the first request, not with the client: a tail that meets no Avro record never needs it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * How to reach the registry.
     *
     * @param password resolved secret; never printed
     * @param retries  extra attempts after a connection error or a 5xx
     * @param ssl      TLS context for https with a private trust store or client certificate; null for the JDK default
     * @param bearer   the token for {@code Authorization: Bearer}, asked before each request (an OAuth login caches and
     * refreshes it); null for none
     */
    public record Settings(
            URI url,
            String user,
            String password,
            Supplier<String> bearer,
            Duration timeout,
            int retries,
            SSLContext ssl) {

        public static Settings of(String url) {
            return new Settings(URI.create(url), null, null, null, Duration.ofSeconds(10), 2, null);
        }

        /**
         * The settings of a registry URL and its client properties, resolved in one place: basic
         * auth from {@code basic.auth.user.info} or from the URL's user info ({@code
         * https://user:password@host}, as curl takes it; the URL is then used without it — one of
         * the two, not both), {@code bearer.auth.token}, and TLS ({@link RegistryTls}).
         * {@link IllegalArgumentException} says what is wrong in one line.
         */
        public static Settings resolve(String url, Map<String, String> props, Duration timeout) {
            String user = null;
            String password = null;
            String userInfo = props.get("basic.auth.user.info");
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                password = colon < 0 ? "" : userInfo.substring(colon + 1);
            }
            URI uri;
            try {
                uri = URI.create(url);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid registry URL '" + url + "': expected http://HOST:PORT");
            }
            if (uri.getRawUserInfo() != null) {
                if (user != null) {
                    throw new IllegalArgumentException(
                            "the registry URL has user info and the context has basic.auth.user.info:"
                                    + " keep one of them");
                }
                String info = uri.getUserInfo();
                int colon = info.indexOf(':');
                user = colon < 0 ? info : info.substring(0, colon);
                password = colon < 0 ? "" : info.substring(colon + 1);
                try {
                    uri = new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            uri.getQuery(),
                            uri.getFragment());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("invalid registry URL: " + e.getReason());
                }
            }
            String token = props.get("bearer.auth.token");
            return new Settings(
                    uri, user, password, token == null ? null : () -> token, timeout, 2, RegistryTls.context(props));
        }

        /** These settings with another bearer token source (an OAuth login). */
        public Settings withBearer(Supplier<String> tokens) {
            return new Settings(url, user, password, tokens, timeout, retries, ssl);
        }
    }

    /** A schema reference: the named type {@code name} is version {@code version} of {@code subject}. */
    public record Reference(String name, String subject, int version) {}

    /** A subject's version: its global id, its type (null means AVRO) and the stored schema text. */
    public record SubjectVersion(
            String subject, int version, int id, String schemaType, List<Reference> references, String schema) {}

    /** A compatibility verdict; {@code messages} only with verbose. */
    public record Verdict(boolean compatible, List<String> messages) {}

    private final Settings settings;
    private HttpClient http;
    private final String base;

    public RegistryClient(Settings settings) {
        this.settings = settings;
        String url = settings.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The HTTP client, made at the first request: building one loads the JDK's TLS stack (about
     * 0.3 s of start-up), which a tail that never meets an Avro record should not pay. For a plain
     * http:// registry it gets a TLS context that is never used ({@link NoTls}), not the JDK's default.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder =
                    HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1);
            if (settings.ssl() != null) {
                builder.sslContext(settings.ssl());
            } else if ("http".equalsIgnoreCase(settings.url().getScheme())) {
                builder.sslContext(NoTls.context()).sslParameters(NoTls.parameters());
            }
            http = builder.build();
        }
        return http;
    }

    /** The registry URL as it may be shown: without any user info. */
    public String displayUrl() {
        URI u = settings.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
    }

    // ---- subjects and versions

    public List<String> subjects(String prefix, boolean deleted) {
        JsonNode n = call(
                "GET",
                "/subjects" + query("subjectPrefix", prefix, "deleted", deleted ? "true" : null),
                null,
                "the subject list");
        expect(n, n.isArray(), "the subject list", "a list of subjects");
        List<String> out = new ArrayList<>();
        n.forEach(s -> out.add(s.asText()));
        return out;
    }

    public List<Integer> versions(String subject, boolean deleted) {
        JsonNode n = call(
                "GET",
                "/subjects/" + enc(subject) + "/versions" + query("deleted", deleted ? "true" : null),
                null,
                "subject '" + subject + "'");
        expect(n, n.isArray(), "the versions of subject '" + subject + "'", "a list of version numbers");
        List<Integer> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asInt()));
        return out;
    }

    /** {@code version} is a number, {@code latest} or {@code -1}. */
    public SubjectVersion version(String subject, String version) {
        String what = "subject '" + subject + "' version " + version;
        JsonNode n = call("GET", "/subjects/" + enc(subject) + "/versions/" + enc(version), null, what);
        return subjectVersion(expect(
                n, n.path("schema").isTextual() && n.path("version").canConvertToInt(), what, "a schema version"));
    }

    /** A schema by its global id: its type (AVRO, PROTOBUF, JSON), text and references. */
    public record StoredSchema(String schemaType, String schema, List<Reference> references) {}

    /** The schema of a global id with its type and references. */
    public StoredSchema schema(int id) {
        JsonNode n = call("GET", "/schemas/ids/" + id, null, "schema id " + id);
        expect(n, n.path("schema").isTextual(), "schema id " + id, "a schema");
        List<Reference> refs = new ArrayList<>();
        n.path("references")
                .forEach(r -> refs.add(new Reference(
                        r.path("name").asText(),
                        r.path("subject").asText(),
                        r.path("version").asInt())));
        return new StoredSchema(
                n.hasNonNull("schemaType") ? n.get("schemaType").asText() : "AVRO",
                n.get("schema").asText(),
                refs);
    }

    /** The schema text of a global id. */
    public String schemaById(int id) {
        JsonNode n = call("GET", "/schemas/ids/" + id, null, "schema id " + id);
        return expect(n, n.path("schema").isTextual(), "schema id " + id, "a schema")
                .path("schema")
                .asText();
    }

    /** Finds the version of {@code subject} holding this schema. */
    public SubjectVersion lookup(String subject, String schema, List<Reference> references, boolean normalize) {
        return lookup(subject, null, schema, references, normalize);
    }

    /** As {@link #lookup(String, String, List, boolean)} for a schema type (AVRO, PROTOBUF, JSON; null: AVRO). */
    public SubjectVersion lookup(
            String subject, String schemaType, String schema, List<Reference> references, boolean normalize) {
        return subjectVersion(call(
                "POST",
                "/subjects/" + enc(subject) + query("normalize", normalize ? "true" : null),
                schemaBody(schemaType, schema, references),
                "schema lookup in subject '" + subject + "'"));
    }

    /** Registers (or finds) the schema under the subject; returns its global id. */
    public int register(String subject, String schema, List<Reference> references, boolean normalize) {
        return register(subject, null, schema, references, normalize);
    }

    /** As {@link #register(String, String, List, boolean)} for a schema type (AVRO, PROTOBUF, JSON; null: AVRO). */
    public int register(
            String subject, String schemaType, String schema, List<Reference> references, boolean normalize) {
        JsonNode n = call(
                "POST",
                "/subjects/" + enc(subject) + "/versions" + query("normalize", normalize ? "true" : null),
                schemaBody(schemaType, schema, references),
                "subject '" + subject + "'");
        return expect(
                        n,
                        n.path("id").isIntegralNumber() && n.path("id").asInt() > 0,
                        "the registration in subject '" + subject + "'",
                        "a schema id")
                .path("id")
                .asInt();
    }

    /** Soft delete, or permanent after a soft delete; returns the deleted version number. */
    public int deleteVersion(String subject, String version, boolean permanent) {
        return call(
                        "DELETE",
                        "/subjects/" + enc(subject) + "/versions/" + enc(version)
                                + query("permanent", permanent ? "true" : null),
                        null,
                        "subject '" + subject + "' version " + version)
                .asInt();
    }

    /** Soft delete, or permanent after a soft delete; returns the deleted version numbers. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        JsonNode n = call(
                "DELETE",
                "/subjects/" + enc(subject) + query("permanent", permanent ? "true" : null),
                null,
                "subject '" + subject + "'");
        List<Integer> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asInt()));
        return out;
    }

    // ---- config, mode, compatibility

    /** The level in force for the subject (its own, else the global one); null subject for the global level. */
    public String compatibilityLevel(String subject) {
        String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
        String what = subject == null ? "the global config" : "the config of subject '" + subject + "'";
        JsonNode n = call("GET", path, null, what);
        return expect(n, n.path("compatibilityLevel").isTextual(), what, "a compatibility level")
                .path("compatibilityLevel")
                .asText();
    }

    /** Sets the level of a subject, or the global one when {@code subject} is null; returns the level echoed. */
    public String setCompatibilityLevel(String subject, String level) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("compatibility", level);
        String path = subject == null ? "/config" : "/config/" + enc(subject);
        return call(
                        "PUT",
                        path,
                        body,
                        subject == null ? "the global config" : "the config of subject '" + subject + "'")
                .path("compatibility")
                .asText();
    }

    public String mode(String subject) {
        String path = subject == null ? "/mode" : "/mode/" + enc(subject);
        return call("GET", path, null, subject == null ? "the global mode" : "the mode of subject '" + subject + "'")
                .path("mode")
                .asText();
    }

    /**
     * Asks the registry whether the schema may follow the subject: against {@code version}, or
     * against the versions the subject's level requires when {@code version} is null.
     */
    public Verdict testCompatibility(
            String subject, String version, String schema, List<Reference> references, boolean verbose) {
        return testCompatibility(subject, version, null, schema, references, verbose);
    }

    /** As {@link #testCompatibility(String, String, String, List, boolean)} for a schema type (null: AVRO). */
    public Verdict testCompatibility(
            String subject,
            String version,
            String schemaType,
            String schema,
            List<Reference> references,
            boolean verbose) {
        String path = "/compatibility/subjects/" + enc(subject) + "/versions"
                + (version == null ? "" : "/" + enc(version)) + query("verbose", verbose ? "true" : null);
        JsonNode n = call(
                "POST",
                path,
                schemaBody(schemaType, schema, references),
                "the compatibility of subject '" + subject + "'");
        expect(
                n,
                n.path("is_compatible").isBoolean(),
                "the compatibility of subject '" + subject + "'",
                "a verdict (is_compatible)");
        List<String> messages = new ArrayList<>();
        n.path("messages").forEach(m -> messages.add(m.asText()));
        return new Verdict(n.path("is_compatible").asBoolean(), messages);
    }

    // ---- plumbing

    private static ObjectNode schemaBody(String schemaType, String schema, List<Reference> references) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (schemaType != null && !schemaType.equals("AVRO")) {
            body.put(
                    "schemaType",
                    schemaType); // the registry's default is AVRO, and it is left out as its own clients do
        }
        body.put("schema", schema);
        if (references != null && !references.isEmpty()) {
            var refs = body.putArray("references");
            references.forEach(r -> refs.addObject()
                    .put("name", r.name())
                    .put("subject", r.subject())
                    .put("version", r.version()));
        }
        return body;
    }

    private static SubjectVersion subjectVersion(JsonNode n) {
        List<Reference> refs = new ArrayList<>();
        n.path("references")
                .forEach(r -> refs.add(new Reference(
                        r.path("name").asText(),
                        r.path("subject").asText(),
                        r.path("version").asInt())));
        return new SubjectVersion(
                n.path("subject").asText(),
                n.path("version").asInt(),
                n.path("id").asInt(),
                n.hasNonNull("schemaType") ? n.get("schemaType").asText() : null,
                refs,
                n.path("schema").asText());
    }

    private JsonNode call(String method, String path, JsonNode body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(settings.timeout())
                .header("Accept", MEDIA_TYPE);
        String auth = authorization();
        if (auth != null) {
            request.header("Authorization", auth);
        }
        if (body != null) {
            request.header("Content-Type", MEDIA_TYPE);
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest built = request.build();
        long backoffMs = 200;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http().send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpTimeoutException | ConnectException e) {
                if (attempt < settings.retries()) {
                    LockSupport.parkNanos(backoffMs * 1_000_000L);
                    backoffMs *= 2;
                    continue;
                }
                throw new RegistryException(
                        0,
                        0,
                        null,
                        "cannot reach the schema registry at " + displayUrl() + " after " + (attempt + 1)
                                + " attempts (" + e.getClass().getSimpleName() + ")");
            } catch (IOException e) {
                if (attempt < settings.retries()) {
                    LockSupport.parkNanos(backoffMs * 1_000_000L);
                    backoffMs *= 2;
                    continue;
                }
                throw new RegistryException(
                        0,
                        0,
                        null,
                        "cannot reach the schema registry at " + displayUrl() + ": "
                                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(0, 0, null, "interrupted while calling the schema registry");
            }
            int status = response.statusCode();
            if (status >= 500 && attempt < settings.retries()) {
                LockSupport.parkNanos(backoffMs * 1_000_000L);
                backoffMs *= 2;
                continue;
            }
            if (status >= 200 && status < 300) {
                return parseAnswer(response, what);
            }
            JsonNode error = parse(response.body());
            int code = error.path("error_code").asInt(0);
            String message =
                    error.isTextual() ? error.asText() : error.path("message").asText(null);
            throw new RegistryException(
                    status,
                    code,
                    message,
                    RegistryException.explain(status, code, message, what) + " (" + displayUrl() + ")");
        }
    }

    /**
     * A 2xx answer's JSON. Anything else — a proxy's HTML login page with HTTP 200, say — is a
     * registry error that shows what came back, never an empty list or an id of 0.
     */
    private JsonNode parseAnswer(HttpResponse<String> response, String what) {
        String text = response.body();
        if (text == null || text.isEmpty()) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String type = response.headers().firstValue("Content-Type").orElse("no Content-Type");
            throw new RegistryException(
                    response.statusCode(),
                    0,
                    null,
                    "the schema registry at " + displayUrl() + " answered "
                            + what + " with HTTP " + response.statusCode() + " and " + type + " that is not JSON: "
                            + excerpt(text)
                            + " — is a proxy or login page in the way?");
        }
    }

    /** The answer must have this shape; else it is a registry error that shows what came back. */
    private JsonNode expect(JsonNode n, boolean ok, String what, String expected) {
        if (!ok) {
            throw new RegistryException(
                    200,
                    0,
                    null,
                    "the schema registry at " + displayUrl() + " answered " + what + " with "
                            + excerpt(n == null ? "nothing" : n.toString()) + ", not " + expected
                            + " — is it a schema registry?");
        }
        return n;
    }

    private static String excerpt(String text) {
        String one = text.replaceAll("\\s+", " ").trim();
        return "'" + (one.length() > 80 ? one.substring(0, 80) + "…" : one) + "'";
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isEmpty()) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    private String authorization() {
        if (settings.bearer() != null) {
            return "Bearer " + settings.bearer().get();
        }
        if (settings.user() != null) {
            String pair = settings.user() + ":" + (settings.password() == null ? "" : settings.password());
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string from name/value pairs, skipping null values. */
    private static String query(String... pairs) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                q.put(pairs[i], pairs[i + 1]);
            }
        }
        if (q.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        q.forEach((k, v) ->
                sb.append(sb.length() > 1 ? "&" : "").append(k).append('=').append(enc(v)));
        return sb.toString();
    }
}
