package dev.evctl.core;

import java.lang.management.ManagementFactory;

import dev.evctl.core.config.ConfigStore;

/**
 * Start-up work done on the second core while the main thread builds the command line, as
 * Spring Boot's background pre-initializer does: logging, the config parser, the platform MBean
 * server and the Kafka client's static tables, which every connecting command pays for (about
 * 0.1 s of the main thread of `topics list` before this). It only initialises classes and caches: no file,
 * network or output, so a command that needs none of it loses nothing but a little CPU. The
 * thread is a daemon: the process never waits for it.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void start() {
        Thread t = new Thread(Warmup::run, "evctl-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try {
            // The main thread needs the config first, then the client classes in the order below's
            // reverse: warming them from the far end lets both threads work instead of one waiting.
            // Kafka's classes log through SLF4J: its set-up (finding the binding) comes first.
            org.slf4j.LoggerFactory.getILoggerFactory();
            ConfigStore.warmUp();
            for (String name : new String[] {
                    "org.apache.kafka.common.protocol.Errors",
                    "org.apache.kafka.common.protocol.ApiKeys",
                    "org.apache.kafka.common.requests.ApiVersionsRequest$Builder",
                    "org.apache.kafka.common.requests.ApiVersionsResponse",
                    "org.apache.kafka.common.requests.MetadataRequest",
                    "org.apache.kafka.clients.NetworkClient",
                    "org.apache.kafka.common.network.Selector"}) {
                Class.forName(name, true, Warmup.class.getClassLoader());
            }
            // Kafka clients register an app-info MBean: the first call builds the platform MBean server
            ManagementFactory.getPlatformMBeanServer();
            for (String name : new String[] {
                    "org.apache.kafka.common.metrics.Metrics",
                    "org.apache.kafka.clients.consumer.ConsumerConfig",
                    "org.apache.kafka.clients.producer.ProducerConfig",
                    "org.apache.kafka.clients.admin.AdminClientConfig",
                    // JSON output and envelopes: its static set-up reads the JDK's calendar and locale data
                    "com.fasterxml.jackson.databind.ObjectMapper"}) {
                Class.forName(name, true, Warmup.class.getClassLoader());
            }
        } catch (Throwable ignored) {
            // an optimisation only: whatever failed here fails again, and is reported, where it is used
        }
    }
}
