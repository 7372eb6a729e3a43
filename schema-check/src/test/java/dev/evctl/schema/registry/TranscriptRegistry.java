package dev.evctl.schema.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.evctl.schema.conformance.Conformance;

/**
 * Answers HTTP requests with the responses a real Confluent Schema Registry 7.9.9 gave, taken
 * from the conformance copy of registry-api-transcript.json, and records what the client sent so a
 * test can compare it with the recorded request.
 */
public final class TranscriptRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the client sent. */
    public record Sent(
            String method, String path, String contentType, String accept, String authorization, String body) {}

    private final JsonNode transcript;
    private final JsonNode steps;
    private final HttpServer server;
    private final Deque<JsonNode> queue = new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();
    private int failuresBeforeAnswer;

    public TranscriptRegistry() throws IOException {
        transcript = Conformance.json("registry-api-transcript.json");
        steps = Conformance.json("registry-api-transcript.steps.json");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The recorded exchange of a label in the steps file. */
    public JsonNode exchange(String label) {
        JsonNode step = steps.get(label);
        if (step == null) {
            throw new IllegalArgumentException("no step labelled " + label);
        }
        return transcript.get(step.asInt() - 1);
    }

    /** Queues the recorded answers of these labels, in order. */
    public TranscriptRegistry answer(String... labels) {
        for (String label : labels) {
            queue.add(exchange(label));
        }
        return this;
    }

    /** The next {@code n} requests get HTTP 503 before the recorded answer. */
    TranscriptRegistry failFirst(int n) {
        failuresBeforeAnswer = n;
        return this;
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        sent.add(new Sent(
                ex.getRequestMethod(),
                ex.getRequestURI().toString(),
                ex.getRequestHeaders().getFirst("Content-Type"),
                ex.getRequestHeaders().getFirst("Accept"),
                ex.getRequestHeaders().getFirst("Authorization"),
                body));
        if (failuresBeforeAnswer > 0) {
            failuresBeforeAnswer--;
            respond(ex, 503, "application/json", "{\"error_code\":50301,\"message\":\"unavailable\"}");
            return;
        }
        JsonNode e = queue.poll();
        if (e == null) {
            respond(ex, 599, "text/plain", "no recorded answer queued");
            return;
        }
        String text = e.hasNonNull("response_body_raw")
                ? e.get("response_body_raw").asText()
                : e.get("response_body").isTextual()
                        ? e.get("response_body").asText()
                        : JSON.writeValueAsString(e.get("response_body"));
        respond(
                ex,
                e.get("status").asInt(),
                e.get("response_content_type").isNull()
                        ? null
                        : e.get("response_content_type").asText(),
                text);
    }

    private static void respond(HttpExchange ex, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
