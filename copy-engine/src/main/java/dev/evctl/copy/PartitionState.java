package dev.evctl.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A source partition's progress in a job, as committed with the copied records: the planned
 * range [start, end), the next offset to copy, and how many records were written and filtered
 * out so far. Kept in the committed offset's metadata, so it is exactly as durable as the copy.
 */
public record PartitionState(int partition, long start, long end, long next, long copied, long filtered) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean done() {
        return next >= end;
    }

    /** Records left in the range (an upper bound: compaction and transaction markers leave gaps). */
    public long remaining() {
        return Math.max(0, end - next);
    }

    PartitionState advance(long newNext, long moreCopied, long moreFiltered) {
        return new PartitionState(
                partition, start, end, Math.min(newNext, end), copied + moreCopied, filtered + moreFiltered);
    }

    String metadata() {
        return metadataNode().toString();
    }

    /** The metadata with the job's range as written ({@code range}: null leaves it out). */
    String metadata(String range) {
        ObjectNode n = metadataNode();
        return (range == null ? n : n.put("range", range)).toString();
    }

    /** The range as written that a committed metadata or state record keeps; null when it keeps none. */
    static String rangeOf(String metadata) {
        try {
            JsonNode n = JSON.readTree(metadata == null ? "" : metadata);
            return n == null || !n.path("range").isTextual()
                    ? null
                    : n.get("range").asText();
        } catch (Exception e) {
            return null;
        }
    }

    /** The metadata of a job run by workers: the job's definition beside the range, and when this was committed. */
    String metadata(JobDefinition definition, long committedAt) {
        ObjectNode n = metadataNode();
        definition.writeTo(n);
        return n.put("t", committedAt).toString();
    }

    private ObjectNode metadataNode() {
        return JSON.createObjectNode()
                .put("v", 1)
                .put("start", start)
                .put("end", end)
                .put("copied", copied)
                .put("filtered", filtered);
    }

    /** The state as a record of the state topic: the metadata with the next offset (and the range, when given). */
    String record(String range) {
        ObjectNode n = JSON.createObjectNode()
                .put("v", 1)
                .put("start", start)
                .put("end", end)
                .put("next", next)
                .put("copied", copied)
                .put("filtered", filtered);
        return (range == null ? n : n.put("range", range)).toString();
    }

    static PartitionState parseRecord(int partition, String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return n == null || n.path("v").asInt() != 1
                    ? null
                    : parse(partition, n.get("next").asLong(), json);
        } catch (Exception e) {
            return null;
        }
    }

    /** The state from a committed offset and its metadata, or null when the metadata is not a job's. */
    static PartitionState parse(int partition, long offset, String metadata) {
        try {
            JsonNode n = JSON.readTree(metadata == null ? "" : metadata);
            if (n == null || n.path("v").asInt() != 1) {
                return null;
            }
            return new PartitionState(
                    partition,
                    n.get("start").asLong(),
                    n.get("end").asLong(),
                    offset,
                    n.get("copied").asLong(),
                    n.get("filtered").asLong());
        } catch (Exception e) {
            return null;
        }
    }
}
