package dev.evctl.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Debian's /usr/bin/python3 running the interop peers under src/test/python (Confluent's own Python client). */
final class Python {

    static final String PYTHON = "/usr/bin/python3";

    private static final JsonMapper JSON = new JsonMapper();

    private Python() {}

    record Out(int exit, String out) {}

    /** Runs a command, output and errors together; exit -1 when it did not end within {@code seconds}. */
    static Out run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Out(-1, out);
        }
        return new Out(p.exitValue(), out);
    }

    /** Whether Debian's python3-confluent-kafka can be imported here (the interop tests skip without it). */
    static boolean hasConfluentKafka() throws Exception {
        return run(List.of(PYTHON, "-c", "import confluent_kafka"), 30).exit() == 0;
    }

    /**
     * Every committed record of {@code topic} as librdkafka reads it (read_committed, to the end), per partition in
     * offset order, each as "KEYHEX|VALUEHEX" ("-" for null).
     */
    static Map<Integer, List<String>> readCommitted(String bootstrap, String topic) throws Exception {
        Out out = run(List.of(PYTHON, script("read_committed.py"), bootstrap, topic), 120);
        if (out.exit() != 0) {
            throw new AssertionError("read_committed.py failed (" + out.exit() + "): " + out.out());
        }
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (String line : out.out().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                byPartition
                        .computeIfAbsent(n.get("p").asInt(), k -> new ArrayList<>())
                        .add((n.get("k").isNull() ? "-" : n.get("k").asText()) + "|"
                                + (n.get("v").isNull() ? "-" : n.get("v").asText()));
            }
        }
        return byPartition;
    }

    /** A script of src/test/python. */
    static String script(String name) {
        return Path.of("src", "test", "python", name).toAbsolutePath().toString();
    }
}
