package dev.evctl.schema;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/** Avro for the gate: named types from referenced schemas, Avro's own reader/writer rules, lines by JSON path. */
final class AvroFormat implements SchemaFormat<Schema> {

    static final AvroFormat INSTANCE = new AvroFormat();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CompatibilityChecker CHECKER = new CompatibilityChecker();

    private AvroFormat() {}

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public Schema parseFile(Path file, String text, List<Referenced> referenced) {
        try {
            JSON.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new SchemaCheck.InvalidFile(
                    file,
                    line,
                    "invalid JSON: "
                            + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        try {
            return parse(text, referenced);
        } catch (InvalidSchemaException e) {
            AvroSchemas.Located at = AvroSchemas.locate(text, e);
            throw new SchemaCheck.InvalidFile(file, at.line(), "invalid schema: " + at.reason());
        }
    }

    @Override
    public Schema parse(String text, List<Referenced> referenced) {
        return AvroSchemas.parse(text, referenced.stream().map(Referenced::text).toList())
                .schema();
    }

    @Override
    public String identity(Schema schema) {
        return AvroSchemas.canonical(schema);
    }

    @Override
    public CompatibilityResult checkEvery(
            Schema candidate, List<CompatibilityChecker.Versioned<Schema>> history, CompatibilityLevel level) {
        return CHECKER.checkEvery(
                candidate,
                history.stream()
                        .map(v -> new CompatibilityChecker.Version(v.version(), v.schema()))
                        .toList(),
                level);
    }

    /**
     * A backward problem's path is in the new schema (the reader); a forward problem's is in the
     * old one, so it is followed there and the same field is found in the new file by name — or
     * the file itself (line 1) when it is gone.
     */
    @Override
    public int line(String text, Schema candidate, Incompatibility i, String oldText) {
        JsonLines lines = JsonLines.of(text);
        if (i.direction() == Incompatibility.Direction.BACKWARD
                || oldText == null
                || i.type().equals("INVALID_SCHEMA")) {
            return lines.line(i.path());
        }
        String translated = JsonLines.translate(oldText, text, i.path());
        if (translated == null) {
            return i.direction() == null ? lines.line(i.path()) : 1;
        }
        return lines.line(translated);
    }
}
