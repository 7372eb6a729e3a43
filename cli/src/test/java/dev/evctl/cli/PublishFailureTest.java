package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Evctl.Result r = publishedWhileTheBrokerDies("--count", "1000000", "--template", "{{seq}}");
        long acked = acknowledged(r);
        // where the send stopped: the first record the broker did not acknowledge, after those it did
        Matcher first =
                Pattern.compile("first record not acknowledged: record (\\d+)").matcher(r.err());
        assertTrue(first.find(), r.err());
        assertTrue(Long.parseLong(first.group(1)) > acked, r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aFileWhoseSendStopsNamesTheFirstLineNotAcknowledged() throws Exception {
        Path file = home.resolve("lines.txt");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 100_000; i++) {
            lines.append("line-").append(i).append('\n');
        }
        Files.writeString(file, lines);
        Evctl.Result r = publishedWhileTheBrokerDies("-f", file.toString());
        long acked = acknowledged(r);
        Matcher first = Pattern.compile(
                        "first record not acknowledged: " + Pattern.quote(file.toString()) + ":(\\d+)\\)")
                .matcher(r.err());
        assertTrue(first.find(), r.err());
        assertTrue(Long.parseLong(first.group(1)) > acked, r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** publish (at 200 records a second, --timeout 3s) whose broker is stopped once 50 records arrived. */
    private Evctl.Result publishedWhileTheBrokerDies(String... source) throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start(new BrokerSettings(home.resolve("broker"), 0, 0, false, Map.of()));
        String bootstrap = broker.bootstrapServers();
        Evctl evctl = new Evctl(home);
        String topic = "dies-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", bootstrap);
        List<String> args =
                new ArrayList<>(List.of("publish", topic, "-b", bootstrap, "--rate", "200", "--timeout", "3s"));
        args.addAll(List.of(source));
        CompletableFuture<Evctl.Result> publish =
                CompletableFuture.supplyAsync(() -> new Evctl(home).run(args.toArray(String[]::new)));
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
        return r;
    }

    /** The acknowledged count the failure states (at least the 50 seen before the broker stopped). */
    private static long acknowledged(Evctl.Result r) {
        Matcher m =
                Pattern.compile("(\\d+) records were sent before the failure").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertTrue(Long.parseLong(m.group(1)) >= 50, r.err());
        return Long.parseLong(m.group(1));
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
