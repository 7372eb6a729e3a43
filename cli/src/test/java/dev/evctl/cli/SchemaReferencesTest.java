package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas that use named types from other schemas: registered with references in the sandbox
 * registry, and checked by `schema check` locally (references fetched from the registry),
 * remotely, and offline (references from files).
 */
@Tag("integration")
class SchemaReferencesTest {

    private static final String CUSTOMER = """
            {"type":"record","name":"Customer","namespace":"com.example","fields":[{"name":"id","type":"string"}]}""";
    private static final String INVOICE_V1 = """
            {"type":"record","name":"Invoice","namespace":"com.example","fields":[
              {"name":"number","type":"string"},
              {"name":"customer","type":"com.example.Customer"}]}""";
    /** Adds a field without a default: BACKWARD-incompatible with v1. */
    private static final String INVOICE_BAD = """
            {"type":"record","name":"Invoice","namespace":"com.example","fields":[
              {"name":"number","type":"string"},
              {"name":"customer","type":"com.example.Customer"},
              {"name":"total","type":"double"}]}""";

    private static final String INVOICE_GOOD = INVOICE_BAD.replace("\"double\"}", "\"double\",\"default\":0.0}");

    @TempDir
    Path home;

    private Evctl evctl;
    private String customers;
    private String invoices;

    @BeforeEach
    void setUp() throws Exception {
        evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        String run = UUID.randomUUID().toString().substring(0, 8);
        customers = "customers-" + run + "-value";
        invoices = "invoices-" + run + "-value";
        write("customer.avsc", CUSTOMER);
        write("invoice.avsc", INVOICE_V1);
        evctl.ok(
                "schema",
                "register",
                customers,
                "-f",
                home.resolve("customer.avsc").toString());
        evctl.ok(
                "schema",
                "register",
                invoices,
                "-f",
                home.resolve("invoice.avsc").toString(),
                "--reference",
                "com.example.Customer=" + customers + ":1");
    }

    private Path write(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void withoutItsReferenceTheSchemaIsRefused() throws Exception {
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT,
                "schema",
                "register",
                invoices + "-x",
                "-f",
                home.resolve("invoice.avsc").toString());
        assertTrue(r.err().contains("com.example.Customer"), r.err());
    }

    @Test
    void localCheckFetchesTheReferencedSchemasFromTheRegistry() throws Exception {
        Path bad = write("invoice-bad.avsc", INVOICE_BAD);
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                bad.toString(),
                "--subject",
                invoices,
                "--reference",
                "com.example.Customer=" + customers);
        assertTrue(r.out().contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2"), r.out());
        assertTrue(r.out().contains(invoices + ": BACKWARD — INCOMPATIBLE, 1 problem"), r.out());

        Path good = write("invoice-good.avsc", INVOICE_GOOD);
        assertTrue(evctl.ok(
                        "schema",
                        "check",
                        "-f",
                        good.toString(),
                        "--subject",
                        invoices,
                        "--reference",
                        "com.example.Customer=" + customers + ":1")
                .out()
                .contains("compatible with 1 earlier version"));
    }

