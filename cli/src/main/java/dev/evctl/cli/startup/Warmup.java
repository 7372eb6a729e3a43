package dev.evctl.cli.startup;

import java.lang.management.ManagementFactory;

import dev.evctl.core.config.ConfigStore;
import org.slf4j.LoggerFactory;

/**
 * Start-up work done on the second core while the main thread builds the command line, as
 * Spring Boot's background pre-initializer does: logging, the config parser, the platform MBean
 * server and the Kafka client's static tables, which every connecting command pays for (about
 * 0.1 s of the main thread of `topics list` before this). It only initialises classes and
 * caches: no file, network or output, so a command that needs none of it loses nothing but a little CPU. The
 * thread is a daemon: the process never waits for it.
 */
public final class Warmup extends Thread {

    private final boolean json;

    private Warmup(boolean json) {
        super("evctl-warmup");
        setDaemon(true);
        this.json = json;
    }

    /**
     * Starts the warm-up thread (a Thread subclass: a lambda here would cost the main thread an
     * invokedynamic bootstrap); {@code json} when the command may read or write JSON, which
     * adds Jackson's set-up (about 20 ms of CPU, and the compiler's work on the JDK's locale code).
     */
    public static void inBackground(boolean json) {
        new Warmup(json).start();
    }

    @Override
    public void run() {
        try {
            // In the order the main thread needs them, which reaches the Kafka client about 0.1 s in:
            // logging (Kafka's classes log through SLF4J), the config, the platform MBean server
            // (each client registers an app-info MBean), then the client's static tables.
            LoggerFactory.getILoggerFactory();
            ConfigStore.warmUp();
            if ("on".equals(System.getenv("EVCTL_JMX")) || !LightMBeanServer.install()) {
                ManagementFactory.getPlatformMBeanServer();
            }
            for (String name : new String[] {
                "org.apache.kafka.common.utils.Utils",
                "org.apache.kafka.clients.admin.AdminClientConfig",
                "org.apache.kafka.clients.consumer.ConsumerConfig",
                "org.apache.kafka.clients.producer.ProducerConfig",
                "org.apache.kafka.common.metrics.Metrics",
                "org.apache.kafka.common.network.Selector",
                "org.apache.kafka.clients.NetworkClient",
                "org.apache.kafka.common.protocol.Errors",
                "org.apache.kafka.common.protocol.ApiKeys",
                "org.apache.kafka.common.requests.ApiVersionsRequest$Builder",
                "org.apache.kafka.common.requests.ApiVersionsResponse",
                "org.apache.kafka.common.requests.MetadataRequest"
            }) {
                Class.forName(name, true, Warmup.class.getClassLoader());
            }
            if (json) { // its static set-up reads the JDK's calendar and locale data
                Class.forName("com.fasterxml.jackson.databind.ObjectMapper", true, Warmup.class.getClassLoader());
            }
        } catch (Throwable ignored) {
            // an optimisation only: whatever failed here fails again, and is reported, where it is used
        }
    }
}
