package dev.evctl.schema.protobuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;

/** Protobuf compatibility at the registry's seven levels, with the registry's error types, paths and sentences. */
public final class ProtoCompatibility {

    private ProtoCompatibility() {}

    /**
     * Numbers a history as the registry would register it: a schema equal to an earlier one in
     * canonical text and references creates no new version.
     */
    public static List<CompatibilityChecker.Versioned<ProtoSchema>> versions(List<ProtoSchema> history) {
        Map<String, ProtoSchema> unique = new LinkedHashMap<>();
        for (ProtoSchema s : history) {
            unique.putIfAbsent(identity(s), s);
        }
        List<CompatibilityChecker.Versioned<ProtoSchema>> out = new ArrayList<>();
        int n = 1;
        for (ProtoSchema s : unique.values()) {
            out.add(new CompatibilityChecker.Versioned<>(n++, s));
        }
        return out;
    }

    static String identity(ProtoSchema s) {
        StringBuilder b = new StringBuilder(s.canonical());
        s.dependencies().values().stream()
                .filter(d -> d.subject() != null)
                .map(d -> "\n" + d.importPath() + "=" + d.subject() + "@" + d.version())
                .sorted()
                .forEach(b::append);
        return b.toString();
    }

    /** The registry's verdict: stops at the first failing version (newest first). */
    public static CompatibilityResult check(
            ProtoSchema candidate,
            List<CompatibilityChecker.Versioned<ProtoSchema>> history,
            CompatibilityLevel level) {
        return check(candidate, history, level, false);
    }

    /** With {@code every}, the problems against every version the level covers (the gate shows them all). */
    public static CompatibilityResult check(
            ProtoSchema candidate,
            List<CompatibilityChecker.Versioned<ProtoSchema>> history,
            CompatibilityLevel level,
            boolean every) {
        return CompatibilityChecker.check(history, level, every, (old, version, direction) -> {
            boolean backward = direction == Incompatibility.Direction.BACKWARD;
            // backward: data written with the old version, read through the new; forward: the reverse
            List<ProtoDiff.Difference> found =
                    backward ? ProtoDiff.compare(old, candidate) : ProtoDiff.compare(candidate, old);
            return found.stream()
                    .map(d -> new Incompatibility(
                            d.change().name(),
                            d.path(),
                            version,
                            direction,
                            d.change().describe(d.path(), backward)))
                    .toList();
        });
    }
}
