package dev.evctl.core.publish;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A record a publish injected on purpose, where it landed: a {@code duplicate} (its original at
 * offset {@code of}), a {@code reordered} record (sent after the later record of its key at
 * offset {@code of}), or {@code poison} (of {@code poisonKind}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"partition", "offset", "kind", "of", "poisonKind"})
public record Injection(int partition, long offset, String kind, Long of, String poisonKind) {

    /** The counts and the records of a publish with faults; {@code reorderable}: records a later one shares a key with. */
    @JsonPropertyOrder({"duplicates", "reordered", "poison", "reorderable"})
    public record Counts(long duplicates, long reordered, long poison, Long reorderable) {}

    /** What was injected, and where. */
    public record Report(Counts counts, List<Injection> injections) {
        public Report {
            injections = List.copyOf(injections);
        }
    }
}
