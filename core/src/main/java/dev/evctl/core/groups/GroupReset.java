package dev.evctl.core.groups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evctl.core.EvctlException;
import dev.evctl.core.json.JsonErrors;
import org.apache.kafka.common.TopicPartition;

/**
 * Moving a consumer group's committed offsets with a plan first and an undo snapshot: where
 * each partition is, where it goes, and the lag before and after.
 */
public final class GroupReset {

    private GroupReset() {}

    /** Where to move the group. */
    public sealed interface Target permits Earliest, Latest, Offset, Time, ShiftBy, Restore {}

    public record Earliest() implements Target {}

    public record Latest() implements Target {}

    public record Offset(long offset) implements Target {}

    public record Time(Instant time) implements Target {}

    public record ShiftBy(long delta) implements Target {}

    /** Back to a snapshot: each partition's saved offset, or no committed offset when it had none. */
    public record Restore(Snapshot snapshot) implements Target {}

    /** One partition: current committed offset (null: none), the new one (null: removed), end, lag before and after. */
    public record Change(
            String topic, int partition, Long current, Long target, long end, Long lagBefore, Long lagAfter) {}

    /** @param notes what the plan changed from what was asked (an offset past the end moved to the end, say) */
    public record Plan(String group, List<Change> changes, GroupService.GroupDetail detail, List<String> notes) {

        public Map<TopicPartition, Long> offsets() {
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            changes.forEach(c -> out.put(new TopicPartition(c.topic(), c.partition()), c.target()));
            return out;
        }
    }

