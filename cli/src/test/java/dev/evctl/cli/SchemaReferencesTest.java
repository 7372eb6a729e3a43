package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schemas that use named types from other schemas: registered with references in the sandbox
 * registry, and checked by `schema check` locally (references fetched from the registry),
 * remotely, and offline (references from files).
 */
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
        evctl.ok("schema", "register", customers, "-f", home.resolve("customer.avsc").toString());
        evctl.ok("schema", "register", invoices, "-f", home.resolve("invoice.avsc").toString(),
                "--reference", "com.example.Customer=" + customers + ":1");
    }

    private Path write(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void withoutItsReferenceTheSchemaIsRefused() throws Exception {
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, "schema", "register", invoices + "-x", "-f", home.resolve("invoice.avsc").toString());
        assertTrue(r.err().contains("com.example.Customer"), r.err());
    }

    @Test
    void localCheckFetchesTheReferencedSchemasFromTheRegistry() throws Exception {
        Path bad = write("invoice-bad.avsc", INVOICE_BAD);
        Evctl.Result r = evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "-f", bad.toString(), "--subject", invoices,
                "--reference", "com.example.Customer=" + customers);
        assertTrue(r.out().contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2"), r.out());
        assertTrue(r.out().contains(invoices + ": BACKWARD — INCOMPATIBLE, 1 problem"), r.out());

        Path good = write("invoice-good.avsc", INVOICE_GOOD);
        assertTrue(evctl.ok("schema", "check", "-f", good.toString(), "--subject", invoices,
                "--reference", "com.example.Customer=" + customers + ":1").out().contains("compatible with 1 earlier version"));
    }

    @Test
    void remoteCheckSendsTheReferences() throws Exception {
        Path bad = write("invoice-bad.avsc", INVOICE_BAD);
        Evctl.Result r = evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "-f", bad.toString(), "--subject", invoices,
                "--reference", "com.example.Customer=" + customers, "--remote");
        assertTrue(r.out().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), r.out());
    }

    @Test
    void mappingFileReferencesWorkOfflineFromFiles() throws Exception {
        Path released = home.resolve("released");
        // the baseline mirrors the tree below the mapping file: schemas/invoice.avsc was released as released/schemas/invoice.avsc
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
        Evctl.Result r = evctl.expect(ExitCodes.CHECK_FAILED, "schema", "check", "--schemas", mapping.toString(),
                "--against", "dir:" + released);
        assertTrue(r.out().contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2"), r.out());

        Files.writeString(mapping, """
                schemas:
                  - subject: invoices-value
                    file: schemas/invoice.avsc
                    references:
                      - name: com.example.Customer
                        subject: customers-value
                """);
        assertTrue(evctl.expect(ExitCodes.USAGE, "schema", "check", "--schemas", mapping.toString(), "--against", "dir:" + released)
                .err().contains("reference com.example.Customer needs a 'file' for an offline check"));
    }

    @Test
    void aReferencedVersionCannotBeDeleted() {
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, "schema", "delete", customers, "1", "--yes");
        assertTrue(r.err().contains("other schemas reference it"), r.err());
        assertEquals(customers + ":1", customers + ":" + evctl.ok("schema", "versions", customers).out().trim());
    }
}