    @Test
    void remoteCheckSendsTheReferences() throws Exception {
        Path bad = write("invoice-bad.avsc", INVOICE_BAD);
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "-f",
                bad.toString(),
                "--subject",
                invoices,
                "--reference",
                "com.example.Customer=" + customers,
                "--remote");
        assertTrue(r.out().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), r.out());
    }

    @Test
    void mappingFileReferencesWorkOfflineFromFiles() throws Exception {
        Path released = home.resolve("released");
        // the baseline mirrors the tree below the mapping file: schemas/invoice.avsc was released as
        // released/schemas/invoice.avsc
        Files.createDirectories(released.resolve("schemas"));
        Files.writeString(released.resolve("schemas/invoice.avsc"), INVOICE_V1);
        Files.createDirectories(home.resolve("repo/schemas"));
        Files.writeString(home.resolve("repo/schemas/customer.avsc"), CUSTOMER);
        Files.writeString(home.resolve("repo/schemas/invoice.avsc"), INVOICE_BAD);
        Path mapping = home.resolve("repo/evctl-schemas.yaml");
        Files.writeString(mapping, """
                schemas:
                  - subject: invoices-value
                    file: schemas/invoice.avsc
                    references:
                      - name: com.example.Customer
                        file: schemas/customer.avsc
                """);
        Evctl.Result r = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "check",
                "--schemas",
                mapping.toString(),
                "--against",
                "dir:" + released);
        assertTrue(r.out().contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2"), r.out());

        Files.writeString(mapping, """
                schemas:
                  - subject: invoices-value
                    file: schemas/invoice.avsc
                    references:
                      - name: com.example.Customer
                        subject: customers-value
                """);
        assertTrue(evctl.expect(
                        ExitCodes.USAGE,
                        "schema",
                        "check",
                        "--schemas",
                        mapping.toString(),
                        "--against",
                        "dir:" + released)
                .err()
                .contains("reference com.example.Customer needs a 'file' for an offline check"));
    }

    @Test
    void aReferencedVersionCannotBeDeleted() {
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, "schema", "delete", customers, "1", "--yes");
        assertTrue(r.err().contains("other schemas reference it"), r.err());
        assertEquals(
                customers + ":1",
                customers + ":"
                        + evctl.ok("schema", "versions", customers).out().trim());
    }

    /**
     * One rule against a registry: a reference with a subject is the registry's version, whatever
     * the local file says (the file is for offline checks). A local Customer that gained a field
     * must not change the registry check's problems, which must then equal --remote's.
     */
    @Test
    void againstTheRegistryAReferenceWithASubjectIsTheRegistrysVersion() throws Exception {
        Path localCustomer = write(
                "customer-local.avsc",
                CUSTOMER.replace("\"string\"}]", "\"string\"},{\"name\":\"vip\",\"type\":\"boolean\"}]"));
        Path mapping = write(
                "evctl-schemas.yaml",
                "schemas:\n  - subject: " + invoices + "\n    file: invoice-bad.avsc\n"
                        + "    references:\n      - name: com.example.Customer\n        file: "
                        + localCustomer.getFileName()
                        + "\n        subject: " + customers + "\n");
        write("invoice-bad.avsc", INVOICE_BAD);
        Evctl.Result local =
                evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "--schemas", mapping.toString(), "-o", "json");
        Evctl.Result remote = evctl.expect(
                ExitCodes.CHECK_FAILED, "schema", "check", "--schemas", mapping.toString(), "--remote", "-o", "json");
        var json = new ObjectMapper();
        var localProblems = json.readTree(local.out()).get("subjects").get(0).get("incompatibilities");
        var remoteProblems = json.readTree(remote.out()).get("subjects").get(0).get("incompatibilities");
        assertEquals(1, localProblems.size(), local.out());
        assertEquals(remoteProblems.size(), localProblems.size(), remote.out());
        assertEquals(remoteProblems.get(0).get("type"), localProblems.get(0).get("type"));
        assertEquals(remoteProblems.get(0).get("path"), localProblems.get(0).get("path"));
    }

    /** diff of registered versions with references resolves them (it failed with "Undefined schema"). */
    @Test
    void diffResolvesReferences() throws Exception {
        Path good = write("invoice-good.avsc", INVOICE_GOOD);
        evctl.ok(
                "schema",
                "register",
                invoices,
                "-f",
                good.toString(),
                "--reference",
                "com.example.Customer=" + customers + ":1");
        Evctl.Result versions = evctl.expect(ExitCodes.CHECK_FAILED, "schema", "diff", invoices, "1", "2");
        assertTrue(versions.out().contains("total"), versions.out());
        // a file against the subject: the file takes the subject's references
        Evctl.Result file = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "diff",
                invoices,
                "-f",
                home.resolve("invoice.avsc").toString());
        assertTrue(file.out().contains("total"), file.out());
        // two files: --reference names the type's file
        Evctl.Result files = evctl.expect(
                ExitCodes.CHECK_FAILED,
                "schema",
                "diff",
                "-f",
                home.resolve("invoice.avsc").toString(),
                "-f",
                good.toString(),
                "--reference",
                "com.example.Customer=" + home.resolve("customer.avsc"));
        assertTrue(files.out().contains("total"), files.out());
        Evctl.Result without = evctl.expect(
                ExitCodes.BAD_INPUT,
                "schema",
                "diff",
                "-f",
                home.resolve("invoice.avsc").toString(),
                "-f",
                good.toString());
        assertTrue(without.err().contains("--reference"), without.err());
    }
}
