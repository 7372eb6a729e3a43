package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import dev.evctl.sandbox.SharedBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in how evctl is pointed at a cluster are told at once, in one line, before anything is sent. */
@Tag("integration")
class HonestFailuresTest {

    @TempDir
    Path home;

    private Evctl evctl;
    private String broker;

    @BeforeEach
    void setUp() {
        evctl = new Evctl(home);
        broker = SharedBroker.bootstrapServers();
    }

    @Test
    void aMisspeltClientPropertyIsRefusedWithTheClosestName() {
        String topic = "xprop-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", broker);
        Evctl.Result misspelt =
                evctl.expect(ExitCodes.USAGE, "publish", topic, "-b", broker, "--value", "x", "-X", "lingr.ms=5");
        assertTrue(
                misspelt.err().contains("-X lingr.ms") && misspelt.err().contains("did you mean linger.ms?"),
                misspelt.err());
        assertEquals(1, misspelt.err().lines().count(), misspelt.err());
        Evctl.Result noEquals =
                evctl.expect(ExitCodes.USAGE, "publish", topic, "-b", broker, "--value", "x", "-X", "noequals");
        assertTrue(noEquals.err().contains("noequals"), noEquals.err());
        assertEquals(List.of(), TopicContents.read(broker, topic), "nothing was sent");

        evctl.ok(
                "publish",
                topic,
                "-b",
                broker,
                "--value",
                "x",
                "-X",
                "linger.ms=5",
                "-X",
                "plugin.my.interceptor.setting=1");
        assertEquals(1, TopicContents.read(broker, topic).size(), "known names and plugin.* pass");
    }

    @Test
    void anEvctlConfigThatDoesNotExistIsAnErrorNotTheSandbox() {
        Path missing = home.resolve("no-such-dir").resolve("config.yaml");
        Evctl wrong = new Evctl(home).env("EVCTL_CONFIG", missing.toString());
        Evctl.Result r = wrong.expect(ExitCodes.USAGE, "publish", "orders", "--value", "x");
        assertTrue(r.err().contains("EVCTL_CONFIG names " + missing + ", which does not exist"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        String topic = "cfg-" + System.nanoTime();
        wrong.ok("topics", "create", topic, "-b", broker);
    }

    @Test
    void tlsAgainstAPlainListenerAndTheReverseAreNamed() {
        String secure = SharedBroker.get().secureListener().bootstrapServers();
        Evctl.Result plainToTls = evctl.expect(ExitCodes.CONNECTION, "topics", "list", "-b", secure, "--timeout", "2s");
        assertTrue(plainToTls.err().contains("the listener speaks TLS and the client does not"), plainToTls.err());
        Evctl.Result tlsToPlain = evctl.expect(
                ExitCodes.CONNECTION, "topics", "list", "-b", broker, "-X", "security.protocol=SSL", "--timeout", "5s");
        assertTrue(
                tlsToPlain.err().contains("TLS handshake failed")
                        && tlsToPlain.err().contains("is the listener TLS?"),
                tlsToPlain.err());
    }

    @Test
    void aMalformedJaasLineIsAUsageErrorAndAFarFutureTimestampIsBadInput() {
        Evctl.Result jaas = evctl.expect(
                ExitCodes.USAGE,
                "topics",
                "list",
                "-b",
                broker,
                "-X",
                "security.protocol=SASL_PLAINTEXT",
                "-X",
                "sasl.mechanism=PLAIN",
                "-X",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required");
        assertTrue(jaas.err().contains("invalid sasl.jaas.config"), jaas.err());
        String topic = "future-" + System.nanoTime();
        evctl.ok("topics", "create", topic, "-b", broker);
        Evctl.Result future = evctl.expect(
                ExitCodes.BAD_INPUT,
                "publish",
                topic,
                "-b",
                broker,
                "--value",
                "x",
                "--timestamp",
                "2999-01-01T00:00:00Z");
        assertTrue(
                future.err().contains("is beyond what topic '" + topic + "' accepts (at most 1h after the broker's")
                        && future.err().contains("nothing was sent"),
                future.err());
        assertEquals(List.of(), TopicContents.read(broker, topic));
    }
}
