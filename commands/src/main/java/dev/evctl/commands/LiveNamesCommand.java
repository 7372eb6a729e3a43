package dev.evctl.commands;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import dev.evctl.core.topics.TopicService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Names for shell completion, one a line, from the current context: topics, consumer groups,
 * schema subjects or context names. Hidden; the completion scripts call it. It gives up after a
 * short timeout and prints nothing (exit 0) when the cluster or registry cannot answer, so a
 * completion never hangs or prints an error into the command line.
 */
@Command(
        name = "__complete",
        hidden = true,
        description = "Names for shell completion (used by the completion scripts).")
public final class LiveNamesCommand implements Callable<Integer> {

    /** What to list. */
    public enum Kind {
        topics,
        groups,
        subjects,
        contexts
    }

    private final Session session;

    @Parameters(paramLabel = "KIND")
    Kind kind;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            description = "Give up after this long (default: half of EVCTL_COMPLETE_TIMEOUT seconds, else 1 s).")
    Duration timeout;

    public LiveNamesCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        names(session, kind, timeout != null ? timeout : defaultTimeout(session))
                .forEach(session.out()::println);
        session.out().flush();
        return ExitCodes.OK;
    }

    /** Half of the completion scripts' whole budget ({@code EVCTL_COMPLETE_TIMEOUT}, seconds), else 1 s. */
    static Duration defaultTimeout(Session session) {
        try {
            return Duration.ofMillis(
                    (long) (Double.parseDouble(session.env().getOrDefault("EVCTL_COMPLETE_TIMEOUT", "2")) * 500));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    /** The names of that kind from the current context, or none when it cannot answer within {@code timeout}. */
    public static List<String> names(Session session, Kind kind, Duration timeout) {
        try {
            return switch (kind) {
                case contexts ->
                    List.copyOf(session.configStore().load().contexts().keySet());
                case subjects -> session.clients().registry(null, timeout).subjects(null, false);
                case topics, groups -> {
                    KafkaOptions options = new KafkaOptions();
                    options.timeout = timeout;
                    try (KafkaClients clients = session.clients().kafka(options)) {
                        yield kind == Kind.topics
                                ? new TopicService(clients).list(null, false)
                                : new GroupService(clients)
                                        .list().stream()
                                                .map(GroupService.GroupSummary::group)
                                                .toList();
                    }
                }
            };
        } catch (RuntimeException unreachable) {
            return List.of(); // nothing to offer: the shell falls back to no candidates
        }
    }
}
