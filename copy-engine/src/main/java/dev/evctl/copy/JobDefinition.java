package dev.evctl.copy;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a job run by workers was planned as, kept in every committed offset's metadata beside the
 * partition's range: a worker started with other options is refused with this named, and
 * {@code replay status} reads it from any machine.
 *
 * @param identity what defines the job (source, target, partitions, range as written, mapping, filters), hashed:
 *                 two workers of one job must agree on it
 * @param plannedAt when the first worker fixed the plan (epoch ms)
 */
public record JobDefinition(String identity, String source, String target, String from, String to, long plannedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    void writeTo(ObjectNode metadata) {
        metadata.putObject("job")
                .put("id", identity)
                .put("src", source)
                .put("dst", target)
                .put("from", from)
                .put("to", to)
                .put("at", plannedAt);
    }

    /** The definition in a committed offset's metadata; null when the job was not run by workers. */
    static JobDefinition parse(String metadata) {
        try {
            JsonNode n = JSON.readTree(metadata == null ? "" : metadata);
            JsonNode j = n == null ? null : n.get("job");
            if (j == null || !j.isObject()) {
                return null;
            }
            return new JobDefinition(
                    j.path("id").asText(),
                    j.path("src").asText(),
                    j.path("dst").asText(),
                    j.path("from").asText(),
                    j.path("to").asText(),
                    j.path("at").asLong());
        } catch (Exception e) {
            return null;
        }
    }

    /** When the metadata was committed (epoch ms), 0 when it does not say. */
    static long committedAt(String metadata) {
        try {
            JsonNode n = JSON.readTree(metadata == null ? "" : metadata);
            return n == null ? 0 : n.path("t").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * The plan as a person reads it: "orders → orders-rebuild, --from beginning --to end, planned
     * 2026-12-02T19:40:00Z".
     */
    public String describe() {
        return source + " → " + target + ", --from " + from + " --to " + to + ", planned "
                + Instant.ofEpochMilli(plannedAt);
    }
}
