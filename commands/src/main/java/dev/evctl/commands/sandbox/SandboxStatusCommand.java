package dev.evctl.commands.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Is the sandbox running, where, for how long, with how many topics. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  evctl sandbox status", "  evctl sandbox status -o json"},
        description = {
            "Show whether the sandbox runs: bootstrap address, uptime, topic count.",
            "Exits 6 when no sandbox is running."
        })
public final class SandboxStatusCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    SandboxDir dataDir;

    @Mixin
    OutputOptions output;

    /**
     * What {@code -o json|yaml} prints, in this order (pinned in {@code SandboxCommandsTest}); a stopped sandbox
     * has only {@code running} and {@code dataDir}, a running one without a registry or a secure listener no
     * {@code registryUrl} or {@code secureBootstrapServers}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Json(
            boolean running,
            String dataDir,
            String bootstrapServers,
            Long pid,
            String startedAt,
            Long uptimeSeconds,
            Integer topics,
            String secureBootstrapServers,
            String registryUrl) {}

    public SandboxStatusCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Path dir = dataDir.resolve(session);
        Optional<Sandbox.Status> status = Sandbox.status(dir, Duration.ofSeconds(10));
        Json json = status.map(s -> new Json(
                        true,
                        dir.toString(),
                        s.state().bootstrapServers(),
                        s.state().pid(),
                        s.state().startedAt().toString(),
                        s.uptime().toSeconds(),
                        s.topicCount(),
                        s.state().secure() == null ? null : s.state().secure().bootstrapServers(),
                        s.state().registryUrl()))
                .orElse(new Json(false, dir.toString(), null, null, null, null, null, null, null));
        output.show(session.out(), json, SandboxStatusCommand::text);
        return status.isPresent() ? ExitCodes.OK : ExitCodes.NOT_FOUND;
    }

    /** One line: where it runs, for how long, how many topics, its registry; or how to start it. */
    static void text(Json s, java.io.PrintWriter out) {
        if (!s.running()) {
            out.println("not running (data " + s.dataDir() + "); start it with `evctl sandbox start --detach`");
            return;
        }
        out.println("running at " + s.bootstrapServers() + ", up " + human(Duration.ofSeconds(s.uptimeSeconds())) + ", "
                + s.topics() + " topic" + (s.topics() == 1 ? "" : "s")
                + (s.registryUrl() == null ? "" : ", registry " + s.registryUrl())
                + " (pid " + s.pid() + ", data " + s.dataDir() + ")");
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
