package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.evctl.commands.ExitCodes;
import dev.evctl.schema.registry.TranscriptRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `evctl schema check` against a registry that answers as a real Confluent Schema Registry 7.9.9
 * did (recorded exchanges): the local engine and the registry must agree on the recorded case.
 */
class SchemaCheckRegistryTest {

    @TempDir
    Path home;

    private TranscriptRegistry registry;
    private Evctl evctl;
    private Path schema;

    @BeforeEach
    void setUp() throws Exception {
        registry = new TranscriptRegistry();
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", registry.url());
        schema = home.resolve("order.avsc");
        // the candidate the recording found incompatible: a new field customerId without a default
        Files.writeString(
                schema,
                registry.exchange("compat_latest_bad_verbose")
                        .get("request_body")
                        .get("schema")
                        .asText());
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void localEvaluationAtTheSubjectsLevelAgreesWithTheRegistry() {
        registry.answer("config_subject_default", "get_latest");
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "-f", schema.toString(), "--subject", "api-orders-value");
        List<String> lines = r.out().lines().toList();
        assertTrue(
                lines.get(0)
                        .startsWith(schema
                                + ":1: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2: the new schema cannot read"
                                + " data written with version 2"),
                r.out());
        assertTrue(lines.get(1).startsWith("api-orders-value: BACKWARD — INCOMPATIBLE, 1 problem"), r.out());
        assertEquals(
                List.of("/config/api-orders-value?defaultToGlobal=true", "/subjects/api-orders-value/versions/latest"),
                registry.sent().stream().map(TranscriptRegistry.Sent::path).toList());
    }

