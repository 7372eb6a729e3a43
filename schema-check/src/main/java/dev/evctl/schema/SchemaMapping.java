package dev.evctl.schema;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A repository's declaration of its schemas ({@code evctl-schemas.yaml}), so CI names them once:
 *
 * <pre>
 * schemas:
 *   - subject: orders-value
 *     file: schemas/order.avsc
 *   - files: "schemas/events/*.avsc"     # a glob; each file's subject is its name + suffix
 *     subject-suffix: "-value"
 *   - subject: invoices-value
 *     file: schemas/invoice.avsc
 *     references:                         # named types defined in other schemas, dependencies first
 *       - name: com.example.Customer
 *         file: schemas/customer.avsc     # for offline checks (and before the registry has it)
 *         subject: customers-value        # the registry's subject; version: N (default: latest)
 * </pre>
 *
 * Paths are relative to the mapping file's directory.
 */
public final class SchemaMapping {

    public static final String DEFAULT_FILE = "evctl-schemas.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SchemaMapping() {
    }

    /** The subjects and files it declares, in order; {@link IllegalArgumentException} names what is wrong and where. */
    public static List<SchemaCheck.Target> read(Path mappingFile) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(mappingFile));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(mappingFile + " does not exist");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(mappingFile + ":" + line + ": invalid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + mappingFile + ": " + e.getMessage());
        }
        JsonNode entries = root == null ? null : root.get("schemas");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException(mappingFile + ": expected a non-empty list under 'schemas'");
        }
        Path base = mappingFile.toAbsolutePath().getParent();
        List<SchemaCheck.Target> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String where = mappingFile + ": schemas[" + i + "]";
            if (e.hasNonNull("file")) {
                if (!e.hasNonNull("subject")) {
                    throw new IllegalArgumentException(where + ": 'file' needs a 'subject'");
                }
                out.add(new SchemaCheck.Target(e.get("subject").asText(), base.resolve(e.get("file").asText()),
                        references(e.path("references"), base, where)));
            } else if (e.hasNonNull("files")) {
                String suffix = e.path("subject-suffix").asText("-value");
                List<Path> matched = glob(base, e.get("files").asText());
                if (matched.isEmpty()) {
                    throw new IllegalArgumentException(where + ": no file matches '" + e.get("files").asText() + "'");
                }
                matched.forEach(p -> out.add(new SchemaCheck.Target(p.getFileName().toString().replaceFirst("\\.avsc$", "") + suffix, p)));
            } else {
                throw new IllegalArgumentException(where + ": needs 'subject' and 'file', or 'files' (a glob)");
            }
        }
        return out;
    }

    private static List<SchemaCheck.Reference> references(JsonNode refs, Path base, String where) {
        List<SchemaCheck.Reference> out = new ArrayList<>();
        for (int j = 0; j < refs.size(); j++) {
            JsonNode r = refs.get(j);
            String at = where + ".references[" + j + "]";
            if (!r.hasNonNull("name")) {
                throw new IllegalArgumentException(at + ": needs 'name' (the full name of the referenced type)");
            }
            if (!r.hasNonNull("file") && !r.hasNonNull("subject")) {
                throw new IllegalArgumentException(at + ": needs 'file', 'subject' or both");
            }
            if (r.has("version") && !r.get("version").canConvertToInt()) {
                throw new IllegalArgumentException(at + ": 'version' must be a number");
            }
            out.add(new SchemaCheck.Reference(r.get("name").asText(), r.hasNonNull("subject") ? r.get("subject").asText() : null,
                    r.hasNonNull("version") ? r.get("version").asInt() : null,
                    r.hasNonNull("file") ? base.resolve(r.get("file").asText()) : null));
        }
        return out;
    }

    private static List<Path> glob(Path base, String pattern) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).filter(p -> matcher.matches(base.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + base + ": " + e.getMessage());
        }
    }
}
