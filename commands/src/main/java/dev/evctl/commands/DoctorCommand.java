package dev.evctl.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.evctl.core.config.Config;
import dev.evctl.core.config.ContextConfig;
import dev.evctl.core.config.ContextRule;
import dev.evctl.core.config.SecretReferences;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.kafka.KafkaErrors;
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

    /** One check's outcome. */
    public record Check(String status, String name, String detail, long millis) {}

    private static final Pattern FILE_REFERENCE = Pattern.compile("\\$\\{file:([^}]+)}");

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
        List<Check> checks = new ArrayList<>();
        Path file = session.configStore().file();
        Config config = timed(checks, "config", () -> {
            Config c = session.configStore().load();
            return c;
        });
        if (config != null) {
            checks.add(permissions("config file", file));
            String name = ContextRule.choose(session.context(), session.env(), config, kafka.bootstrapServers != null);
            ContextConfig ctx = name == null ? null : config.contexts().get(name);
            checks.add(new Check(
                    ctx != null ? "ok" : "warn",
                    "context",
                    name == null
                            ? "none chosen: -b, or the running sandbox"
                            : ctx == null ? "'" + name + "' is not in " + file : "'" + name + "'",
                    0));
            if (ctx != null) {
                List<String> values = new ArrayList<>();
                if (ctx.properties() != null) {
                    values.addAll(ctx.properties().values());
                }
                if (ctx.registryProperties() != null) {
                    values.addAll(ctx.registryProperties().values());
                }
                // secrets written in clear by hand (set-context refuses them; a hand edit does not)
                TreeSet<String> clear = new TreeSet<>();
                ctx.properties().forEach((k, v) -> {
                    if (SecretReferences.holdsClearSecret(k, v)) {
                        clear.add(k);
                    }
                });
                ctx.registryProperties().forEach((k, v) -> {
                    if (SecretReferences.holdsClearSecret(k, v)) {
                        clear.add(k);
                    }
                });
                if (SecretReferences.urlHoldsPassword(ctx.registryUrl())) {
                    clear.add("registry-url");
                }
                if (!clear.isEmpty()) {
                    checks.add(new Check(
                            "warn",
                            "secrets",
                            "written in clear in " + file + ": " + String.join(", ", clear)
                                    + " — use ${env:NAME} or ${file:PATH} references",
                            0));
                }
                for (String v : values) {
                    Matcher m = FILE_REFERENCE.matcher(v);
                    while (m.find()) {
                        checks.add(permissions("secret file", Path.of(m.group(1))));
                    }
                }
            }
        }
        try (KafkaClients clients =
                timed(checks, "connection settings", () -> session.clients().kafka(kafka))) {
            if (clients != null) {
                long start = System.nanoTime();
                try {
                    var admin = clients.admin();
                    long timeout = clients.connection().timeout().toMillis();
                    int brokers = admin.describeCluster()
                            .nodes()
                            .get(timeout, TimeUnit.MILLISECONDS)
                            .size();
                    String version = admin
                            .describeFeatures()
                            .featureMetadata()
                            .get(timeout, TimeUnit.MILLISECONDS)
                            .finalizedFeatures()
                            .entrySet()
                            .stream()
                            .filter(e -> e.getKey().equals("metadata.version"))
                            .map(e -> " level " + e.getValue().maxVersionLevel())
                            .findFirst()
                            .orElse("");
                    String protocol = String.valueOf(clients.connection()
                                    .properties(Map.of())
                                    .getOrDefault("security.protocol", "PLAINTEXT"))
                            .toUpperCase(Locale.ROOT);
                    // only SASL authenticates the client; TLS alone encrypts, PLAINTEXT does neither
                    String security = protocol.startsWith("SASL")
                            ? ", authenticated (" + protocol + ")"
                            : protocol.equals("SSL")
                                    ? ", TLS (no SASL authentication)"
                                    : ", not authenticated (PLAINTEXT)";
                    checks.add(new Check(
                            "ok",
                            "broker",
                            clients.connection().bootstrapServers() + " ("
                                    + clients.connection().origin() + "): " + brokers + " broker"
                                    + (brokers == 1 ? "" : "s") + security + ", metadata.version" + version,
                            ms(start)));
                } catch (Exception e) {
                    checks.add(new Check(
                            "FAIL",
                            "broker",
                            KafkaErrors.translate(e, clients.connection(), "describing the cluster")
                                    .getMessage(),
                            ms(start)));
                }
            }
        }
        var registry =
                timed(checks, "registry settings", () -> session.clients().registryIfChosen(null, kafka));
        if (registry != null) {
            long start = System.nanoTime();
            try {
                String level = registry.compatibilityLevel(null);
                checks.add(new Check(
                        "ok", "registry", "reachable and authorized; global compatibility " + level, ms(start)));
            } catch (RuntimeException e) {
                checks.add(new Check("FAIL", "registry", e.getMessage(), ms(start)));
            }
        } else if (checks.stream().noneMatch(c -> c.name().equals("registry settings"))) {
            checks.add(new Check(
                    "skip", "registry", "none chosen (--registry-url, EVCTL_REGISTRY_URL or the context's)", 0));
        }
        if (output.structured()) {
            output.print(session.out(), checks);
        } else {
            for (Check c : checks) {
                session.out()
                        .printf(
                                "%-5s %-18s %s%s%n",
                                c.status(), c.name(), c.detail(), c.millis() > 0 ? " (" + c.millis() + " ms)" : "");
            }
            session.out().flush();
        }
        return checks.stream().anyMatch(c -> c.status().equals("FAIL")) ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private static <T> T timed(List<Check> checks, String name, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } catch (RuntimeException e) {
            checks.add(new Check("FAIL", name, e.getMessage(), ms(start)));
            return null;
        }
    }

    /** Warns when a file others can read: it holds (or names) secrets. */
    private static Check permissions(String what, Path file) {
        if (!Files.exists(file)) {
            return new Check(
                    what.equals("config file") ? "ok" : "FAIL",
                    what,
                    file + (what.equals("config file") ? " (not created yet)" : " does not exist"),
                    0);
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            boolean open = p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
            return new Check(
                    open ? "warn" : "ok",
                    what,
                    file
                            + (open
                                    ? " is readable by group or others: chmod 600 " + file
                                    : " is readable by its owner only"),
                    0);
        } catch (Exception e) {
            return new Check("warn", what, file + ": cannot read its permissions (" + e.getMessage() + ")", 0);
        }
    }

    private static long ms(long start) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
