package dev.evctl.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Decides whether a candidate schema may follow a subject's history at a compatibility level, as
 * the Confluent Schema Registry 7.9 does: Avro's {@link SchemaCompatibility} for the type rules,
 * the registry's choice of which versions to check and in which order.
 */
public final class CompatibilityChecker {

    /** One registered version of a subject. */
    public record Version(int version, Schema schema) {}

    /**
     * Numbers the history as the registry would register it: a schema equal in canonical form
     * to an earlier one creates no new version.
     */
    public static List<Version> versions(List<Schema> history) {
        Map<String, Schema> unique = new LinkedHashMap<>();
        for (Schema s : history) {
            unique.putIfAbsent(AvroSchemas.canonical(s), s);
        }
        List<Version> out = new ArrayList<>();
        int n = 1;
        for (Schema s : unique.values()) {
            out.add(new Version(n++, s));
        }
        return out;
    }

    /**
     * The registry's verdict: the newest version's problems first, stopping at the first version that fails, as the
     * registry does.
     */
    public CompatibilityResult check(Schema candidate, List<Version> history, CompatibilityLevel level) {
        return check(candidate, history, level, false);
    }

    /**
     * The same verdict, with the problems against every version the level covers, not only the
     * first failing one: the gate shows them all at once, where the registry would reveal a
     * second one only on the next run. The first failing version's problems come first.
     */
    public CompatibilityResult checkEvery(Schema candidate, List<Version> history, CompatibilityLevel level) {
        return check(candidate, history, level, true);
    }

    private CompatibilityResult check(
            Schema candidate, List<Version> history, CompatibilityLevel level, boolean every) {
        return check(
                history.stream()
                        .map(v -> new Versioned<>(v.version(), v.schema()))
                        .toList(),
                level,
                every,
                (old, version, direction) -> direction == Incompatibility.Direction.FORWARD
                        ? compare(old, candidate, version, direction)
                        : compare(candidate, old, version, direction));
    }

    /** A registered version of any schema format. */
    public record Versioned<S>(int version, S schema) {}

    /** One format's comparison of the candidate with an old version, in one direction. */
    public interface Comparison<S> {
        List<Incompatibility> compare(S old, int oldVersion, Incompatibility.Direction direction);
    }

    /**
     * The registry's walk over a history, for any format: which versions a level covers (the
     * latest, or all for transitive levels), newest first, forward-direction problems before
     * backward ones, stopping at the first version that fails unless {@code every}.
     */
    public static <S> CompatibilityResult check(
            List<Versioned<S>> history, CompatibilityLevel level, boolean every, Comparison<S> comparison) {
        if (level == CompatibilityLevel.NONE || history.isEmpty()) {
            return new CompatibilityResult(level, true, List.of(), List.of());
        }
        List<Versioned<S>> toCheck = level.transitive() ? history : history.subList(history.size() - 1, history.size());
        List<Incompatibility> all = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        for (int i = toCheck.size() - 1; i >= 0; i--) {
            Versioned<S> old = toCheck.get(i);
            List<Incompatibility> found = new ArrayList<>();
            if (level.forward()) {
                found.addAll(comparison.compare(old.schema(), old.version(), Incompatibility.Direction.FORWARD));
            }
            if (level.backward()) {
                found.addAll(comparison.compare(old.schema(), old.version(), Incompatibility.Direction.BACKWARD));
            }
            if (!found.isEmpty()) {
                if (!every) {
                    return new CompatibilityResult(level, false, found, List.of(old.version()));
                }
                all.addAll(found);
                failed.add(old.version());
            }
        }
        return new CompatibilityResult(level, failed.isEmpty(), all, failed);
    }

    private static List<Incompatibility> compare(
            Schema reader, Schema writer, int oldVersion, Incompatibility.Direction direction) {
        SchemaCompatibility.SchemaPairCompatibility pair =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<Incompatibility> out = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
            out.add(new Incompatibility(i.getType().name(), i.getLocation(), oldVersion, direction, i.getMessage()));
        }
        return out;
    }
}
