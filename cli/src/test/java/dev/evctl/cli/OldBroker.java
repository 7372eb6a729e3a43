package dev.evctl.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker of another release in its own JVM, from Maven Central's jars: 2.x with ZooKeeper (a
 * ZooKeeper server beside it), 3.x in KRaft mode (formatted with its own StorageTool). Its class path is what Maven
 * resolves for {@code org.apache.kafka:kafka_2.13:VERSION}: they cannot share a JVM with the 4.x classes evctl uses.
 */
final class OldBroker implements AutoCloseable {

    private final List<Process> processes;
    private final String bootstrap;
    private final Path dir;

    private OldBroker(List<Process> processes, String bootstrap, Path dir) {
        this.processes = processes;
        this.bootstrap = bootstrap;
        this.dir = dir;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    /** Starts {@code version} in {@code dir}: ZooKeeper mode before 3.0, KRaft (one combined node) from 3.0. */
    static OldBroker start(String version, Path dir) throws Exception {
        String classpath = classpath(version, dir);
        int port = freePort();
        Properties server = new Properties();
        server.putAll(Map.of(
                "log.dirs", dir.resolve("logs").toString(),
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false",
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port));
        List<Process> processes = new ArrayList<>();
        if (version.startsWith("2.")) {
            int zk = freePort();
            Path zkData = Files.createDirectories(dir.resolve("zookeeper"));
            processes.add(java(
                    classpath,
                    dir.resolve("zookeeper.log"),
                    List.of("-Dzookeeper.admin.enableServer=false"),
                    "org.apache.zookeeper.server.ZooKeeperServerMain",
                    Integer.toString(zk),
                    zkData.toString()));
            server.put("broker.id", "0");
            server.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
            server.put("zookeeper.connect", "127.0.0.1:" + zk);
            server.put("zookeeper.connection.timeout.ms", "30000");
        } else {
            int controller = freePort();
            server.put("process.roles", "broker,controller");
            server.put("node.id", "1");
            server.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
            server.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
            server.put("controller.listener.names", "CONTROLLER");
            server.put("inter.broker.listener.name", "PLAINTEXT");
            server.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        Path properties = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            server.store(out, "evctl broker matrix: Apache Kafka " + version);
        }
        if (!version.startsWith("2.")) {
            Process format = java(
                    classpath,
                    dir.resolve("format.log"),
                    List.of(),
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    properties.toString());
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new AssertionError("Kafka " + version + " StorageTool format failed: "
                        + Files.readString(dir.resolve("format.log")));
            }
        }
        processes.add(java(classpath, dir.resolve("kafka.log"), List.of(), "kafka.Kafka", properties.toString()));
        OldBroker broker = new OldBroker(processes, "127.0.0.1:" + port, dir);
        broker.awaitReady(version, Duration.ofSeconds(120));
        return broker;
    }

    /** Polls the broker with an admin client until it answers and has registered itself. */
    private void awaitReady(String version, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "5000");
        try (Admin admin = Admin.create(p)) {
            while (true) {
                for (Process process : processes) {
                    if (!process.isAlive()) {
                        throw new AssertionError("Kafka " + version + " exited (" + process.exitValue() + "): "
                                + tail(dir.resolve("kafka.log")));
                    }
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError(
                                "Kafka " + version + " did not answer within " + limit.toSeconds() + " s: "
                                        + tail(dir.resolve("kafka.log")),
                                notYet);
                    }
                }
            }
        }
    }

    /** Maven's class path of {@code kafka_2.13:VERSION} (resolved from Maven Central once, then from ~/.m2). */
    private static String classpath(String version, Path dir) throws Exception {
        Path pom = dir.resolve("pom.xml");
        Files.writeString(pom, """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.evctl.test</groupId>
                  <artifactId>kafka-%s</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                    <dependency>
                      <groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>%s</version>
                    </dependency>
                  </dependencies>
                  <build><plugins><plugin>
                    <artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version>
                  </plugin></plugins></build>
                </project>
                """.formatted(version, version));
        Path out = dir.resolve("classpath.txt");
        Process mvn = new ProcessBuilder(
                        "mvn",
                        "-B",
                        "-q",
                        "-f",
                        pom.toString(),
                        "dependency:build-classpath",
                        "-Dmdep.outputFile=" + out)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mvn.log").toFile())
                .start();
        if (!mvn.waitFor(600, TimeUnit.SECONDS) || mvn.exitValue() != 0) {
            mvn.destroyForcibly();
            throw new AssertionError(
                    "cannot resolve Apache Kafka " + version + " from Maven: " + tail(dir.resolve("mvn.log")));
        }
        return Files.readString(out).trim();
    }

    private static Process java(String classpath, Path log, List<String> jvmOptions, String main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the broker, then ZooKeeper; waits for both. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
