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
import java.util.Map;

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

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN"); // else SLF4J says which provider it loads
        System.setProperty("picocli.disable.closures", "true");
        dev.evctl.core.Warmup.inBackground(); // as Main does: its classes and the entry point's go in the archive too
        Main.isTerminal(1);
        Path dir = Files.createTempDirectory("evctl-cds-training-");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String broker = Sandbox.startDetached(BrokerSettings.plain(dir.resolve("sandbox"), port), Duration.ofSeconds(90))
                .state().bootstrapServers();
        try {
            // through a context, as users run it: the config file's YAML is read by every command
            String[][] runs = {
                    {"--help"}, {"--version"}, {"tail", "--help"}, {"publish", "--help"},
                    {"config", "set-context", "training", "-b", broker}, {"config", "use-context", "training"},
                    {"config", "view"}, {"config", "get-contexts"},
                    {"topics", "create", "training", "--partitions", "2"},
                    {"topics", "list"},
                    {"topics", "describe", "training"},
                    {"publish", "training", "--count", "2000", "--template",
                            "{\"id\":{{seq}},\"n\":{{int 1 9}},\"name\":\"{{faker Name.full_name}}\"}"},
                    {"publish", "training", "--value", "{}", "--key", "k", "-H", "h=v"},
                    {"tail", "training", "--from", "-1", "--max", "1"},
                    {"tail", "training", "--from", "beginning", "--to", "end", "--format", "{value}"},
                    {"tail", "training", "--from", "beginning", "--to", "end", "-o", "json", "--value-format", "json"},
                    {"tail", "training", "--from", "beginning", "--to", "end", "-o", "envelope", "--where", "n > `5`"},
                    {"groups", "list"},
            };
            Map<String, String> env = Map.of("EVCTL_CONFIG", dir.resolve("config.yaml").toString());
            for (String[] run : runs) {
                Session session = new Session(OutputStream.nullOutputStream(), new PrintWriter(Writer.nullWriter()),
                        InputStream.nullInputStream(), env, false, false, false);
                Cli.run(session, run);
            }
        } finally {
            Sandbox.reset(dir.resolve("sandbox"), Duration.ofSeconds(30));
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.exit(0);
    }
}
