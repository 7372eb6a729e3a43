package dev.evctl.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.core.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Checks what evctl needs from here: config, broker, authentication, registry. */
@Command(
        name = "doctor",
        header = "Check the config, the broker and the registry of the current context.",
        mixinStandardHelpOptions = true,
        description = {
            "Check the current context: the config file and the secret files it names (permissions), the "
                    + "broker (reachable,",
            "authenticated, its brokers and metadata.version) and the schema registry (reachable, "
                    + "authenticated). One line per",
            "check with its time. Exit 0 when nothing failed (warnings allowed), 1 otherwise."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  evctl doctor", "  evctl --context prod-eu doctor -o json"})
public final class DoctorCommand implements Callable<Integer> {

    private final Session session;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public DoctorCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        List<Doctor.Check> checks = Doctor.run(new Doctor.Request(
                session.configStore(),
                session.context(),
                session.env(),
                kafka.bootstrapServers != null,
                () -> session.clients().kafka(kafka),
                () -> {
                    var registry = session.clients().registryIfChosen(null, kafka);
                    return registry == null ? null : () -> registry.compatibilityLevel(null);
                }));
        output.show(session.out(), checks, DoctorCommand::text);
        return Doctor.failed(checks) ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** One line per check: status, name, detail and its time. */
    static void text(List<Doctor.Check> checks, PrintWriter out) {
        for (Doctor.Check c : checks) {
            out.printf(
                    "%-5s %-18s %s%s%n",
                    c.status(), c.name(), c.detail(), c.millis() > 0 ? " (" + c.millis() + " ms)" : "");
        }
    }
}
