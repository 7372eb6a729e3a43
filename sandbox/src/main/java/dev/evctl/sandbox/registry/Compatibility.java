package dev.evctl.sandbox.registry;

import static dev.evctl.sandbox.registry.Rest.JSON;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evctl.sandbox.registry.Candidates.Candidate;
import dev.evctl.sandbox.registry.Rest.Answer;
import dev.evctl.sandbox.registry.Rest.Request;
import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.RegistryMessages;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.SchemaFormats;
import dev.evctl.schema.SchemaType;

/**
 * Compatibility: the levels ({@code /config}), the test of a schema against stored versions
 * ({@code /compatibility}, and before each registration), and the verdict in the real registry's words.
 */
final class Compatibility {
    private final SchemaStore store;
    private final Candidates candidates;

    Compatibility(SchemaStore store, Candidates candidates) {
        this.store = store;
        this.candidates = candidates;
    }

    /** {@code POST /compatibility/subjects/{subject}/versions[/{version}]}. */
    Answer test(Request request) {
        String subject = request.part(2);
        String versionText = request.size() == 5 ? request.part(4) : null;
        boolean verbose = request.flag("verbose");
        Candidate schema;
        try {
            schema = candidates.parse(request.body(), subject, false);
        } catch (Failure f) {
            if (verbose && f.code == 42201) {
                return Answer.ok(JSON.createObjectNode()
                        .put("is_compatible", false)
                        .set("messages", JSON.createArrayNode().add(f.getMessage())));
            }
            throw f;
        }
        if (versionText == null) {
            List<SchemaStore.Version> against = store.versions(subject, false);
            return verdict(check(subject, schema, against), against, schema.type(), verbose);
        }
        if (!store.known(subject)) {
            if (Subjects.isLatest(versionText)) {
                return verdict(null, List.of(), schema.type(), verbose);
            }
            throw new Failure(404, 40402, "Version " + versionText + " not found.");
        }
        SchemaStore.Version v = Subjects.version(store, subject, versionText, false);
        // one named version: the level's directions, without its transitivity
        CompatibilityLevel single = switch (level(subject)) {
            case BACKWARD_TRANSITIVE -> CompatibilityLevel.BACKWARD;
            case FORWARD_TRANSITIVE -> CompatibilityLevel.FORWARD;
            case FULL_TRANSITIVE -> CompatibilityLevel.FULL;
            default -> level(subject);
        };
        return verdict(check(schema, List.of(v), single), List.of(v), schema.type(), verbose);
    }

    /** The answer for a result (null: compatible, nothing was compared). */
    private static Answer verdict(
            CompatibilityResult result, List<SchemaStore.Version> against, SchemaType type, boolean verbose) {
        boolean compatible = result == null || result.compatible();
        ObjectNode out = JSON.createObjectNode().put("is_compatible", compatible);
        if (verbose) {
            ArrayNode m = out.putArray("messages");
            if (!compatible) {
                messageList(result, against, type).forEach(m::add);
            }
        }
        return Answer.ok(out);
    }

    CompatibilityResult check(String subject, Candidate candidate, List<SchemaStore.Version> live) {
        return check(candidate, live, level(subject));
    }

    /**
     * The candidate against stored versions at a level, by the candidate's format; a version of another type never
     * passes.
     */
    @SuppressWarnings("unchecked")
    private CompatibilityResult check(
            Candidate candidate, List<SchemaStore.Version> against, CompatibilityLevel level) {
        SchemaFormat<Object> format = (SchemaFormat<Object>) SchemaFormats.of(candidate.type());
        List<CompatibilityChecker.Versioned<Object>> history = new ArrayList<>();
        for (SchemaStore.Version v : against) {
            if (!v.schemaType().equals(candidate.type().name()) && level != CompatibilityLevel.NONE) {
                return new CompatibilityResult(
                        level,
                        false,
                        List.of(new Incompatibility(
                                "SCHEMA_TYPE_CHANGED",
                                "#/",
                                v.version(),
                                null,
                                "Incompatible schema type: version " + v.version() + " is " + v.schemaType()
                                        + ", the new schema " + candidate.type())),
                        List.of(v.version()));
            }
            history.add(new CompatibilityChecker.Versioned<>(v.version(), candidates.parsed(v)));
        }
        return CompatibilityChecker.check(
                history,
                level,
                false,
                (old, version, direction) -> format.checkEvery(
                                candidate.schema(),
                                List.of(new CompatibilityChecker.Versioned<>(version, old)),
                                direction == Incompatibility.Direction.BACKWARD
                                        ? CompatibilityLevel.BACKWARD
                                        : CompatibilityLevel.FORWARD)
                        .incompatibilities());
    }

