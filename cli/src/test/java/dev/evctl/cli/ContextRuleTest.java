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
 * One rule for which context applies (--context, else EVCTL_CONTEXT, else the current one; -b
 * without --context means none), for the cluster and the registry alike.
 */
@Tag("integration")
class ContextRuleTest {

    @TempDir
    Path home;

    /**
     * tail -b other:9092 decoded through the current context's registry: -b without --context takes nothing from it.
     */
    @Test
    void bootstrapWithoutContextTakesNoRegistryFromTheCurrentContext() throws Exception {
        Evctl evctl = new Evctl(home);
        String broker = SharedBroker.bootstrapServers();
        evctl.ok("config", "set-context", "main", "-b", broker, "--registry-url", SharedRegistry.url(), "--use");
        String topic = "ctx-rule-" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        Path schema = home.resolve("r.avsc");
        Files.writeString(
                schema, "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}");
        evctl.stdin("{\"n\":1}\n").ok("publish", topic, "--value-format", "avro", "--schema-file", schema.toString());
        // with the context: decoded through its registry
        assertTrue(evctl.ok(
                        "tail",
                        topic,
                        "--from",
                        "beginning",
                        "--max",
                        "1",
                        "--value-format",
                        "avro",
                        "--format",
                        "{value}")
                .out()
                .contains("\"n\":1"));
        // -b names the cluster and no context applies: no registry is chosen, and that is said
        Evctl.Result r = evctl.expect(
                ExitCodes.USAGE,
                "tail",
                topic,
                "-b",
                broker,
                "--from",
                "beginning",
                "--max",
                "1",
                "--value-format",
                "avro");
        assertTrue(r.err().contains("no schema registry chosen"), r.err());
        // --context with -b: the context applies (its registry), -b only replaces its servers
        assertTrue(evctl.ok(
                        "tail",
                        topic,
                        "--context",
                        "main",
                        "-b",
                        broker,
                        "--from",
                        "beginning",
                        "--max",
                        "1",
                        "--value-format",
                        "avro",
                        "--format",
                        "{value}")
                .out()
                .contains("\"n\":1"));
    }

    /** A blank EVCTL_CONTEXT is unset: the current context applies, for the cluster and the registry. */
    @Test
    void aBlankContextVariableIsUnset() {
        Evctl evctl = new Evctl(home).env("EVCTL_CONTEXT", "");
        evctl.ok(
                "config",
                "set-context",
                "main",
                "-b",
                SharedBroker.bootstrapServers(),
                "--registry-url",
                SharedRegistry.url(),
                "--use");
        evctl.ok("topics", "list");
        evctl.ok("schema", "list");
    }
}
