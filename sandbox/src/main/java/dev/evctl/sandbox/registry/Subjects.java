package dev.evctl.sandbox.registry;

import static dev.evctl.sandbox.registry.Rest.JSON;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.evctl.sandbox.registry.Candidates.Candidate;
import dev.evctl.sandbox.registry.Rest.Answer;
import dev.evctl.sandbox.registry.Rest.Request;
import dev.evctl.schema.AvroSchemas;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.SchemaType;
import org.apache.avro.Schema;

/** The {@code /subjects} resources: list, look up, register, read and delete versions. */
final class Subjects {
    private final SchemaStore store;
    private final Candidates candidates;
    private final Compatibility compatibility;

    Subjects(SchemaStore store, Candidates candidates, Compatibility compatibility) {
        this.store = store;
        this.candidates = candidates;
        this.compatibility = compatibility;
    }

    Answer route(Request request) {
        int n = request.size();
        if (n == 1) {
            if (!request.method().equals("GET")) {
                throw new Failure(405, 405, "HTTP 405 Method Not Allowed");
            }
            return list(request);
        }
        String subject = request.part(1);
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new Failure(422, 42208, "The specified subject '" + subject + "' is not a valid.");
        }
        if (n == 2 && request.method().equals("POST")) {
            return lookUp(subject, request);
        }
        if (n == 2 && request.method().equals("DELETE")) {
            return deleteSubject(subject, request.flag("permanent"));
        }
        if (n >= 3 && request.part(2).equals("versions")) {
            return versions(subject, request);
        }
        throw Failure.notFound();
    }

    private Answer versions(String subject, Request request) {
        int n = request.size();
        boolean deleted = request.deleted();
        if (request.is("GET", 3)) {
            requireSubject(store, subject, deleted);
            ArrayNode out = JSON.createArrayNode();
            store.versions(subject, deleted).forEach(v -> out.add(v.version()));
            return Answer.ok(out);
        }
        if (request.is("POST", 3)) {
            return register(subject, request);
        }
        if (n >= 4 && request.method().equals("GET")) {
            SchemaStore.Version v = version(store, subject, request.part(3), deleted);
            if (n == 4) {
                return Answer.ok(Rest.versionJson(v)
                        .put("schema", candidates.formatted(v, request.query().get("format"))));
            }
            if (n == 5 && request.part(4).equals("schema")) {
                return new Answer(200, v.schema());
            }
            if (n == 5 && request.part(4).equals("referencedby")) {
                ArrayNode out = JSON.createArrayNode();
                store.referencedBy(subject, v.version()).forEach(out::add);
                return Answer.ok(out);
            }
        }
        if (request.is("DELETE", 4)) {
            return deleteVersion(subject, request.part(3), request.flag("permanent"));
        }
        throw Failure.notFound();
    }

    private Answer list(Request request) {
        String prefix = request.query().getOrDefault("subjectPrefix", "");
        List<String> listed = store.subjects(request.deleted());
        if (request.flag("deletedOnly")) {
            List<String> live = store.subjects(false);
            listed =
                    store.subjects(true).stream().filter(s -> !live.contains(s)).toList(); // soft-deleted subjects only
        }
        ArrayNode out = JSON.createArrayNode();
        listed.stream().filter(s -> s.startsWith(prefix)).forEach(out::add);
        return Answer.ok(out);
    }

    /** {@code POST /subjects/{subject}}: the version holding this schema, if any. */
    private Answer lookUp(String subject, Request request) {
        Candidate candidate = candidates.parse(request.body(), subject, request.flag("normalize"));
        requireSubject(store, subject, request.deleted());
        return sameIn(store.versions(subject, request.deleted()), candidate)
                .map(v -> Answer.ok(Rest.versionJson(v)))
                .orElseThrow(() -> new Failure(404, 40403, "Schema not found"));
    }

    private Answer register(String subject, Request request) {
        JsonNode body = Rest.readBody(request.body());
        if (!body.hasNonNull("schema") || body.get("schema").asText().isEmpty()) {
            // the real registry answers a body without a schema with the latest version, registering nothing
            SchemaStore.Version latest = version(store, subject, "latest", false);
            return Answer.ok(JSON.createObjectNode()
                    .put("id", latest.id())
                    .put("version", latest.version())
                    .put("schema", latest.schema()));
        }
        Candidate candidate = candidates.parse(request.body(), subject, request.flag("normalize"));
        List<SchemaStore.Version> live = store.versions(subject, false);
        Optional<SchemaStore.Version> same = sameIn(live, candidate);
        if (same.isPresent()) {
            return Answer.ok(JSON.createObjectNode().put("id", same.get().id()));
        }
        CompatibilityResult result = compatibility.check(subject, candidate, live);
        if (!result.compatible()) {
            throw new Failure(
                    409,
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + Compatibility.messages(result, live, candidate.type()));
        }
        SchemaStore.Version added =
                store.add(subject, candidate.type().name(), candidate.canonical(), candidate.references());
        // as the real registry does: a soft-deleted version of the same schema is dropped for good
        store.versions(subject, true).stream()
                .filter(v -> v.deleted() && v.identity().equals(added.identity()))
                .forEach(store::remove);
        return Answer.ok(JSON.createObjectNode().put("id", added.id()));
    }

    /**
     * A version of the subject holding the same schema: within a subject the real registry
     * matches semantically equal Avro (custom properties in any order) with the same references.
     */
    private Optional<SchemaStore.Version> sameIn(List<SchemaStore.Version> versions, Candidate candidate) {
        String identity =
                SchemaStore.identityOf(candidate.type().name(), candidate.canonical(), candidate.references());
        for (SchemaStore.Version v : versions) {
            if (v.identity().equals(identity)
                    || candidate.type() == SchemaType.AVRO
                            && v.schemaType().equals("AVRO")
                            && v.references().equals(candidate.references())
                            && AvroSchemas.sameSchema((Schema) candidates.parsed(v), (Schema) candidate.schema())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private Answer deleteSubject(String subject, boolean permanent) {
        List<SchemaStore.Version> all = store.versions(subject, true);
        if (all.isEmpty()) {
            throw new Failure(404, 40401, "Subject '" + subject + "' not found.");
        }
        all.forEach(this::requireUnreferenced);
        if (permanent && all.stream().anyMatch(v -> !v.deleted())) {
            throw new Failure(
                    404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
        }
        List<SchemaStore.Version> affected =
                permanent ? all : all.stream().filter(v -> !v.deleted()).toList();
        if (affected.isEmpty()) {
            throw new Failure(
                    404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
        }
        ArrayNode out = JSON.createArrayNode();
        for (SchemaStore.Version v : affected) {
            if (permanent) {
                store.remove(v);
            } else {
                store.setDeleted(v);
            }
            out.add(v.version());
        }
        return Answer.ok(out);
    }

    private Answer deleteVersion(String subject, String versionText, boolean permanent) {
        SchemaStore.Version v = version(store, subject, versionText, true);
        requireUnreferenced(v);
        if (permanent && !v.deleted()) {
            throw new Failure(
                    404,
                    40407,
                    "Subject '" + subject + "' Version " + v.version()
                            + " was not deleted first before being permanently deleted");
        }
        if (!permanent && v.deleted()) {
            throw new Failure(
                    404,
                    40406,
                    "Subject '" + subject + "' Version " + v.version()
                            + " was soft deleted.Set permanent=true to delete permanently");
        }
        if (permanent) {
            store.remove(v);
        } else {
            store.setDeleted(v);
        }
        return Answer.ok(JSON.getNodeFactory().numberNode(v.version()));
    }

    private void requireUnreferenced(SchemaStore.Version v) {
        if (!store.referencedBy(v.subject(), v.version()).isEmpty()) {
            throw new Failure(
                    422,
                    42206,
                    "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=" + v.subject()
                            + ",version=" + v.version() + "}.");
        }
    }

    /** A subject's version by number or {@code latest}/{@code -1}, refused in the real registry's words. */
    static SchemaStore.Version version(SchemaStore store, String subject, String text, boolean deleted) {
        requireSubject(store, subject, deleted);
        List<SchemaStore.Version> versions = store.versions(subject, deleted);
        if (isLatest(text)) {
            return versions.get(versions.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw new Failure(
                    422,
                    42202,
                    "The specified version '" + text + "' is not a valid version id. Allowed values are"
                            + " between [1, 2^31-1] and the string \"latest\"");
        }
        int wanted = number;
        return versions.stream()
                .filter(v -> v.version() == wanted)
                .findFirst()
                .orElseThrow(() -> new Failure(404, 40402, "Version " + text + " not found."));
    }

    static boolean isLatest(String text) {
        return text.equalsIgnoreCase("latest") || text.equals("-1");
    }

    private static void requireSubject(SchemaStore store, String subject, boolean deleted) {
        if (store.versions(subject, deleted).isEmpty()) {
            throw new Failure(404, 40401, "Subject '" + subject + "' not found.");
        }
    }
}
