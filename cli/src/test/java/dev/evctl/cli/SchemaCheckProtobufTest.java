package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `evctl schema check` of .proto files offline: git history, a directory, a mapping file, and bad input. */
@Tag("integration")
class SchemaCheckProtobufTest {

    private static final String V1 = """
            syntax = "proto3";
            package shop;

            message Order {
              string id = 1;
              int64 total = 2;
              oneof payment {
                string card = 3;
                string iban = 4;
              }
            }
            """;
    /** Adds a field and renames one (numbers are what count): compatible at every level. */
    private static final String V2 = """
            syntax = "proto3";
            package shop;

            // comments and layout are not the schema
            message Order {
              string id = 1;
              int64 amount = 2;
              oneof payment {
                string card = 3;
                string iban = 4;
              }
              string note = 5;
            }
            """;
    /** Field 2 becomes a string (line 7), and iban leaves the oneof (line 11): both break BACKWARD. */
    private static final String V3 = """
            syntax = "proto3";
            package shop;

            message Order {
              string id = 1;
              // a total as text now
              string amount = 2;
              oneof payment {
                string card = 3;
              }
              string iban = 4;
              string note = 5;
            }
            """;

    @TempDir
    Path repo;

    private Evctl evctl;
    private Path proto;

    @BeforeEach
    void history() throws Exception {
        evctl = new Evctl(repo);
        proto = repo.resolve("proto/order.proto");
        Files.createDirectories(proto.getParent());
        Git.run(repo, "init", "-q");
        Files.writeString(proto, V1);
        Git.run(repo, "add", ".");
        Git.run(repo, "commit", "-q", "-m", "v1");
    }

