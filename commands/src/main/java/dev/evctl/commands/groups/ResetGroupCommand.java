package dev.evctl.commands.groups;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.commands.Confirm;
import dev.evctl.commands.DurationConverter;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.KafkaOptions;
import dev.evctl.commands.OutputOptions;
import dev.evctl.commands.PlanOptions;
import dev.evctl.commands.Session;
import dev.evctl.core.EvctlException;
import dev.evctl.core.groups.GroupReset;
import dev.evctl.core.groups.GroupService;
import dev.evctl.core.kafka.KafkaClients;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Moves a group's committed offsets, with a plan, a confirmation and an undo snapshot. */
@Command(
        name = "reset",
        header = "Move a consumer group's committed offsets, with a plan, a confirm and an undo.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Move GROUP's committed offsets on --topic: prints the plan (current → new offset and lag per "
                    + "partition), asks on a",
            "terminal (--yes in scripts), refuses while the group has members (or waits with --wait-inactive), "
                    + "and saves the old",
            "offsets first as an undo snapshot; --undo [SNAPSHOT] puts them back.",
            "Exit codes: 0 done, 2 usage or not confirmed, 3 connection, 4 bad snapshot, 5 group still active, "
                    + "6 unknown group or snapshot."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  evctl groups reset billing --topic orders --to time 2026-11-21T06:00:00Z --dry-run",
            "  evctl groups reset billing --topic orders --to duration 2h --wait-inactive 5m --yes -o json",
            "  evctl groups reset billing --topic orders --partition 0 --to shift-by -100 --yes",
            "  evctl groups reset billing --undo --yes"
        })
public final class ResetGroupCommand implements Callable<Integer> {

    private final Session session;

    @Parameters(paramLabel = "GROUP")
    String group;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "The topic whose offsets move.")
    String topic;

    @Option(
            names = {"-p", "--partition"},
            paramLabel = "P",
            description = "Only this partition (repeatable; default all).")
    List<Integer> partitions = new ArrayList<>();

    /**
     * Where to move the group, or the undo of an earlier reset: one or the other, declared so (picocli refuses both).
     */
    static final class Action {
        @Option(
                names = "--to",
                arity = "1..2",
                paramLabel = "TARGET",
                description = "earliest | latest | offset N | time ISO-8601 | duration D (e.g. 2h: that long ago) | "
                        + "shift-by ±N")
        List<String> to = new ArrayList<>();

        @Option(
                names = "--undo",
                arity = "0..1",
                paramLabel = "SNAPSHOT",
                fallbackValue = "",
                description = "Restore the offsets saved before a reset: the group's newest snapshot, or this file.")
        String undo;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1", order = 0)
    Action action = new Action();

    @Option(
            names = "--wait-inactive",
            paramLabel = "TIMEOUT",
            converter = DurationConverter.class,
            description = "Wait up to TIMEOUT for the group's members to leave instead of refusing at once.")
    Duration waitInactive;

    @Mixin
    PlanOptions confirm;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    public ResetGroupCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        String undo = checkedOptions();
        Path undoFrom =
                undo == null ? null : undo.isEmpty() ? GroupReset.latestSnapshot(snapshotDir(), group) : Path.of(undo);
        GroupReset.Target target = undoFrom != null
                ? new GroupReset.Restore(GroupReset.readSnapshot(undoFrom, group))
                : ResetReports.target(action.to);
        try (KafkaClients clients = session.clients().kafka(kafka)) {
            GroupService groups = new GroupService(clients);
            int count = topic == null
                    ? 0
                    : clients.describeTopic(topic).partitions().size();
            GroupReset.Plan plan = GroupReset.plan(groups, group, topic, partitions, target, count);
            ResetReports.plan(session.err(), plan, undoFrom);
            if (confirm.dryRun) {
                output.document(session.out(), json(plan, null, false));
                return ExitCodes.OK;
            }
            GroupReset.requireInactive(group, awaitInactive(groups, plan.detail()));
            String question = "Move the offsets of " + group + " on "
                    + plan.changes().size() + " partition" + (plan.changes().size() == 1 ? "" : "s") + "?";
            if (!Confirm.proceed(session, confirm.yes, question, "nothing changed")) {
                return ExitCodes.USAGE;
            }
            Path snapshot = GroupReset.apply(
                    groups, plan, snapshotDir(), clients.connection().bootstrapServers(), undoFrom);
            output.document(session.out(), json(plan, snapshot, true));
            session.err()
                    .printf(
                            "evctl: %s moved on %d partition%s; undo snapshot %s (evctl groups reset %s --undo)%n",
                            group, plan.changes().size(), plan.changes().size() == 1 ? "" : "s", snapshot, group);
            session.err().flush();
        }
        return ExitCodes.OK;
    }

    /** --to with --topic, or --undo alone; the --undo value (empty: the latest snapshot), null for --to. */
    private String checkedOptions() {
        List<String> to = action == null ? List.of() : action.to;
        String undo = action == null ? null : action.undo;
        if ((undo == null) == to.isEmpty()) {
            throw EvctlException.usage("give either --to TARGET (with --topic) or --undo [SNAPSHOT]");
        }
        if (undo == null && topic == null) {
            throw EvctlException.usage("--to needs --topic");
        }
        if (undo != null && (topic != null || !partitions.isEmpty())) {
            throw EvctlException.usage(
                    "--undo restores the snapshot's own partitions: it takes no --topic or --partition");
        }
        return undo;
    }

    /** The group's state, after waiting up to --wait-inactive for its members to leave. */
    private GroupService.GroupDetail awaitInactive(GroupService groups, GroupService.GroupDetail state) {
        if (state.inactive() || waitInactive == null) {
            return state;
        }
        session.err()
                .printf(
                        "evctl: waiting up to %s for %d member%s of %s to leave%n",
                        waitInactive, state.members().size(), state.members().size() == 1 ? "" : "s", group);
        session.err().flush();
        return groups.awaitInactive(group, waitInactive);
    }

    /** $EVCTL_STATE_DIR/undo, else $XDG_STATE_HOME/evctl/undo, else ~/.local/state/evctl/undo. */
    private Path snapshotDir() {
        return session.stateDir().resolve("undo");
    }

    /**
     * What {@code groups reset -o json|yaml} prints; field names are a contract (README "JSON output"), pinned by
     * JsonContractTest.
     */
    record Json(String group, boolean applied, String snapshot, List<GroupReset.Change> partitions) {}

    private Json json(GroupReset.Plan plan, Path snapshot, boolean applied) {
        return new Json(plan.group(), applied, snapshot == null ? null : snapshot.toString(), plan.changes());
    }
}
