package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What publish refuses before it sends anything: a timestamp the topic would refuse (checked against the topic's own
 * settings, line named, nothing half-sent), an empty key separator, a directory, a rate of 0; and what it reads as
 * the usual tools do ({@code -f -} is stdin, blank lines are no records).
 */
@Tag("integration")
class PublishRefusalsTest {

    private static final long YEAR_9999 = 253_370_764_800_000L;

    @TempDir
    Path home;

    private Evctl evctl;
    private final String broker = SharedBroker.bootstrapServers();

    @BeforeEach
    void setUp() {
        evctl = Evctl.onSharedBroker(home);
    }

    private String topic(String... configs) {
        String topic = "refuse-" + System.nanoTime();
        List<String> args = new ArrayList<>(List.of("topics", "create", topic, "--partitions", "2"));
        for (String c : configs) {
            args.addAll(List.of("--config", c));
        }
        evctl.ok(args.toArray(String[]::new));
        return topic;
    }

    private Path envelopes(int lines, int badLine, long badTimestamp) throws Exception {
        StringBuilder out = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int i = 1; i <= lines; i++) {
            out.append("{\"partition\":")
                    .append(i % 2)
                    .append(",\"timestamp\":")
                    .append(i == badLine ? badTimestamp : now)
                    .append(",\"key\":\"k")
                    .append(i)
                    .append("\",\"value\":\"v")
                    .append(i)
                    .append("\"}\n");
        }
        Path file = home.resolve("records-" + lines + ".jsonl");
        Files.writeString(file, out);
        return file;
    }

    @Test
    void aTimestampTheTopicWouldRefuseIsNamedByLineAndNothingIsSent() throws Exception {
        String topic = topic();
        Path file = envelopes(50_000, 49_991, YEAR_9999);
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "-f", file.toString(), "-i", "envelope");
        assertTrue(r.err().contains(file + ":49991: timestamp " + YEAR_9999), r.err());
        assertTrue(r.err().contains("is beyond what topic '" + topic + "' accepts"), r.err());
        assertTrue(r.err().contains("nothing was sent"), r.err());
        assertEquals(List.of(), TopicContents.read(broker, topic), "nothing half-sent");

        Path few = envelopes(5, 3, YEAR_9999);
        Evctl.Result small =
                evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "-f", few.toString(), "-i", "envelope");
        assertTrue(small.err().contains(few + ":3: timestamp"), small.err());
        assertEquals(List.of(), TopicContents.read(broker, topic));
    }

    @Test
    void aTopicsOwnWindowIsWhatCountsAndLogAppendTimeTakesAnyTimestamp() throws Exception {
        String hourOnly = topic("message.timestamp.before.max.ms=3600000");
        Path old = envelopes(3, 2, 1_600_000_000_000L);
        Evctl.Result r = evctl.expect(ExitCodes.BAD_INPUT, "publish", hourOnly, "-f", old.toString(), "-i", "envelope");
        assertTrue(r.err().contains(":2: timestamp 1600000000000") && r.err().contains("is older than topic"), r.err());

        String appendTime = topic("message.timestamp.type=LogAppendTime");
        evctl.ok("publish", appendTime, "-f", envelopes(3, 2, YEAR_9999).toString(), "-i", "envelope");
        assertEquals(3, TopicContents.read(broker, appendTime).size());

        String compacted = topic("cleanup.policy=compact");
        Path keyless = home.resolve("keyless.jsonl");
        Files.writeString(keyless, "{\"key\":\"a\",\"value\":\"1\"}\n{\"key\":null,\"value\":\"2\"}\n");
        Evctl.Result noKey =
                evctl.expect(ExitCodes.BAD_INPUT, "publish", compacted, "-f", keyless.toString(), "-i", "envelope");
        assertTrue(
                noKey.err().contains(keyless + ":2: no key, and topic '" + compacted + "' is compacted"), noKey.err());
        assertEquals(List.of(), TopicContents.read(broker, compacted));

        String plain = topic();
        Evctl.Result single = evctl.expect(
                ExitCodes.BAD_INPUT, "publish", plain, "--value", "x", "--timestamp", Long.toString(YEAR_9999));
        assertTrue(single.err().contains("is beyond what topic"), single.err());
    }

    @Test
    void inputMistakesAreUsageErrorsAndStdinAndBlankLinesAreReadAsTheUsualTools() throws Exception {
        String topic = topic();
        Evctl.Result sep = evctl.stdin("a:b\n").expect(ExitCodes.USAGE, "publish", topic, "--key-separator", "");
        assertTrue(sep.err().contains("--key-separator is empty"), sep.err());
        Evctl.Result dir = evctl.expect(ExitCodes.BAD_INPUT, "publish", topic, "-f", home.toString());
        assertTrue(dir.err().contains("is a directory"), dir.err());
        for (String rate : new String[] {"0", "-5"}) {
            Evctl.Result r = evctl.expect(ExitCodes.USAGE, "publish", topic, "--value", "x", "--rate", rate);
            assertTrue(r.err().contains("leave --rate out for no limit"), r.err());
            evctl.expect(ExitCodes.USAGE, "replay", topic, "--to-topic", topic + "-copy", "--rate", rate);
        }
        Evctl.Result redrives = evctl.expect(ExitCodes.USAGE, "dlq", "redrive", topic, "--max-redrives", "-1");
        assertTrue(redrives.err().contains("--max-redrives must be at least 1"), redrives.err());
        Evctl.Result missing =
                evctl.expect(ExitCodes.NOT_FOUND, "dlq", "redrive", topic, "--to-topic", "no-such-" + topic, "--yes");
        assertTrue(missing.err().contains("--to-topic 'no-such-" + topic + "' does not exist"), missing.err());
        assertEquals(List.of(), TopicContents.read(broker, topic), "nothing sent by a refused command");

        evctl.stdin("one\n\ntwo\n\n").ok("publish", topic, "-f", "-");
        Evctl.Result blank = evctl.stdin("\n\n").ok("publish", topic);
        assertTrue(blank.err().contains("2 blank lines of <stdin> skipped"), blank.err());
        List<String> values = TopicContents.read(broker, topic);
        assertEquals(2, values.size(), values.toString());
    }
}
