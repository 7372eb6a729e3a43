package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a replay plan must refuse or say before it copies: onto its own source, beside records already there, into a short retention. */
class ReplaySafetyTest {

    @TempDir
    Path home;

    private Evctl evctl;
    private final String broker = SharedBroker.bootstrapServers();

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", broker, "--use");
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
        String plan = evctl.ok("replay", source, "--to-topic", target, "--dry-run").err();
        assertTrue(plan.contains("warning: 100 records of the range are older than the target's retention.ms (168h)"), plan);
        assertTrue(plan.contains("already holds 1 records"), plan);
        assertEquals(List.of(), TopicContents.read(broker, target).stream().filter(l -> !l.contains("|616c7265616479|")).toList(),
                "a dry run copies nothing");
    }
}
