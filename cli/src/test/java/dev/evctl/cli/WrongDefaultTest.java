package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A default of the wrong type: the registry accepts the schema, so check and register warn with file:line, and
 * publish says it is bad input.
 */
@Tag("integration")
class WrongDefaultTest {

    private static final String SCHEMA = "{\"type\": \"record\", \"name\": \"Reading\", \"fields\": [\n"
            + "  {\"name\": \"id\", \"type\": \"string\"},\n"
            + "  {\"name\": \"count\", \"type\": \"int\", \"default\": \"x\"}\n"
            + "]}\n";

    @TempDir
    Path home;

    @Test
    void checkAndRegisterWarnAndPublishReportsBadInput() throws Exception {
        Path schema = home.resolve("reading.avsc");
        Files.writeString(schema, SCHEMA);
        Path released = Files.createDirectories(home.resolve("released"));
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", SharedRegistry.url());
        Evctl.Result check = evctl.ok("schema", "check", "-f", schema.toString(), "--against", "dir:" + released);
        assertTrue(check.err().contains(schema + ":3: warning: Invalid default for field count"), check.err());

        String subject = "wrong-default-" + System.nanoTime() + "-value";
        Evctl.Result registered = evctl.ok("schema", "register", subject, "-f", schema.toString());
        assertTrue(registered.err().contains(schema + ":3: warning:"), registered.err());
        assertTrue(
                registered.err().contains("registered " + schema + " under " + subject + ": schema id "),
                registered.err());

        String topic = "wrong-default-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", SharedBroker.bootstrapServers());
        Evctl.Result published = evctl.expect(
                ExitCodes.BAD_INPUT,
                "publish",
                topic,
                "-b",
                SharedBroker.bootstrapServers(),
                "--value",
                "{\"id\":\"r-1\"}",
                "--value-format",
                "avro",
                "--schema-file",
                schema.toString());
        assertTrue(
                published.err().contains("field /count: missing, and the schema's default for it is not a valid int"),
                published.err());
    }
}
