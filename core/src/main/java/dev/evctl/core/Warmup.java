package dev.evctl.core;

import java.lang.management.ManagementFactory;

import dev.evctl.core.config.ConfigStore;

/**
 * Start-up work done on the second core while the main thread builds the command line, as
 * Spring Boot's background pre-initializer does: logging, the config parser, the platform MBean
 * server and the Kafka client's static tables, which every connecting command pays for (about
 * 0.1 s of the main thread of `topics list` before this). It only initialises classes and
 * caches: no file, network or output, so a command that needs none of it loses nothing but a little CPU. The
 * thread is a daemon: the process never waits for it.
 */
public final class Warmup extends Thread {

    private Warmup() {
        super("evctl-warmup");
        setDaemon(true);
    }

    /** Starts the warm-up thread (a Thread subclass: a lambda here would cost the main thread an invokedynamic bootstrap). */
    public static void inBackground() {
        new Warmup().start();
    }

    @Override
    public void run() {
        try {
            // In the order the main thread needs them, which reaches the Kafka client about 0.1 s in:
            // logging (Kafka's classes log through SLF4J), the config, the platform MBean server
            // (each client registers an app-info MBean), then the client's static tables.
            org.slf4j.LoggerFactory.getILoggerFactory();
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
                    "org.apache.kafka.common.requests.MetadataRequest",
                    // JSON output and envelopes: its static set-up reads the JDK's calendar and locale data
                    "com.fasterxml.jackson.databind.ObjectMapper"}) {
                Class.forName(name, true, Warmup.class.getClassLoader());
            }
        } catch (Throwable ignored) {
            // an optimisation only: whatever failed here fails again, and is reported, where it is used
        }
    }
}
