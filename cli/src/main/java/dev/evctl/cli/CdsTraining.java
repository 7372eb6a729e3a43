package dev.evctl.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import dev.evctl.cli.startup.Warmup;
import dev.evctl.commands.Session;
import dev.evctl.sandbox.BrokerSettings;
import dev.evctl.sandbox.Sandbox;

/**
 * The build's training run for the class-data-sharing archive: runs the common commands
 * in-process against a throw-away sandbox (a child JVM, so broker classes stay out of the
 * archive), so the classes they load — picocli model, Jackson, Kafka admin, producer, consumer
 * and fetch path, templates — start from the archive afterwards.
 */
public final class CdsTraining {

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN"); // else SLF4J says which provider it loads
        System.setProperty("picocli.disable.closures", "true");
        Warmup.inBackground(true); // as Main does: its classes and the entry point's go in the archive too
        Main.isTerminal(1);
        Path dir = Files.createTempDirectory("evctl-cds-training-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // with a registry, as `evctl sandbox start` gives: the registry client's and Avro's classes too
        Sandbox.State state = Sandbox.startDetached(
                        new BrokerSettings(dir.resolve("sandbox"), port, 0, false, Map.of(), 0), Duration.ofSeconds(90))
                .state();
        String broker = state.bootstrapServers();
        Path schema = Files.writeString(
                dir.resolve("order.avsc"),
                "{\"type\":\"record\",\"name\":\"Order\",\"fields\":"
                        + "[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"}]}");
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            orders.append("{\"id\":\"o-")
                    .append(i)
                    .append("\",\"amount\":")
                    .append(i % 7)
                    .append(".5}\n");
        }
        Path ordersFile = Files.writeString(dir.resolve("orders.jsonl"), orders);
        // Protobuf and JSON Schema too: the .proto parser (wire, Kotlin), protobuf-java and the validator start from
        // the archive
        Path proto = Files.writeString(
                dir.resolve("order.proto"),
                "syntax = \"proto3\";\npackage training;\n"
                        + "message Order {\n  string id = 1;\n  double amount = 2;\n}\n");
        Path jsonSchema = Files.writeString(
                dir.resolve("order.json"),
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                        + "\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
                        + "\"amount\":{\"type\":\"number\"}}}");
        try {
            // through a context, as users run it: the config file's YAML is read by every command
            String[][] runs = {
                {"--help"},
                {"--version"},
                {"tail", "--help"},
                {"publish", "--help"},
                {"config", "set-context", "training", "-b", broker, "--registry-url", state.registryUrl()},
                {"config", "use-context", "training"},
                {"config", "view"},
                {"config", "get-contexts"},
                {"topics", "create", "training", "--partitions", "2"},
                {"topics", "list"},
                {"topics", "describe", "training"},
                {
                    "publish",
                    "training",
                    "--count",
                    "2000",
                    "--template",
                    "{\"id\":{{seq}},\"n\":{{int 1 9}},\"name\":\"{{faker Name.full_name}}\"}"
                },
                {"publish", "training", "--value", "{}", "--key", "k", "-H", "h=v"},
                {"tail", "training", "--from", "-1", "--max", "1"},
                {"tail", "training", "--from", "beginning", "--to", "end", "--format", "{value}"},
                {"tail", "training", "--from", "beginning", "--to", "end", "-o", "json", "--value-format", "json"},
                {"tail", "training", "--from", "beginning", "--to", "end", "-o", "envelope", "--where", "n > `5`"},
                {"groups", "list"},
                {"topics", "create", "avro-training"},
                {
                    "publish",
                    "avro-training",
                    "-f",
                    ordersFile.toString(),
                    "-i",
                    "jsonl",
                    "--value-format",
                    "avro",
                    "--schema-file",
                    schema.toString()
                },
                {"tail", "avro-training", "--from", "beginning", "--to", "end", "--format", "{value}"},
                {"tail", "avro-training", "--from", "beginning", "--to", "end", "-o", "json"},
                {"topics", "create", "proto-training"},
                {
                    "publish",
                    "proto-training",
                    "-f",
                    ordersFile.toString(),
                    "-i",
                    "jsonl",
                    "--value-format",
                    "protobuf",
                    "--schema-file",
                    proto.toString()
                },
                {"tail", "proto-training", "--from", "beginning", "--to", "end", "--format", "{value}"},
                {"topics", "create", "json-training"},
                {
                    "publish",
                    "json-training",
                    "-f",
                    ordersFile.toString(),
                    "-i",
                    "jsonl",
                    "--value-format",
                    "json-schema",
                    "--schema-file",
                    jsonSchema.toString()
                },
                {"tail", "json-training", "--from", "beginning", "--to", "end", "--format", "{value}"},
                {"schema", "check", "-f", proto.toString(), "--subject", "proto-training-value"},
            };
            Map<String, String> env =
                    new HashMap<>(System.getenv()); // a map like Main's, without the builder's settings
            env.keySet().removeIf(k -> k.startsWith("EVCTL_"));
            env.put("EVCTL_CONFIG", dir.resolve("config.yaml").toString());
            for (String[] run : runs) {
                Session session = new Session(
                        OutputStream.nullOutputStream(),
                        new PrintWriter(Writer.nullWriter()),
                        InputStream.nullInputStream(),
                        env,
                        false,
                        false,
                        false);
                int code = Cli.run(session, run);
                if (code != 0) { // the archive then lacks that command's classes: slower, not wrong
                    System.err.println("evctl CDS training: `" + String.join(" ", run) + "` exited " + code);
                }
            }
        } finally {
            Sandbox.reset(dir.resolve("sandbox"), Duration.ofSeconds(30));
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.exit(0);
    }
}
