package dev.evctl.commands.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.Session;
import dev.evctl.sandbox.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The sandbox's data directory, when not the default.")
    Path dataDir;

    @Mixin
    OutputOptions output;

    public SandboxStatusCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Path dir = session.sandboxDataDir(dataDir).toAbsolutePath();
        Optional<Sandbox.Status> status = Sandbox.status(dir, Duration.ofSeconds(10));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("running", status.isPresent());
        json.put("dataDir", dir.toString());
        if (status.isPresent()) {
            Sandbox.Status s = status.get();
            json.put("bootstrapServers", s.state().bootstrapServers());
            json.put("pid", s.state().pid());
            json.put("startedAt", s.state().startedAt().toString());
            json.put("uptimeSeconds", s.uptime().toSeconds());
            json.put("topics", s.topicCount());
            if (s.state().secure() != null) {
                json.put("secureBootstrapServers", s.state().secure().bootstrapServers());
            }
            json.put("registryUrl", s.state().registryUrl());
        }
        if (output.structured()) {
            output.print(session.out(), json);
        } else if (status.isPresent()) {
            Sandbox.Status s = status.get();
            session.out()
                    .println("running at " + s.state().bootstrapServers() + ", up " + human(s.uptime()) + ", "
                            + s.topicCount() + " topic" + (s.topicCount() == 1 ? "" : "s")
                            + (s.state().registryUrl() == null
                                    ? ""
                                    : ", registry " + s.state().registryUrl())
                            + " (pid " + s.state().pid() + ", data " + dir + ")");
        } else {
            session.out().println("not running (data " + dir + "); start it with `evctl sandbox start --detach`");
        }
        session.out().flush();
        return status.isPresent() ? ExitCodes.OK : ExitCodes.NOT_FOUND;
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