    /**
     * Plans the move of {@code group} on {@code topic} (all partitions, or the given ones). NOT_FOUND for an unknown
     * group.
     */
    public static Plan plan(
            GroupService groups,
            String group,
            String topic,
            List<Integer> partitions,
            Target target,
            int topicPartitionCount) {
        GroupService.GroupDetail detail = groups.describe(group);
        List<TopicPartition> tps = new ArrayList<>();
        if (target instanceof Restore r) {
            r.snapshot().offsets().keySet().forEach(tps::add);
        } else {
            if (partitions.isEmpty()) {
                for (int p = 0; p < topicPartitionCount; p++) {
                    tps.add(new TopicPartition(topic, p));
                }
            } else {
                for (int p : partitions) {
                    if (p < 0 || p >= topicPartitionCount) {
                        throw EvctlException.notFound("partition " + p + " does not exist: topic '" + topic
                                + "' has " + topicPartitionCount + " partition"
                                + (topicPartitionCount == 1 ? " (0)" : "s (0-" + (topicPartitionCount - 1) + ")"));
                    }
                    tps.add(new TopicPartition(topic, p));
                }
            }
        }
        tps = GroupService.sorted(tps);
        Map<TopicPartition, Long> committed = new HashMap<>();
        groups.committed(group).forEach((tp, om) -> committed.put(tp, om.offset()));
        Map<TopicPartition, Long> beginning = groups.beginningOffsets(tps);
        Map<TopicPartition, Long> end = groups.endOffsets(tps);
        Map<TopicPartition, Long> byTime = target instanceof Time t ? groups.offsetsAt(tps, t.time()) : Map.of();
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TopicPartition tp : tps) {
            long b = beginning.get(tp);
            long e = end.get(tp);
            Long current = committed.get(tp);
            Long next;
            if (target instanceof Earliest) {
                next = b;
            } else if (target instanceof Latest) {
                next = e;
            } else if (target instanceof Offset o) {
                next = o.offset();
            } else if (target instanceof Time) {
                next = byTime.get(tp);
            } else if (target instanceof ShiftBy s) {
                next = (current == null ? e : current) + s.delta();
            } else {
                next = ((Restore) target).snapshot().offsets().get(tp);
            }
            if (next != null) {
                long asked = next;
                next = Math.max(b, Math.min(next, e));
                if (next != asked && (target instanceof Offset || target instanceof ShiftBy)) {
                    notes.add(tp + ": offset " + asked + " is "
                            + (asked > e ? "past the end (" + e + ")" : "before the" + " beginning (" + b + ")")
                            + ": moved to " + (asked > e ? "the end" : "the beginning")
                            + " instead");
                }
            }
            changes.add(new Change(
                    tp.topic(),
                    tp.partition(),
                    current,
                    next,
                    e,
                    current == null ? null : Math.max(0, e - current),
                    next == null ? null : e - next));
        }
        return new Plan(group, changes, detail, List.copyOf(notes));
    }

    /** The committed offsets of a group before a reset, to put back with {@code --undo}. */
    public record Snapshot(String group, String cluster, Instant created, Map<TopicPartition, Long> offsets) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Writes the snapshot of the plan's current offsets under {@code dir}; returns its path. */
    public static Path saveSnapshot(Path dir, Plan plan, String cluster) {
        return saveSnapshot(dir, plan, cluster, false);
    }

    /**
     * As {@link #saveSnapshot(Path, Plan, String)}; {@code beforeUndo}: the offsets an undo is
     * about to replace. Such a snapshot is never what a later plain {@code --undo} restores (undo
     * is not a toggle); its file can still be given to {@code --undo FILE} to redo the reset.
     */
    public static Path saveSnapshot(Path dir, Plan plan, String cluster, boolean beforeUndo) {
        ObjectNode n = JSON.createObjectNode()
                .put("group", plan.group())
                .put("cluster", cluster)
                .put("created", Instant.now().toString())
                .put("kind", beforeUndo ? "undo" : "reset");
        var offsets = n.putArray("offsets");
        plan.changes().forEach(c -> {
            ObjectNode o = offsets.addObject().put("topic", c.topic()).put("partition", c.partition());
            if (c.current() == null) {
                o.putNull("offset");
            } else {
                o.put("offset", c.current());
            }
        });
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(safe(plan.group()) + "-" + STAMP.format(Instant.now()) + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
            return file;
        } catch (IOException e) {
            throw EvctlException.badInput(
                    "cannot write the undo snapshot in " + dir + ": " + e.getMessage() + " — nothing was changed");
        }
    }

    /**
     * The snapshot a plain {@code --undo} restores: the newest one taken before a reset that has
     * not been undone yet. Undo twice goes back two resets, not forth and back.
     */
    public static Path latestSnapshot(Path dir, String group) {
        String prefix = safe(group) + "-";
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".json"))
                    .filter(p -> {
                        String rest = p.getFileName().toString().substring(prefix.length());
                        return rest.matches("\\d{8}T\\d{6}\\.\\d{3}Z\\.json");
                    })
                    .sorted(Comparator.reverseOrder())
                    .toList();
            if (all.isEmpty()) {
                throw EvctlException.notFound("no undo snapshot for group '" + group + "' in " + dir);
            }
            for (Path p : all) {
                JsonNode n = JSON.readTree(Files.readString(p));
                if (n != null && !"undo".equals(n.path("kind").asText()) && !n.hasNonNull("undone")) {
                    return p;
                }
            }
            throw EvctlException.notFound("nothing left to undo for group '" + group + "': every reset in " + dir
                    + " was undone — to redo one, pass its snapshot: --undo FILE");
        } catch (NoSuchFileException e) {
            throw EvctlException.notFound("no undo snapshot for group '" + group + "' in " + dir);
        } catch (IOException e) {
            throw EvctlException.badInput("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Notes in the snapshot that its offsets were put back, so the next plain undo goes further back. */
    /**
     * Refuses a reset while the group has active members (they would overwrite the offsets at their next commit):
     * nothing is changed, and the error names them.
     */
    public static void requireInactive(String group, GroupService.GroupDetail state) {
        if (state.inactive()) {
            return;
        }
        StringBuilder who = new StringBuilder();
        state.members()
                .forEach(m -> who.append(who.length() == 0 ? "" : ", ")
                        .append(m.clientId())
                        .append('@')
                        .append(m.host()));
        throw new dev.evctl.core.EvctlException(
                dev.evctl.core.EvctlException.Kind.PARTIAL,
                "group '" + group + "' has " + state.members().size() + " active member"
                        + (state.members().size() == 1 ? "" : "s") + " (" + who
                        + "): stop them first, or pass --wait-inactive TIMEOUT — nothing was changed");
    }

    /**
     * Moves the group's offsets as planned, after saving the undo snapshot (and, for an undo, marking the snapshot it
     * restored as undone); returns the snapshot written.
     */
    public static Path apply(GroupService groups, Plan plan, Path snapshotDir, String cluster, Path undoFrom) {
        Path snapshot = saveSnapshot(snapshotDir, plan, cluster, undoFrom != null);
        groups.setOffsets(plan.detail().group(), plan.offsets());
        if (undoFrom != null) {
            markUndone(undoFrom);
        }
        return snapshot;
    }

    public static void markUndone(Path file) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(file));
            n.put("undone", Instant.now().toString());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        } catch (IOException | ClassCastException e) {
            throw EvctlException.badInput("the offsets were restored, but snapshot " + file
                    + " could not be marked undone: " + e.getMessage());
        }
    }

    /** Reads a snapshot and checks it belongs to {@code group}. */
    public static Snapshot readSnapshot(Path file, String group) {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw EvctlException.notFound("undo snapshot " + file + " does not exist");
        } catch (IOException e) {
            throw EvctlException.badInput("undo snapshot " + file + " is not readable JSON: " + JsonErrors.describe(e));
        }
        if (n == null || !n.hasNonNull("group") || !n.path("offsets").isArray()) {
            throw EvctlException.badInput("undo snapshot " + file + " is not an evctl snapshot (no group or offsets)");
        }
        if (!n.get("group").asText().equals(group)) {
            throw EvctlException.badInput(
                    "undo snapshot " + file + " is for group '" + n.get("group").asText() + "', not '" + group + "'");
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        n.get("offsets")
                .forEach(o -> offsets.put(
                        new TopicPartition(
                                o.get("topic").asText(), o.get("partition").asInt()),
                        o.get("offset").isNull() ? null : o.get("offset").asLong()));
        return new Snapshot(
                group,
                n.path("cluster").asText(),
                Instant.parse(n.get("created").asText()),
                offsets);
    }

    private static String safe(String group) {
        return group.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
