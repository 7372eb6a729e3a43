package dev.evctl.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real three-broker cluster in this JVM — Apache Kafka's own {@code KafkaClusterTestKit}: one
 * KRaft controller and three brokers, every topic (internal ones too) with replication factor 3
 * and {@code min.insync.replicas} 2, so one broker can be stopped while work goes on.
 */
final class ThreeBrokers implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private static ThreeBrokers shared;

    private ThreeBrokers(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * One cluster for the whole test JVM, started on first use and stopped when the JVM exits (tests use their own
     * topics).
     */
    static synchronized ThreeBrokers shared() throws Exception {
        if (shared == null) {
            ThreeBrokers started = start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                // bounded: the test JVM must exit within surefire's 30 s; the rest dies with it
                                Thread close = new Thread(() -> {
                                    try {
                                        started.cluster.close();
                                    } catch (Exception e) {
                                        // the JVM is ending
                                    }
                                });
                                close.setDaemon(true);
                                close.start();
                                try {
                                    close.join(15_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "evctl-test-cluster-stop"));
            shared = started;
        }
        return shared;
    }

    static ThreeBrokers start() throws Exception {
        // as Kafka's own tests do: a broker that meets a fatal error while the JVM ends (a log directory going away
        // under it) must not halt the test JVM with a non-zero code
        Exit.setHaltProcedure((code, message) -> {});
        Exit.setExitProcedure((code, message) -> {});
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(3)
                .build());
        Map.of(
                        "default.replication.factor",
                        "3",
                        "min.insync.replicas",
                        "2",
                        "offsets.topic.replication.factor",
                        "3",
                        "transaction.state.log.replication.factor",
                        "3",
                        "transaction.state.log.min.isr",
                        "2",
                        "group.initial.rebalance.delay.ms",
                        "0",
                        "log.retention.ms",
                        "-1", // the tests' records carry old timestamps
                        "offsets.topic.num.partitions",
                        "6",
                        "transaction.state.log.num.partitions",
                        "6",
                        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                        "1000")
                .forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new ThreeBrokers(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    Admin admin() {
        return cluster.admin();
    }

    /** The broker that leads {@code tp} now. */
    int leaderOf(TopicPartition tp) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.describeTopics(List.of(tp.topic()))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(tp.topic())
                    .partitions()
                    .get(tp.partition())
                    .leader()
                    .id();
        }
    }

    /** Stops broker {@code id} (a clean shutdown: its partitions' leadership moves to the others). */
    void stopBroker(int id) {
        BrokerServer b = cluster.brokers().get(id);
        b.shutdown();
        b.awaitShutdown();
    }

    void startBroker(int id) {
        cluster.brokers().get(id).startup();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
