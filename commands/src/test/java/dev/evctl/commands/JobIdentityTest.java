package dev.evctl.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.evctl.copy.ReplayService;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A re-run finds its job by the derived job id: if the id of a known command line changed, every
 * resumable job would be orphaned (a re-run would start a new job and copy the range again). The
 * ids here were computed independently (SHA-256 of the documented parts) and must never change.
 */
class JobIdentityTest {

    private static String replayId(String... args) {
        ReplayCommand replay = new ReplayCommand(null);
        new CommandLine(replay, new CommandFactory(null)).parseArgs(args);
        return ReplayService.jobId(
                "127.0.0.1:9092",
                replay.opts.sourceTopic,
                "127.0.0.1:9092",
                replay.opts.targetTopic,
                replay.opts.partitions,
                replay.opts.from,
                replay.opts.to,
                replay.opts.mapping.name(),
                replay.opts.filter.identity(),
                replay.opts.provenance);
    }

    @Test
    void replayJobIdsOfKnownCommandLinesArePinned() {
        assertEquals(
                "replay-bb606214b4d5",
                replayId("orders", "--to-topic", "orders-copy", "--key-match", "o-1.*", "--header", "k=v"));
        assertEquals(
                "replay-299eb677e24c",
                replayId(
                        "orders",
                        "--to-topic",
                        "orders-copy",
                        "--partition",
                        "2",
                        "--partition",
                        "0",
                        "--from",
                        "0",
                        "--to",
                        "-1h",
                        "--partition-mapping",
                        "hash",
                        "--add-provenance"));
    }

    @Test
    void optionsThatDoNotDefineTheJobDoNotChangeItsId() {
        assertEquals(
                "replay-bb606214b4d5",
                replayId(
                        "orders",
                        "--to-topic",
                        "orders-copy",
                        "--key-match",
                        "o-1.*",
                        "--header",
                        "k=v",
                        "--yes",
                        "--rate",
                        "500",
                        "-o",
                        "json"));
    }
}
