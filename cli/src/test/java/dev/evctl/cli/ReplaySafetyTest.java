package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replay plan must refuse or say before it copies: onto its own source, beside records already there, into a
 * short retention.
 */
@Tag("integration")
class ReplaySafetyTest {

    @TempDir
    Path home;

    private Evctl evctl;
    private final String broker = SharedBroker.bootstrapServers();

    @BeforeEach
    void setUp() {
        evctl = Evctl.onSharedBroker(home);
    }

    @Test
    void anExistingJobIdAskedForAnotherRangeIsRefusedWithThePlanNamed() {
        String source = "range-src-" + System.nanoTime();
        String target = source.replace("src", "dst");
        evctl.ok("topics", "create", source);
        TopicContents.produceAwkward(broker, source, 1, 30);
        evctl.ok(
                "replay",
                source,
                "--to-topic",
                target,
                "--create-target",
                "--job-id",
                "j-" + source,
                "--from",
                "10",
                "--yes");
        Evctl.Result other = evctl.expect(
                ExitCodes.USAGE,
                "replay",
                source,
                "--to-topic",
                target,
                "--job-id",
                "j-" + source,
                "--from",
                "-5",
                "--yes");
        assertTrue(
                other.err().contains("was planned as --from 10 --to end; this run asks for --from -5 --to end"),
                other.err());
        evctl.ok("replay", source, "--to-topic", target, "--job-id", "j-" + source, "--from", "10", "--yes");
        assertEquals(20, TopicContents.read(broker, target).size(), "the job's range once, not a second range");
    }

    @Test
    void aReplayOntoItsOwnSourceIsRefused() {
        String topic = "self-" + System.nanoTime();
        evctl.ok("topics", "create", topic);
        TopicContents.produceAwkward(broker, topic, 1, 10);
        Evctl.Result r = evctl.expect(ExitCodes.USAGE, "replay", topic, "--to-topic", topic, "--yes");
        assertTrue(r.err().contains("--onto-source"), r.err());
        assertEquals(10, TopicContents.read(broker, topic).size(), "nothing copied");
    }

    @Test
    void thePlanWarnsOfOldRecordsForAShortRetentionAndOfRecordsAlreadyInTheTarget() {
        String source = "old-src-" + System.nanoTime();
        String target = source.replace("src", "dst");
        evctl.ok("topics", "create", source);
        evctl.ok("topics", "create", target, "--config", "retention.ms=604800000");
        TopicContents.produceAwkward(broker, source, 1, 100); // timestamps of 2020
        evctl.stdin("already\n").ok("publish", target);
        String plan =
                evctl.ok("replay", source, "--to-topic", target, "--dry-run").err();
        assertTrue(
                plan.contains("warning: 100 records of the range are older than the target's retention.ms (168h)"),
                plan);
        assertTrue(plan.contains("already holds records (offsets: 1)"), plan);
        assertEquals(
                List.of(),
                TopicContents.read(broker, target).stream()
                        .filter(l -> !l.contains("|616c7265616479|"))
                        .toList(),
                "a dry run copies nothing");
    }

    @Test
    void aSecondJobIntoATargetThatHoldsRecordsIsRefusedWithoutAppend() {
        String source = "twice-src-" + System.nanoTime();
        String target = source.replace("src", "dst");
        evctl.ok("topics", "create", source);
        TopicContents.produceAwkward(broker, source, 1, 20);
        evctl.ok("replay", source, "--to-topic", target, "--create-target", "--from", "beginning", "--yes");
        List<String> once = TopicContents.read(broker, target);
        assertEquals(20, once.size());

        // the same range written another way is another job: refused, nothing copied
        Evctl.Result r = evctl.expect(ExitCodes.USAGE, "replay", source, "--to-topic", target, "--from", "0", "--yes");
        assertTrue(
                r.err().contains("already holds records (offsets: 21)")
                        && r.err().contains("--append"),
                r.err());
        assertEquals(once, TopicContents.read(broker, target), "a refused job copies nothing");

        // the job that wrote them resumes (finished: copies nothing), with no --append
        assertTrue(evctl.ok("replay", source, "--to-topic", target, "--from", "beginning", "--yes")
                .err()
                .contains("already finished"));
        // --append says the doubling is meant
        evctl.ok("replay", source, "--to-topic", target, "--from", "0", "--yes", "--append");
        assertEquals(40, TopicContents.read(broker, target).size());
    }

    @Test
    void createTargetKeepsOldRecordsWhenTheSourceOnlyInheritsTheDefaultRetention() throws Exception {
        // a broker with Kafka's default retention (7 days), which the shared test broker switches off
        try (EmbeddedKafka own =
                EmbeddedKafka.start(new BrokerSettings(home.resolve("broker"), 0, 0, false, Map.of()))) {
            evctl.ok("config", "set-context", "own", "-b", own.bootstrapServers(), "--use");
            String source = "inherit-src-" + System.nanoTime();
            String target = source.replace("src", "dst");
            evctl.ok("topics", "create", source);
            TopicContents.produceAwkward(
                    own.bootstrapServers(), source, 1, 30); // timestamps of 2020, far older than 7 days
            Evctl.Result r = evctl.ok("replay", source, "--to-topic", target, "--create-target", "--yes");
            assertTrue(r.err().contains("the target is created with retention.ms=-1"), r.err());
            var described = JsonMapper.builder()
                    .build()
                    .readTree(
                            evctl.ok("topics", "describe", target, "-o", "json").out());
            assertTrue(described.toString().contains("\"retention.ms\":\"-1\""), described.toString());
            // the same broker deletes old copies in a target that keeps the default retention: the warning is real
            String kept = source.replace("src", "kept");
            evctl.ok("topics", "create", kept, "--config", "retention.ms=604800000");
            assertTrue(evctl.ok("replay", source, "--to-topic", kept, "--dry-run")
                    .err()
                    .contains("warning: 30 records of the range are older than the target's retention.ms (168h)"));
            assertEquals(30, TopicContents.read(own.bootstrapServers(), target).size());
        }
    }
}
