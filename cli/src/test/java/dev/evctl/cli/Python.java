package dev.evctl.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's /usr/bin/python3 running the interop peers under src/test/python (Confluent's own Python client). */
final class Python {

    static final String PYTHON = "/usr/bin/python3";

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

    /** A script of src/test/python. */
    static String script(String name) {
        return Path.of("src", "test", "python", name).toAbsolutePath().toString();
    }
}
