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
    public record Version(int version, Schema schema) {
    }

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

    public CompatibilityResult check(Schema candidate, List<Version> history, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || history.isEmpty()) {
            return new CompatibilityResult(level, true, List.of(), List.of());
        }
        List<Version> toCheck = level.transitive() ? history : history.subList(history.size() - 1, history.size());
        for (int i = toCheck.size() - 1; i >= 0; i--) {
            Version old = toCheck.get(i);
            List<Incompatibility> found = new ArrayList<>();
            // the registry lists forward-direction problems before backward-direction ones
            if (level.forward()) {
                found.addAll(compare(old.schema(), candidate, old.version(), Incompatibility.Direction.FORWARD));
            }
            if (level.backward()) {
                found.addAll(compare(candidate, old.schema(), old.version(), Incompatibility.Direction.BACKWARD));
            }
            if (!found.isEmpty()) {
                return new CompatibilityResult(level, false, found, List.of(old.version()));
            }
        }
        return new CompatibilityResult(level, true, List.of(), List.of());
    }

    private static List<Incompatibility> compare(Schema reader, Schema writer, int oldVersion, Incompatibility.Direction direction) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        List<Incompatibility> out = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
            out.add(new Incompatibility(i.getType().name(), i.getLocation(), oldVersion, direction, i.getMessage()));
        }
        return out;
    }
}