    /** The verdict's messages, as the real registry lists them. */
    static String messages(CompatibilityResult result, List<SchemaStore.Version> versions, SchemaType type) {
        return "[" + String.join(", ", messageList(result, versions, type)) + "]";
    }

    private static List<String> messageList(
            CompatibilityResult result, List<SchemaStore.Version> versions, SchemaType type) {
        List<String> out = new ArrayList<>();
        for (Incompatibility i : result.incompatibilities()) {
            // in the real registry's words: Avro's with single quotes and its location, Protobuf's with double quotes
            out.add(
                    i.type().equals("SCHEMA_TYPE_CHANGED")
                            ? "Incompatible because of different schema type"
                            : type == SchemaType.PROTOBUF
                                    ? "{errorType:\"" + i.type() + "\", description:\"" + i.message() + "\"}"
                                    : type == SchemaType.JSON
                                            ? "{errorType:\"" + i.type() + "\", description:\"" + i.message() + "'}"
                                            : RegistryMessages.describe(i));
        }
        int failed =
                result.failedVersions().isEmpty() ? 0 : result.failedVersions().get(0);
        // as the real registry: under FULL levels a version (and its text) is named only when a backward problem is
        // among them
        boolean named =
                result.incompatibilities().stream().noneMatch(i -> i.type().equals("SCHEMA_TYPE_CHANGED"))
                                && !(result.level().forward() && result.level().backward())
                        || result.incompatibilities().stream()
                                .anyMatch(i -> i.direction() == Incompatibility.Direction.BACKWARD);
        versions.stream()
                .filter(v -> named && v.version() == failed)
                .findFirst()
                .ifPresent(v -> {
                    out.add("{oldSchemaVersion: " + v.version() + "}");
                    out.add("{oldSchema: '" + v.schema() + "'}");
                });
        out.add("{validateFields: 'false', compatibility: '" + result.level() + "'}");
        return out;
    }

    /** {@code /config} and {@code /config/{subject}}: GET, PUT, DELETE. */
    Answer config(Request request) {
        if (request.size() > 2) {
            throw Failure.notFound();
        }
        String subject = request.size() == 2 ? request.part(1) : null;
        return switch (request.method()) {
            case "GET" -> getConfig(subject, request.flag("defaultToGlobal"));
            case "PUT" -> putConfig(subject, Rest.readBody(request.body()));
            case "DELETE" -> deleteConfig(subject);
            default -> throw new Failure(405, 405, "HTTP 405 Method Not Allowed");
        };
    }

    private Answer getConfig(String subject, boolean defaultToGlobal) {
        String level = store.config(subject);
        if (level == null && subject != null) {
            if (defaultToGlobal) {
                return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", globalLevel()));
            }
            throw new Failure(
                    404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", level == null ? globalLevel() : level));
    }

    private Answer putConfig(String subject, JsonNode request) {
        JsonNode value = request.get("compatibility");
        if (value == null) {
            // the real registry accepts an unknown key silently and echoes an empty object
            store.setConfig(subject, subject == null ? globalLevel() : "BACKWARD");
            return Answer.ok(JSON.createObjectNode());
        }
        String level = value.asText().toUpperCase(Locale.ROOT);
        try {
            CompatibilityLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new Failure(
                    422,
                    42203,
                    "Invalid compatibility level. Valid values are none, backward, forward, full, "
                            + "backward_transitive, forward_transitive, and full_transitive");
        }
        store.setConfig(subject, level);
        return Answer.ok(JSON.createObjectNode().put("compatibility", level));
    }

    private Answer deleteConfig(String subject) {
        String old = store.config(subject);
        if (old == null) {
            throw new Failure(404, 40401, "Subject '" + subject + "' not found.");
        }
        store.setConfig(subject, null);
        return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", old));
    }

    private CompatibilityLevel level(String subject) {
        String level = store.config(subject);
        return CompatibilityLevel.parse(level != null ? level : globalLevel());
    }

    private String globalLevel() {
        String level = store.config(null);
        return level == null ? "BACKWARD" : level;
    }
}