    @Test
    void everyProblemHasItsLineTheRegistrysTypeAndTheVersion() throws Exception {
        Files.writeString(proto, V2);
        evctl.ok("schema", "check", "-f", proto.toString(), "--against", "git:HEAD", "--level", "FULL_TRANSITIVE");
        Git.run(repo, "commit", "-q", "-am", "v2");
        Files.writeString(proto, V3);
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "-f", proto.toString(), "--against", "git:HEAD");
        List<String> lines = r.out().lines().toList();
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith(proto + ":7: FIELD_SCALAR_KIND_CHANGED at #/Order/2: the new schema"
                                + " cannot read data written with version 2")),
                r.out());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith(proto + ":11: ONEOF_FIELD_REMOVED at #/Order/payment/4")),
                r.out());
        assertTrue(r.out().contains("order: BACKWARD — INCOMPATIBLE, 2 problems"), r.out());
        JsonNode json = new ObjectMapper()
                .readTree(evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "check",
                                "-f",
                                proto.toString(),
                                "--against",
                                "git:HEAD",
                                "--level",
                                "FULL_TRANSITIVE",
                                "-o",
                                "json")
                        .out());
        JsonNode problems = json.get("subjects").get(0).get("incompatibilities");
        assertEquals(
                List.of(
                        "FIELD_MOVED_TO_EXISTING_ONEOF",
                        "FIELD_SCALAR_KIND_CHANGED",
                        "FIELD_SCALAR_KIND_CHANGED",
                        "ONEOF_FIELD_REMOVED"),
                types(problems).subList(0, 4).stream().sorted().toList(),
                json.toString());
        assertEquals(8, problems.size(), "both directions against both versions: " + json);
    }

    private static List<String> types(JsonNode problems) {
        List<String> out = new ArrayList<>();
        problems.forEach(p -> out.add(p.get("type").asText()));
        return out;
    }

    @Test
    void aDirectoryBaselineAndAMappingWithTypesWork() throws Exception {
        Path released = repo.resolve("released");
        Files.createDirectories(released.resolve("proto"));
        Files.writeString(released.resolve("proto/order.proto"), V1);
        Files.writeString(proto, V3);
        evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "-f", proto.toString(), "--against", "dir:" + released);
        // a message added (compatible BACKWARD), declared with a glob and its type; the subject is the file name +
        // suffix
        Files.writeString(proto, V1 + "\nmessage Refund {\n  string id = 1;\n}\n");
        Files.writeString(repo.resolve("evctl-schemas.yaml"), """
                schemas:
                  - files: "proto/*.proto"
                    type: protobuf
                """);
        String out = evctl.ok(
                        "schema",
                        "check",
                        "--schemas",
                        repo.resolve("evctl-schemas.yaml").toString(),
                        "--against",
                        "git:HEAD")
                .out();
        assertTrue(out.contains("order-value: BACKWARD — compatible"), out);
        // FORWARD: an old reader does not know the new message (the registry's MESSAGE_REMOVED)
        String forward = evctl.expect(
                        ExitCodes.CHECK_FAILED,
                        "schema",
                        "check",
                        "-f",
                        proto.toString(),
                        "--against",
                        "git:HEAD",
                        "--level",
                        "FORWARD")
                .out();
        assertTrue(forward.contains(":13: MESSAGE_REMOVED at #/Refund"), forward);
    }

    @Test
    void invalidProtoIsBadInputWithLineAndColumn() throws Exception {
        Files.writeString(
                proto,
                "syntax = \"proto3\";\npackage shop;\n\nmessage Order {\n  string id = 1;\n  repeated "
                        + "map<string, int32> m = 2;\n}\n");
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT, "schema", "check", "-f", proto.toString(), "--against", "git:HEAD")
                .err();
        assertTrue(err.contains(proto + ":6:3: invalid schema: 'map' type cannot have label"), err);
        Files.writeString(
                proto,
                "syntax = \"proto3\";\npackage shop;\n\nmessage Order {\n  string id = 1;\n  Missing m = 2;\n}\n");
        err = evctl.expect(ExitCodes.BAD_INPUT, "schema", "check", "-f", proto.toString(), "--against", "git:HEAD")
                .err();
        assertTrue(err.contains(proto + ":6:3: invalid schema: unknown type Missing (field m)"), err);
        // well-known types need no file and no registry
        Files.writeString(proto, V1.replace("string id = 1;", "string id = 1;\n  google.protobuf.Timestamp at = 9;"));
        evctl.ok("schema", "check", "-f", proto.toString(), "--against", "git:HEAD");
    }

    @Test
    void aTypeTheFileContradictsIsAnError() throws Exception {
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT,
                        "schema",
                        "check",
                        "-f",
                        proto.toString(),
                        "--type",
                        "avro",
                        "--against",
                        "git:HEAD")
                .err();
        assertTrue(err.contains("declared as Avro but the file holds Protobuf (--type)"), err);
        evctl.expect(
                ExitCodes.USAGE,
                "schema",
                "check",
                "-f",
                proto.toString(),
                "--type",
                "thrift",
                "--against",
                "git:HEAD");
    }

    @Test
    void importsComeFromReferencedFiles() throws Exception {
        Path customer = repo.resolve("proto/customer.proto");
        Files.writeString(
                customer, "syntax = \"proto3\";\npackage common;\n\nmessage Customer {\n  string name = 1;\n}\n");
        Files.writeString(
                proto,
                V1.replace("package shop;", "package shop;\nimport \"customer.proto\";")
                        .replace("string id = 1;", "string id = 1;\n  common.Customer customer = 6;"));
        evctl.ok(
                "schema",
                "check",
                "-f",
                proto.toString(),
                "--reference",
                "customer.proto=" + customer,
                "--against",
                "git:HEAD");
        String err = evctl.expect(
                        ExitCodes.BAD_INPUT, "schema", "check", "-f", proto.toString(), "--against", "git:HEAD")
                .err();
        assertTrue(err.contains("unknown type common.Customer"), err);
    }

    @Test
    void diffListsFieldsByMessageAndNumber() throws Exception {
        Path before = repo.resolve("before.proto");
        Files.writeString(before, V1);
        Files.writeString(proto, V3);
        Evctl.Result r =
                evctl.expect(ExitCodes.CHECK_FAILED, "schema", "diff", "-f", before.toString(), "-f", proto.toString());
        assertEquals(
                List.of(
                        "~ shop.Order.2: int64 total -> string amount",
                        "~ shop.Order.4: string iban (oneof payment) -> string iban",
                        "+ shop.Order.5: string note"),
                r.out().lines().toList());
        assertTrue(evctl.ok("schema", "diff", "-f", before.toString(), "-f", before.toString())
                .err()
                .contains("no structural difference"));
        JsonNode json = new ObjectMapper()
                .readTree(evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "diff",
                                "-f",
                                before.toString(),
                                "-f",
                                proto.toString(),
                                "-o",
                                "json")
                        .out());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("identical", "changes"), keys, "the JSON contract (README \"JSON output\")");

        // a field moved into a oneof is a change (check rejects it), not "no structural difference"
        Files.writeString(before, V1.replace("  string iban = 4;\n  }", "  }\n  string iban = 4;"));
        assertEquals(
                List.of("~ shop.Order.4: string iban -> string iban (oneof payment)"),
                evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "diff",
                                "-f",
                                before.toString(),
                                "-f",
                                Files.writeString(repo.resolve("v1.proto"), V1).toString())
                        .out()
                        .lines()
                        .toList());
    }

    @Test
    void diffTakesTheTypeWhereTheFileCannotSay() throws Exception {
        Path before = Files.writeString(repo.resolve("old.json"), "{\"type\": \"string\"}");
        Path after = Files.writeString(repo.resolve("new.json"), "{\"type\": \"string\", \"maxLength\": 3}");
        assertEquals(
                List.of("+ /maxLength: 3"),
                evctl.expect(
                                ExitCodes.CHECK_FAILED,
                                "schema",
                                "diff",
                                "--type",
                                "json",
                                "-f",
                                before.toString(),
                                "-f",
                                after.toString())
                        .out()
                        .lines()
                        .toList());
        assertTrue(evctl.expect(
                        ExitCodes.USAGE,
                        "schema",
                        "diff",
                        "--type",
                        "xml",
                        "-f",
                        before.toString(),
                        "-f",
                        after.toString())
                .err()
                .startsWith("evctl: error: --type: "));
    }
}
