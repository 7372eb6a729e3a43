package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a script runs them, against the shared in-process broker. */
@Tag("integration")
class CommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Evctl evctl;
    private String broker;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        broker = SharedBroker.bootstrapServers();
        evctl.ok("config", "set-context", "test", "-b", broker, "--use");
    }

    private String newTopic(int partitions) {
        String topic = "cmd-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "--partitions", Integer.toString(partitions));
        return topic;
    }

    @Test
    void topicsLifecycleWithConfirmationRequiredOffTerminal() throws Exception {
        String topic = newTopic(3);
        assertTrue(evctl.ok("topics", "list").out().lines().toList().contains(topic));
        JsonNode described = JSON.readTree(
                evctl.ok("topics", "describe", topic, "-o", "json").out());
        assertEquals(3, described.get("partitions").size());

        Evctl.Result unconfirmed = evctl.expect(ExitCodes.USAGE, "topics", "delete", topic);
        assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.err());
        assertTrue(evctl.ok("topics", "list").out().lines().toList().contains(topic), "nothing deleted without --yes");

        evctl.ok("topics", "delete", topic, "--yes");
        assertFalse(evctl.ok("topics", "list").out().lines().toList().contains(topic));
        evctl.expect(ExitCodes.NOT_FOUND, "topics", "describe", topic);
    }

    @Test
    void publishThenTailAsJsonWithHeadersKeysAndSummary() throws Exception {
        String topic = newTopic(1);
        Evctl.Result sent = evctl.ok(
                "publish",
                topic,
                "--key",
                "k1",
                "--value",
                "{\"total\":12.5}",
                "-H",
                "source=cli",
                "-H",
                "source=twice");
        assertTrue(sent.err().startsWith("sent 1 record"), sent.err());
        evctl.stdin("a\nb\nc\n").ok("publish", topic);

        // the three plain-text values are not JSON: shown as strings, each reported, exit 5
        Evctl.Result tailed = evctl.expect(ExitCodes.PARTIAL, "tail", topic, "--value-format", "json", "-o", "json");
        List<String> lines = tailed.out().lines().toList();
        assertEquals(4, lines.size(), tailed.out());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("k1", first.get("key").asText());
        assertEquals(12.5, first.get("value").get("total").asDouble());
        assertEquals(2, first.get("headers").size());
        assertTrue(tailed.err().contains("4 records shown"), tailed.err());

        Evctl.Result formatted = evctl.ok("tail", topic, "--from", "1", "--max", "2", "--format", "{offset}:{value}");
        assertEquals(List.of("1:a", "2:b"), formatted.out().lines().toList());
    }

    @Test
    void publishSummaryAsJsonAndGeneratedEvents() throws Exception {
        String topic = newTopic(2);
        JsonNode summary = JSON.readTree(evctl.ok(
                        "publish",
                        topic,
                        "--count",
                        "50",
                        "--seed",
                        "3",
                        "--template",
                        "{\"id\":{{seq}},\"city\":\"{{faker Address.city}}\"}",
                        "-o",
                        "json")
                .out());
        assertEquals(50, summary.get("records").asInt());
        assertEquals(50, evctl.ok("tail", topic).out().lines().count());
    }

    @Test
    void jsonlLinesCanCarryKeyValueAndHeaders() throws Exception {
        String topic = newTopic(1);
        Path file = home.resolve("records.jsonl");
        Files.writeString(
                file,
                "{\"id\":\"o-1\",\"body\":{\"total\":3},\"h\":{\"trace\":\"t1\",\"tag\":[\"a\",\"b\"]}}\n"
                        + "{\"id\":\"o-2\",\"body\":\"plain text\",\"h\":[{\"name\":\"trace\",\"value\":\"t2\"}]}\n");
        evctl.ok(
                "publish",
                topic,
                "-f",
                file.toString(),
                "-i",
                "jsonl",
                "--key-field",
                "id",
                "--value-field",
                "body",
                "--headers-field",
                "h");
        assertEquals(
                List.of("o-1 {\"total\":3} trace=t1,tag=a,tag=b", "o-2 plain text trace=t2"),
                evctl.ok("tail", topic, "--format", "{key} {value} {headers}")
                        .out()
                        .lines()
                        .toList());

        Files.writeString(file, "{\"id\":\"o-3\",\"body\":1}\n[1,2]\n");
        Evctl.Result r = evctl.expect(
                ExitCodes.BAD_INPUT, "publish", topic, "-f", file.toString(), "-i", "jsonl", "--key-field", "id");
        assertTrue(r.err().contains(file + ":2: expected a JSON object"), r.err());
    }

    @Test
    void templatesComeFromFilesWithTheAtSign() throws Exception {
        String topic = newTopic(1);
        Path template = home.resolve("order.tmpl");
        Files.writeString(template, "{\"order\": \"o-{{seq 7}}\", \"status\": \"{{choice NEW|PAID}}\"}\n");
        evctl.ok("publish", topic, "--count", "3", "--template", "@" + template);
        List<String> values = evctl.ok("tail", topic, "--format", "{value.order}")
                .out()
                .lines()
                .toList();
        assertEquals(List.of("o-7", "o-8", "o-9"), values);
        Evctl.Result missing =
                evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "--template", "@" + home.resolve("nope.tmpl"));
        assertTrue(missing.err().contains("nope.tmpl does not exist"), missing.err());
    }

    @Test
    void conflictingAndInvalidOptionsAreUsageErrors() {
        String topic = newTopic(1);
        assertTrue(evctl.expect(ExitCodes.USAGE, "publish", topic, "--value", "x", "--file", "y")
                .err()
                .contains("choose one input"));
        evctl.expect(ExitCodes.USAGE, "tail", topic, "--follow", "--exit-at-end");
        evctl.expect(ExitCodes.USAGE, "tail", topic, "--follow", "--to", "end");
        Evctl.Result from = evctl.expect(ExitCodes.USAGE, "tail", topic, "--from", "last-tuesday");
        assertTrue(from.err().contains("invalid --from 'last-tuesday'"), from.err());
        evctl.expect(ExitCodes.USAGE, "tail", topic, "--where", "a ==");
        evctl.expect(ExitCodes.USAGE, "publish", topic, "--nope");
    }

    @Test
    void badInputFilesSendNothing() throws Exception {
        String topic = newTopic(1);
        Path file = home.resolve("events.jsonl");
        Files.writeString(file, "{\"ok\":1}\n{\"ok\":2}\n{broken\n");
        Evctl.Result r =
                evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "--file", file.toString(), "--input", "jsonl");
        assertTrue(r.err().startsWith("evctl: error: " + file + ":3: invalid JSON"), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertEquals(0, evctl.ok("tail", topic).out().lines().count());

        Evctl.Result skipped = evctl.expect(
                ExitCodes.PARTIAL, "publish", topic, "--file", file.toString(), "--input", "jsonl", "--skip-invalid");
        assertTrue(skipped.err().contains(file + ":3:") && skipped.err().contains("skipped"), skipped.err());
        assertEquals(2, evctl.ok("tail", topic).out().lines().count());

        Path envelope = home.resolve("bad.envelope");
        Files.writeString(envelope, "{\"value\":\"x\",\"partition\":\"zero\"}\n");
        assertTrue(evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "-f", envelope.toString(), "--input", "envelope")
                .err()
                .contains(":1: 'partition' must be"));
        evctl.expect(
                ExitCodes.BAD_INPUT,
                "publish",
                topic,
                "--file",
                home.resolve("missing.txt").toString());
    }

    @Test
    void unknownTopicPartitionAndContextAreNotFound() {
        String topic = newTopic(2);
        assertTrue(evctl.expect(ExitCodes.NOT_FOUND, "tail", "no-such-topic")
                .err()
                .contains("'no-such-topic' does not exist"));
        evctl.expect(ExitCodes.NOT_FOUND, "publish", "no-such-topic", "--value", "x");
        assertTrue(evctl.expect(ExitCodes.NOT_FOUND, "tail", topic, "--partition", "7")
                .err()
                .contains("partition 7"));
        evctl.expect(ExitCodes.NOT_FOUND, "publish", topic, "--value", "x", "--partition", "2");
        // the same mistake is the same exit code in every command
        assertTrue(evctl.expect(
                        ExitCodes.NOT_FOUND,
                        "replay",
                        topic,
                        "--to-topic",
                        topic + "-copy",
                        "--create-target",
                        "--partition",
                        "9",
                        "--yes")
                .err()
                .contains("partition 9 does not exist"));
        assertTrue(evctl.expect(ExitCodes.NOT_FOUND, "--context", "nope", "topics", "list")
                .err()
                .contains("unknown context 'nope'"));
    }

    @Test
    void unreachableBrokerFailsFastOnOneLineWithoutStackTrace() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Evctl.Result r =
                evctl.expect(ExitCodes.CONNECTION, "topics", "list", "-b", "127.0.0.1:" + closed, "--timeout", "2s");
        assertTrue(r.err().contains("cannot reach 127.0.0.1:" + closed + " within 2 s"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Evctl.Result traced = evctl.expect(
                ExitCodes.CONNECTION, "topics", "list", "-b", "127.0.0.1:" + closed, "--timeout", "1s", "--stacktrace");
        assertTrue(traced.err().contains("\tat "), "--stacktrace shows the trace");
    }

    @Test
    void malformedConfigFileIsBadInputNamingTheFile() throws Exception {
        Files.writeString(home.resolve("config.yaml"), "contexts: [\n");
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, "topics", "list");
        assertTrue(r.err().contains("malformed config file " + home.resolve("config.yaml")), r.err());
    }

    @Test
    void contextsStoreSecretsOnlyAsReferencesAndViewRedacts() {
        Evctl.Result refused = evctl.expect(
                ExitCodes.USAGE, "config", "set-context", "p", "-b", "x:1", "-p", "ssl.key.password=hunter2");
        assertFalse(refused.err().contains("hunter2"), refused.err());
        evctl.ok("config", "set-context", "p", "-b", "x:1", "-p", "ssl.key.password=${env:KEY_PW}");
        String view = evctl.ok("config", "view").out();
        assertTrue(view.contains("${env:KEY_PW}") && view.contains("test"), view);
        assertTrue(evctl.ok("config", "get-contexts").out().contains("* test"));
        evctl.ok("config", "use-context", "p");
        evctl.ok("config", "delete-context", "p");
        evctl.expect(ExitCodes.NOT_FOUND, "config", "use-context", "p");
    }
}
