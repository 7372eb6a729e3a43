package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.oauth.OidcServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A tail that outlives several token lifetimes keeps reading: tokens of 20 s, the broker re-authenticating each
 * connection every 10 s with a clock-skew allowance of 2 s (so an expired token is refused soon after it expires),
 * and Kafka's own login (its default refresh settings) renewing the token before that. The records arrive one every
 * 4 s for 44 s; the issuer counts the logins.
 */
@Tag("integration")
// two token lifetimes of waiting on its own broker and issuer: it runs beside the other classes
@Execution(ExecutionMode.CONCURRENT)
class OAuthRenewalTest {

    @TempDir
    Path home;

    @TempDir
    Path brokerDir;

    @Test
    void aLongTailRenewsItsLoginAndKeepsReading() throws Exception {
        String secret = "renew-" + System.nanoTime();
        try (OidcServer oidc = OidcServer.start(0, "evctl-renew", secret, Duration.ofSeconds(20), "kafka");
                EmbeddedKafka kafka = EmbeddedKafka.start(new BrokerSettings(
                        brokerDir,
                        0,
                        0,
                        false,
                        Map.of("sasl.oauthbearer.clock.skew.seconds", "2"),
                        BrokerSettings.NO_REGISTRY,
                        new BrokerSettings.OAuthListener(0, oidc.jwksUrl(), "kafka", 10_000)))) {
            Evctl evctl = new Evctl(home).env("OAUTH_SECRET", secret);
            OAuthContextTest.oauthContext(
                    evctl, "short", kafka.oauthBootstrapServers(), oidc.tokenUrl(), "evctl-renew");
            String topic = "renew-" + System.nanoTime();
            evctl.ok("topics", "create", topic);
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            KafkaProducer<String, String> producer = producer(kafka.bootstrapServers());
            AtomicInteger sent = new AtomicInteger();
            // twelve records on the broker's plain listener, one every 4 s: the pace of the data, not a wait
            pace.scheduleAtFixedRate(
                    () -> {
                        int n = sent.getAndIncrement();
                        if (n < 12) {
                            producer.send(new ProducerRecord<>(topic, "k", "{\"n\":" + n + "}"));
                        }
                    },
                    0,
                    4,
                    TimeUnit.SECONDS);
            long started = System.nanoTime();
            Evctl.Result tail = evctl.ok("tail", topic, "--from", "beginning", "--follow", "--max", "12");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertEquals(12, tail.out().lines().count(), tail.out() + tail.err());
            assertTrue(seconds >= 40, "the tail outlived two token lifetimes: " + seconds + " s");
            assertTrue(oidc.issued() >= 3, "the login was renewed: " + oidc.issued() + " tokens issued");
            pace.shutdownNow();
            producer.close();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
