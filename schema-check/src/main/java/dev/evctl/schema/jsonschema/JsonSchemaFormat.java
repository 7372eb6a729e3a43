package dev.evctl.schema.jsonschema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.evctl.schema.CompatibilityChecker;
import dev.evctl.schema.CompatibilityLevel;
import dev.evctl.schema.CompatibilityResult;
import dev.evctl.schema.Incompatibility;
import dev.evctl.schema.InvalidSchemaException;
import dev.evctl.schema.JsonLines;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.SchemaFormat;
import dev.evctl.schema.SchemaType;

/**
 * JSON Schema for the gate: {@code $ref}s to other subjects by reference name, the registry's rules, lines by JSON
 * pointer.
 */
public final class JsonSchemaFormat implements SchemaFormat<JsonSchemaFormat.Parsed> {

    public static final JsonSchemaFormat INSTANCE = new JsonSchemaFormat();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed JSON Schema: its document, its compact text (what the registry stores and compares) and its model. */
    public record Parsed(JsonNode document, String compact, List<Referenced> references, JsonSchemaModel.Node root) {}

    private JsonSchemaFormat() {}

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public Parsed parseFile(Path file, String text, List<Referenced> referenced) {
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new SchemaCheck.InvalidFile(
                    file,
                    line,
                    column,
                    "invalid JSON: "
                            + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        try {
            return parse(text, referenced);
        } catch (InvalidSchemaException e) {
            throw new SchemaCheck.InvalidFile(
                    file,
                    1,
                    e.reason() != null
                            ? "invalid JSON Schema: " + e.reason() + " (the registry refuses it: " + e.getMessage()
                                    + ")"
                            : "invalid schema: the registry refuses it (" + e.getMessage() + "): an unknown"
                                    + " type, a keyword of the wrong kind, a bad pattern or a $ref that does not"
                                    + " resolve");
        }
    }

    @Override
    public Parsed parse(String text, List<Referenced> referenced) {
        if (text == null || text.isBlank()) {
            throw new InvalidSchemaException("Empty schema", null);
        }
        JsonNode document;
        try {
            document = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("Invalid JSON " + text, e);
        }
        Map<String, JsonSchemaModel.Loader> external = new HashMap<>();
        for (Referenced r : referenced) {
            JsonNode dependency;
            try {
                dependency = JSON.readTree(r.text());
            } catch (JsonProcessingException e) {
                throw new InvalidSchemaException("Invalid JSON " + r.text(), e);
            }
            JsonSchemaModel.Loader loader = new JsonSchemaModel.Loader(dependency, external);
            external.put(r.name(), loader);
            if (dependency.has("$id")) {
                external.put(dependency.get("$id").asText(), loader);
            }
        }
        JsonSchemaModel.Node root = new JsonSchemaModel.Loader(document, external).load();
        return new Parsed(document, document.toString(), List.copyOf(referenced), root);
    }

    /** The registry stores a JSON Schema as sent, compacted: key order counts, layout does not. */
    @Override
    public String identity(Parsed schema) {
        StringBuilder b = new StringBuilder(schema.compact());
        schema.references().stream()
                .filter(r -> r.subject() != null)
                .map(r -> "\n" + r.name() + "=" + r.subject() + "@" + r.version())
                .sorted()
                .forEach(b::append);
        return b.toString();
    }

    @Override
    public CompatibilityResult checkEvery(
            Parsed candidate, List<CompatibilityChecker.Versioned<Parsed>> history, CompatibilityLevel level) {
        return check(candidate, history, level, true);
    }

    /**
     * The registry's verdict ({@code every}: against every version the level covers, not only up to the first failing
     * one).
     */
    public static CompatibilityResult check(
            Parsed candidate,
            List<CompatibilityChecker.Versioned<Parsed>> history,
            CompatibilityLevel level,
            boolean every) {
        return CompatibilityChecker.check(history, level, every, (old, version, direction) -> {
            boolean backward = direction == Incompatibility.Direction.BACKWARD;
            List<JsonSchemaDiff.Difference> found = backward
                    ? JsonSchemaDiff.compare(old.root(), candidate.root())
                    : JsonSchemaDiff.compare(candidate.root(), old.root());
            List<Incompatibility> out = new ArrayList<>();
            for (JsonSchemaDiff.Difference d : found) {
                if (!d.change().compatible()) {
                    out.add(new Incompatibility(
                            d.change().name(),
                            d.path(),
                            version,
                            direction,
                            d.change().describe(d.path(), backward)));
                }
            }
            return out;
        });
    }

    /**
     * Versions numbered as the registry stores them (an equal compact text with equal references is no new version).
     */
    public static List<CompatibilityChecker.Versioned<Parsed>> versions(List<Parsed> history) {
        Map<String, Parsed> unique = new LinkedHashMap<>();
        history.forEach(p -> unique.putIfAbsent(INSTANCE.identity(p), p));
        List<CompatibilityChecker.Versioned<Parsed>> out = new ArrayList<>();
        unique.values().forEach(p -> out.add(new CompatibilityChecker.Versioned<>(out.size() + 1, p)));
        return out;
    }

    /**
     * The path is a JSON pointer into both schemas ({@code #/properties/a}): the new file's line for it, or its
     * nearest parent's.
     */
    @Override
    public int line(String text, Parsed candidate, Incompatibility problem, String oldText) {
        String path = problem.path() == null || !problem.path().startsWith("#")
                ? ""
                : problem.path().substring(1);
        JsonLines lines = JsonLines.of(text);
        while (true) {
            if (path.isEmpty() || path.equals("/")) {
                return 1;
            }
            if (!candidate.document().at(path).isMissingNode()) {
                return lines.line(path);
            }
            path = path.substring(0, path.lastIndexOf('/'));
        }
    }
}
