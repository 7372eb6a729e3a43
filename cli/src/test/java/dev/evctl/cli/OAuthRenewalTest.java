package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.EmbeddedKafka;
import dev.evctl.sandbox.oauth.OidcServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tail that outlives several token lifetimes keeps reading: tokens of 20 s, the broker re-authenticating each
 * connection every 10 s with a clock-skew allowance of 2 s (so an expired token is refused soon after it expires),
 * and Kafka's own login (its default refresh settings) renewing the token before that. The records arrive one every
 * 4 s for 44 s; the issuer counts the logins.
 */
@Tag("integration")
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
            evctl.ok(
                    "config",
                    "set-context",
                    "short",
                    "-b",
                    kafka.oauthBootstrapServers(),
                    "-p",
                    "security.protocol=SASL_PLAINTEXT",
                    "--oauth-token-url",
                    oidc.tokenUrl(),
                    "--oauth-client-id",
                    "evctl-renew",
                    "--oauth-client-secret",
                    "${env:OAUTH_SECRET}",
                    "--use");
            String topic = "renew-" + System.nanoTime();
            evctl.ok("topics", "create", topic);
            Thread producer = new Thread(() -> produceSlowly(kafka.bootstrapServers(), topic), "slow-producer");
            producer.setDaemon(true);
            producer.start();
            long started = System.nanoTime();
            Evctl.Result tail = evctl.ok("tail", topic, "--from", "beginning", "--follow", "--max", "12");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertEquals(12, tail.out().lines().count(), tail.out() + tail.err());
            assertTrue(seconds >= 40, "the tail outlived two token lifetimes: " + seconds + " s");
            assertTrue(oidc.issued() >= 3, "the login was renewed: " + oidc.issued() + " tokens issued");
            producer.join(10_000);
        }
    }

    /** Twelve records on the broker's plain listener, one every 4 s. */
    private static void produceSlowly(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 12; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "{\"n\":" + i + "}"))
                        .get();
                Thread.sleep(4_000); // the pace of the records, not a synchronisation
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
