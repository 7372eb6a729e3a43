package dev.evctl.core.trace;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * Where one business id went: every record that carries it, in time order, with the consumer groups' positions on
 * each and what a dead letter says about it. The JSON document of {@code evctl trace -o json} (times as ISO-8601
 * text, as the other documents give them).
 *
 * @param lookedAt what was searched for the id (key, headers, fields)
 */
@JsonPropertyOrder({"id", "lookedAt", "window", "hops", "scanned"})
public record Trace(String id, String lookedAt, Window window, List<Hop> hops, Scanned scanned) {

    public Trace {
        hops = List.copyOf(hops);
    }

    /** The time window searched: records with timestamps from {@code from} (inclusive) to {@code to} (exclusive). */
    public record Window(
            @JsonSerialize(using = ToStringSerializer.class) Instant from,
            @JsonSerialize(using = ToStringSerializer.class) Instant to) {}

    /**
     * One record carrying the id.
     *
     * @param matchedBy  "key", "header NAME" or "field PATH"
     * @param type       the event's type from a type/eventType/ce_type header or a type/eventType field; null if none
     * @param deadLetter what the record says as a dead letter, null when it is not one
     */
    @JsonPropertyOrder({"topic", "partition", "offset", "timestamp", "key", "matchedBy", "type", "deadLetter", "groups"
    })
    public record Hop(
            String topic,
            int partition,
            long offset,
            @JsonSerialize(using = ToStringSerializer.class) Instant timestamp,
            String key,
            String matchedBy,
            String type,
            DeadLetter deadLetter,
            List<GroupPosition> groups) {

        public Hop {
            groups = List.copyOf(groups);
        }

        Hop withGroups(List<GroupPosition> positions) {
            return new Hop(topic, partition, offset, timestamp, key, matchedBy, type, deadLetter, positions);
        }
    }

    /** A dead letter's account of the record that failed. */
    public record DeadLetter(
            String errorClass, String message, String originalTopic, Integer originalPartition, Long originalOffset) {}

    /** Where a group that reads the hop's topic stands against the hop. */
    @JsonPropertyOrder({"group", "state", "consumed", "behind"})
    public record GroupPosition(String group, State state, Long behind) {

        /** consumed: the group's committed offset is past the record; pending: not yet; no-offset: none there. */
        public enum State {
            @JsonProperty("consumed")
            CONSUMED,
            @JsonProperty("pending")
            PENDING,
            @JsonProperty("no-offset")
            NO_OFFSET
        }

        @JsonProperty("consumed")
        public boolean consumed() {
            return state == State.CONSUMED;
        }
    }

    /** What the search read. */
    public record Scanned(int topics, long records, long bytes, double seconds) {}
}