    /** Against a registry its own level decides, whatever the mapping asks: registration applies that one. */
    @Test
    void theRegistrysLevelDecidesAndAMappingThatAsksForAnotherIsWarned() throws Exception {
        registry.answer("config_subject_default", "get_latest");
        Path mapping = home.resolve("evctl-schemas.yaml");
        Files.writeString(mapping, "schemas:\n  - subject: api-orders-value\n    file: order.avsc\n    level: NONE\n");
        Evctl.Result r = evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "--schemas", mapping.toString());
        assertTrue(r.out().contains("api-orders-value: BACKWARD — INCOMPATIBLE"), r.out());
        assertTrue(
                r.err()
                        .contains("warning: api-orders-value: " + mapping
                                + ":2 (schemas[0]) asks for NONE but the registry applies"
                                + " BACKWARD to it: checked at BACKWARD"),
                r.err());
    }

    @Test
    void remoteModeShowsTheRegistrysOwnReasons() {
        registry.answer("config_subject_default", "compat_all_bad_verbose");
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                schema.toString(),
                "--subject",
                "api-orders-value",
                "--remote",
                "-o",
                "github");
        assertTrue(
                r.out().startsWith("::error file=" + schema + ",line=1,title=READER_FIELD_MISSING_DEFAULT_VALUE::"),
                r.out());
        // the real registry's wording read as the local engine gives it: direction, version and Avro's own words
        assertTrue(
                r.out().contains("at /fields/2: the new schema cannot read data written with version 2 — customerId"),
                r.out());
    }

    /** -o json once crashed (NullPointerException) on any incompatible --remote verdict. */
    @Test
    void remoteJsonReportsTheRegistrysReasons() throws Exception {
        registry.answer("config_subject_default", "compat_all_bad_verbose");
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                schema.toString(),
                "--subject",
                "api-orders-value",
                "--remote",
                "-o",
                "json");
        var doc = new ObjectMapper().readTree(r.out());
        assertFalse(doc.get("compatible").asBoolean());
        assertEquals(
                "READER_FIELD_MISSING_DEFAULT_VALUE",
                doc.get("subjects")
                        .get(0)
                        .get("incompatibilities")
                        .get(0)
                        .get("type")
                        .asText());
    }

    /**
     * An older registry answers is_compatible false with no messages: every format still fails with a reason, whole.
     */
    @Test
    void anIncompatibleVerdictWithoutMessagesFailsInEveryFormat() throws Exception {
        HttpServer old = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        old.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = (path.startsWith("/config")
                            ? "{\"compatibilityLevel\":\"BACKWARD\"}"
                            : "{\"is_compatible\":false}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        old.start();
        try {
            Evctl e = new Evctl(home)
                    .env(
                            "EVCTL_REGISTRY_URL",
                            "http://127.0.0.1:" + old.getAddress().getPort());
            Path report = home.resolve("report.xml");
            e.expect(
                    ExitCodes.CHECK_FAILED,
                    "schema",
                    "check",
                    "-f",
                    schema.toString(),
                    "--subject",
                    "s",
                    "--remote",
                    "-o",
                    "junit",
                    "--report",
                    report.toString());
            String xml = Files.readString(report);
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()); // well-formed
            assertTrue(xml.contains("failures=\"1\"") && xml.contains("<failure type=\"INCOMPATIBLE\""), xml);
            assertTrue(e.expect(
                            ExitCodes.CHECK_FAILED,
                            "schema",
                            "check",
                            "-f",
                            schema.toString(),
                            "--subject",
                            "s",
                            "--remote",
                            "-o",
                            "github")
                    .out()
                    .startsWith("::error file=" + schema + ",line=1,title=INCOMPATIBLE::"));
            assertTrue(e.expect(
                            ExitCodes.CHECK_FAILED,
                            "schema",
                            "check",
                            "-f",
                            schema.toString(),
                            "--subject",
                            "s",
                            "--remote",
                            "-o",
                            "json")
                    .out()
                    .contains("\"type\":\"INCOMPATIBLE\""));
        } finally {
            old.stop(0);
        }
    }

    /** register --dry-run says why the registry would refuse, a reason a line, not the registry's raw message blob. */
    @Test
    void registerDryRunListsTheReasons() {
        registry.answer("compat_all_bad_verbose");
        List<String> lines = evctl.expect(
                        ExitCodes.CHECK_FAILED,
                        "schema",
                        "register",
                        "api-orders-value",
                        "-f",
                        schema.toString(),
                        "--dry-run")
                .out()
                .lines()
                .toList();
        assertEquals("would be refused by api-orders-value:", lines.get(0));
        assertTrue(
                lines.get(1)
                        .startsWith("  READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2: the new schema cannot read "
                                + "data written"
                                + " with version 2"),
                lines.toString());
        assertFalse(lines.get(1).contains("{"), "no raw JSON: " + lines);
    }

    @Test
    void unreachableRegistryIsAConnectionErrorWithoutCredentials() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Evctl.Result r = new Evctl(home)
                .env("REG_PW", "pw-not-to-show")
                .ok(
                        "config",
                        "set-context",
                        "ci",
                        "-b",
                        "x:1",
                        "--registry-url",
                        "http://127.0.0.1:" + closed,
                        "--registry-property",
                        "basic.auth.user.info=ci:${env:REG_PW}");
        Evctl.Result failed = new Evctl(home)
                .env("REG_PW", "pw-not-to-show")
                .expect(ExitCodes.CONNECTION, "schema", "check", "-f", schema.toString(), "--timeout", "1s");
        assertTrue(
                failed.err().contains("cannot reach the schema registry at http://127.0.0.1:" + closed), failed.err());
        assertFalse(failed.err().contains("pw-not-to-show"));
        assertTrue(
                new Evctl(home).ok("config", "view").out().contains("ci:${env:REG_PW}"),
                "the reference is shown as written");
        new Evctl(home)
                .expect(
                        ExitCodes.USAGE,
                        "config",
                        "set-context",
                        "ci",
                        "--registry-property",
                        "basic.auth.user.info=ci:hunter2");
        assertTrue(r.err().contains("updated") || r.err().contains("created"));
    }

    @Test
    void noRegistryChosenIsAUsageError() {
        assertTrue(new Evctl(home)
                .expect(ExitCodes.USAGE, "schema", "check", "-f", schema.toString())
                .err()
                .contains("--registry-url"));
    }
}
