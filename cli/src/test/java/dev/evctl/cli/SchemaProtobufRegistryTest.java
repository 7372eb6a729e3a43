package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protobuf subjects in a registry (the sandbox's): register, the gate evaluated here and by the registry (--remote),
 * references.
 */
@Tag("integration")
class SchemaProtobufRegistryTest {

    private static final String V1 = """
            syntax = "proto3";
            package shop;

            message Order {
              string id = 1;
              double amount = 2;
            }
            """;

    @TempDir
    Path home;

    private Evctl evctl;
    private String subject;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        subject = "proto-orders-" + System.nanoTime() + "-value";
    }

    private Path write(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theGateAgreesWithTheRegistryAndPointsAtTheLine() throws Exception {
        Path v1 = write("order.proto", V1);
        int id = Integer.parseInt(evctl.ok("schema", "register", subject, "-f", v1.toString())
                .out()
                .trim());
        assertTrue(id > 0);
        String stored = evctl.ok("schema", "get", subject).out();
        assertTrue(stored.contains("message Order {"), stored);

        Path v2 = write("order2.proto", V1.replace("double amount = 2;", "double amount = 2;\n  string currency = 3;"));
        evctl.ok("schema", "check", "-f", v2.toString(), "--subject", subject);
        evctl.ok("schema", "check", "-f", v2.toString(), "--subject", subject, "--remote");

        Path v3 = write("order3.proto", V1.replace("double amount = 2;", "string amount = 2;"));
        Evctl.Result local =
                evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "-f", v3.toString(), "--subject", subject);
        assertTrue(
                local.out()
                        .startsWith(v3
                                + ":6: FIELD_SCALAR_KIND_CHANGED at #/Order/2: the new schema cannot read data written"
                                + " with version 1"),
                local.out());
        Evctl.Result remote = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "-f", v3.toString(), "--subject", subject, "--remote");
        assertTrue(
                remote.out()
                        .startsWith(v3
                                + ":6: FIELD_SCALAR_KIND_CHANGED at #/Order/2: the new schema cannot read data written"
                                + " with version 1"),
                remote.out());
        String dry = evctl.expect(
                        ExitCodes.CHECK_FAILED, "schema", "register", subject, "-f", v3.toString(), "--dry-run")
                .out();
        assertTrue(
                dry.contains("would be refused by " + subject)
                        && dry.contains("FIELD_SCALAR_KIND_CHANGED at #/Order/2"),
                dry);
        // registering again the same schema reformatted is the same version (the registry compares canonical texts)
        Path reformatted = write("again.proto", "// v1 again\n" + V1.replace("\n\n", "\n"));
        assertEquals(
                id,
                Integer.parseInt(evctl.ok("schema", "register", subject, "-f", reformatted.toString())
                        .out()
                        .trim()));
    }

    @Test
    void aSubjectKeepsOneTypeAndInvalidProtoSendsNothing() throws Exception {
        evctl.ok("schema", "register", subject, "-f", write("order.proto", V1).toString());
        Path avro = write(
                "order.avsc",
                "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [{\"name\": \"id\", \"type\": \"string\"}]}");
        String err = evctl.expect(ExitCodes.BAD_INPUT, "schema", "check", "-f", avro.toString(), "--subject", subject)
                .err();
        assertTrue(err.contains("is AVRO but subject '" + subject + "' holds PROTOBUF schemas"), err);
        Path bad = write("bad.proto", "syntax = \"proto3\";\nmessage Order {\n  string id = 1\n}\n");
        err = evctl.expect(ExitCodes.BAD_INPUT, "schema", "register", subject, "-f", bad.toString())
                .err();
        assertTrue(err.contains(bad + ":4:2: invalid schema: expected ';'"), err);
        assertEquals("1", evctl.ok("schema", "versions", subject).out().trim(), "nothing registered");
    }

    @Test
    void importsAreReferencesToOtherSubjects() throws Exception {
        String customers = "proto-customers-" + System.nanoTime() + "-value";
        evctl.ok(
                "schema",
                "register",
                customers,
                "-f",
                write(
                                "customer.proto",
                                "syntax = \"proto3\";\npackage common;\n\nmessage Customer {\n  string name = 1;\n}\n")
                        .toString());
        Path order = write(
                "with-customer.proto",
                V1.replace("package shop;", "package shop;\nimport \"customer.proto\";")
                        .replace("double amount = 2;", "double amount = 2;\n  common.Customer customer = 3;"));
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "schema",
                        "register",
                        subject,
                        "-f",
                        order.toString(),
                        "--reference",
                        "customer.proto=" + customers + ":2")
                .err();
        assertTrue(err.contains("version 2") || err.contains("not found"), err);
        evctl.ok(
                "schema",
                "register",
                subject,
                "-f",
                order.toString(),
                "--reference",
                "customer.proto=" + customers + ":1");
        evctl.ok(
                "schema",
                "check",
                "-f",
                order.toString(),
                "--subject",
                subject,
                "--reference",
                "customer.proto=" + customers + ":1");
        evctl.ok(
                "schema",
                "check",
                "-f",
                order.toString(),
                "--subject",
                subject,
                "--reference",
                "customer.proto=" + customers + ":1",
                "--remote");
    }

    /**
     * A well-known type registered as a subject of its own (as Confluent's serializers do) and the built-in one are the
     * same type: an unchanged file checked with only its other reference passes, a real change still fails.
     */
    @Test
    void aRegisteredWellKnownTypeIsTheBuiltInOne() throws Exception {
        String n = Long.toString(System.nanoTime());
        String timestamps = "google/protobuf/timestamp.proto";
        evctl.ok(
                "schema",
                "register",
                timestamps,
                "-f",
                write(
                                "timestamp.proto",
                                "syntax = \"proto3\";\npackage google.protobuf;\noption java_package ="
                                        + " \"com.google.protobuf\";\nmessage Timestamp {\n  int64 seconds = 1;\n"
                                        + "  int32 nanos = 2;\n}\n")
                        .toString());
        String customers = "wkt-customers-" + n;
        evctl.ok(
                "schema",
                "register",
                customers,
                "-f",
                write(
                                "customer.proto",
                                "syntax = \"proto3\";\npackage common;\nmessage Customer {\n  string name = 1;\n}\n")
                        .toString());
        String text = "syntax = \"proto3\";\npackage shop;\nimport \"google/protobuf/timestamp.proto\";\nimport"
                + " \"customer.proto\";\nmessage Order {\n  google.protobuf.Timestamp at = 1;\n  common.Customer"
                + " customer = 2;\n}\n";
        Path order = write("order-at.proto", text);
        evctl.ok(
                "schema",
                "register",
                subject,
                "-f",
                order.toString(),
                "--reference",
                timestamps + "=" + timestamps + ":1",
                "--reference",
                "customer.proto=" + customers + ":1");
        for (String mode : new String[] {"--local", "--remote"}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                    "schema",
                    "check",
                    "-f",
                    order.toString(),
                    "--subject",
                    subject,
                    "--reference",
                    "customer.proto=" + customers + ":1"));
            if (mode.equals("--remote")) {
                args.add(mode);
            }
            evctl.ok(args.toArray(String[]::new));
        }
        Path changed = write("order-at2.proto", text.replace("google.protobuf.Timestamp at = 1;", "string at = 1;"));
        evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                changed.toString(),
                "--subject",
                subject,
                "--reference",
                "customer.proto=" + customers + ":1");
    }
}
