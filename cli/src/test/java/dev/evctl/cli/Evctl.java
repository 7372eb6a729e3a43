package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.commands.Session;
import dev.evctl.sandbox.SharedBroker;

/**
 * Runs evctl in-process with captured streams and its own config file, as a user would from a
 * script (no terminal). A wrong exit code fails with stdout and stderr in the message.
 */
final class Evctl {

    private final Map<String, String> env = new HashMap<>();
    private byte[] stdin = new byte[0];
    private boolean stdoutTerminal;

    Evctl(Path home) {
        env.put("EVCTL_CONFIG", home.resolve("config.yaml").toString());
        try {
            // an EVCTL_CONFIG that names no file is an error; a user's first config is an empty one
            if (!Files.exists(home.resolve("config.yaml"))) {
                Files.createDirectories(home);
                Files.writeString(home.resolve("config.yaml"), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("EVCTL_SANDBOX_DIR", home.resolve("sandbox").toString());
        env.put("EVCTL_STATE_DIR", home.resolve("state").toString());
    }

    /** evctl with its own home whose current context is the shared test broker (SharedBroker). */
    static Evctl onSharedBroker(Path home) {
        Evctl evctl = new Evctl(home);
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        return evctl;
    }

    /** The environment evctl runs with here, for a packaged evctl started beside it. */
    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    Evctl env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs the next commands as if stdout were a terminal (tables fit COLUMNS, colour unless NO_COLOR). */
    Evctl stdoutTerminal() {
        stdoutTerminal = true;
        return this;
    }

    Evctl stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    Evctl stdin(byte[] bytes) {
        stdin = bytes.clone();
        return this;
    }

    record Result(int exit, String out, String err) {}

    /** A session that reads nothing and whose output goes nowhere: for walking the command model. */
    static Session silentSession() {
        return new Session(
                OutputStream.nullOutputStream(),
                new PrintWriter(Writer.nullWriter()),
                InputStream.nullInputStream(),
                Map.of(),
                false,
                false,
                false);
    }

    /** A JSON object's field names, in document order (the order scripts see). */
    static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        Session session = new Session(
                out, new PrintWriter(err, true), new ByteArrayInputStream(stdin), env, stdoutTerminal, false, false);
        int exit = Cli.run(session, args);
        session.out().flush();
        stdin = new byte[0];
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    Result expect(int exit, String... args) {
        Result r = run(args);
        if (r.exit() != exit) {
            fail("evctl " + String.join(" ", args) + " exited " + r.exit() + ", expected " + exit + "\n--- stdout\n"
                    + r.out() + "--- stderr\n" + r.err());
        }
        return r;
    }

    Result ok(String... args) {
        return expect(0, args);
    }
}
