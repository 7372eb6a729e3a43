package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that dies mid-publish: publish gives up within --timeout and says how many records were acknowledged. */
@Tag("integration")
class PublishFailureTest {

    @TempDir
    Path home;

    @Test
    void aBrokerThatDiesMidPublishFailsWithinTheTimeoutWithTheAcknowledgedCount() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start(new BrokerSettings(home.resolve("broker"), 0, 0, false, Map.of()));
        String bootstrap = broker.bootstrapServers();
        Evctl evctl = new Evctl(home);
        String topic = "dies-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", bootstrap);
        CompletableFuture<Evctl.Result> publish = CompletableFuture.supplyAsync(() -> new Evctl(home)
                .run(
                        "publish",
                        topic,
                        "-b",
                        bootstrap,
                        "--count",
                        "1000000",
                        "--rate",
                        "200",
                        "--template",
                        "{{seq}}",
                        "--timeout",
                        "3s"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (endOffset(bootstrap, topic) < 50) {
            assertTrue(System.nanoTime() < deadline, "publish sent nothing within 60 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polls the broker's end offset
        }
        long killed = System.nanoTime();
        broker.close();
        Evctl.Result r = publish.get(60, TimeUnit.SECONDS);
        long tookSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
        assertTrue(
                tookSeconds < 30,
                "gave up after " + tookSeconds + " s, with --timeout 3s (the client's default is 120 s)");
        assertTrue(r.exit() == ExitCodes.PARTIAL || r.exit() == ExitCodes.CONNECTION, r.exit() + ": " + r.err());
        Matcher m =
                Pattern.compile("(\\d+) records were sent before the failure").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertTrue(Long.parseLong(m.group(1)) >= 50, r.err());
        // where the send stopped: the first record the broker did not acknowledge, after those it did
        Matcher first =
                Pattern.compile("first record not acknowledged: record (\\d+)").matcher(r.err());
        assertTrue(first.find(), r.err());
        assertTrue(Long.parseLong(first.group(1)) > Long.parseLong(m.group(1)), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static long endOffset(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            return admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest()))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(topic, 0))
                    .offset();
        } catch (Exception e) {
            return 0;
        }
    }
}
