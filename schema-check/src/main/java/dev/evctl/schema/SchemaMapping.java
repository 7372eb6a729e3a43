package dev.evctl.schema;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 *     level: FULL_TRANSITIVE              # offline checks; the registry's own level wins against a registry
 *   - subject: payments-value
 *     file: proto/payment.proto           # Protobuf (by the .proto name, or type: protobuf); references are imports
 *     type: protobuf                      # avro, protobuf or json; default: from the file
 * </pre>
 *
 * Paths are relative to the mapping file's directory. A key evctl does not know is an error with
 * its line (a misspelt {@code refrences:} must not drop the references unnoticed).
 */
public final class SchemaMapping {

    public static final String DEFAULT_FILE = "evctl-schemas.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SchemaMapping() {}

    private static final List<String> TOP_KEYS = List.of("schemas");
    private static final List<String> ENTRY_KEYS =
            List.of("subject", "file", "files", "subject-suffix", "references", "level", "type");
    private static final List<String> REFERENCE_KEYS = List.of("name", "subject", "version", "file");

    /** The subjects and files it declares, in order; {@link IllegalArgumentException} names what is wrong and where. */
    public static List<SchemaCheck.Target> read(Path mappingFile) {
        String text;
        try {
            text = Files.readString(mappingFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(mappingFile + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + mappingFile + ": " + e.getMessage());
        }
        Path base = mappingFile.toAbsolutePath().getParent();
        return parse(mappingFile, text, pattern -> glob(base, pattern));
    }

    /**
     * The subjects and files a mapping text declares, as if it were at {@code mappingFile}: paths resolve against its
     * directory, and {@code glob} lists the files a {@code files:} pattern matches there (the working tree, a
     * commit's tree, a baseline directory).
     */
    public static List<SchemaCheck.Target> parse(Path mappingFile, String text, Function<String, List<Path>> glob) {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            root = YAML.readTree(text);
            lines = lines(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(mappingFile + ":" + line + ": invalid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + mappingFile + ": " + e.getMessage());
        }
        if (root != null && root.isObject()) {
            knownKeys(root, "", TOP_KEYS, mappingFile, lines, "the top level");
        }
        JsonNode entries = root == null ? null : root.get("schemas");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException(mappingFile + ": expected a non-empty list under 'schemas'");
        }
        Path base = mappingFile.toAbsolutePath().getParent();
        List<SchemaCheck.Target> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            out.addAll(entry(entries.get(i), i, mappingFile, lines, glob));
        }
        Map<String, SchemaCheck.Target> bySubject = new HashMap<>();
        for (SchemaCheck.Target t : out) {
            SchemaCheck.Target first = bySubject.putIfAbsent(t.subject(), t);
            if (first != null) {
                // two globs (or a glob and a file) naming one subject: which file, level and references hold?
                throw new IllegalArgumentException(t.origin() + ": subject '" + t.subject() + "' ("
                        + base.normalize().relativize(t.file().toAbsolutePath().normalize())
                        + ") is declared already at " + first.origin()
                        + " ("
                        + base.normalize()
                                .relativize(first.file().toAbsolutePath().normalize()) + "): declare each"
                        + " subject once");
            }
        }
        return out;
    }

    /** One entry of {@code schemas}: a subject and its file, or a glob whose files each name their subject. */
    private static List<SchemaCheck.Target> entry(
            JsonNode e, int i, Path mappingFile, Map<String, Integer> lines, Function<String, List<Path>> glob) {
        Path base = mappingFile.toAbsolutePath().getParent();
        String pointer = "/schemas/" + i;
        String where = mappingFile + ":" + lines.getOrDefault(pointer, 0) + " (schemas[" + i + "])";
        if (!e.isObject()) {
            throw new IllegalArgumentException(where + ": expected 'subject' and 'file', or 'files' (a glob)");
        }
        knownKeys(e, pointer, ENTRY_KEYS, mappingFile, lines, "schemas[" + i + "]");
        CompatibilityLevel level =
                e.hasNonNull("level") ? setting(e, "level", i, mappingFile, lines, CompatibilityLevel::parse) : null;
        SchemaType type = e.hasNonNull("type") ? setting(e, "type", i, mappingFile, lines, SchemaType::parse) : null;
        List<SchemaCheck.Reference> references =
                references(e.path("references"), base, mappingFile, pointer, lines, "schemas[" + i + "]");
        if (e.hasNonNull("file")) {
            if (!e.hasNonNull("subject")) {
                throw new IllegalArgumentException(where + ": 'file' needs a 'subject'");
            }
            if (e.has("files")) {
                throw new IllegalArgumentException(where + ": 'file' or 'files', not both");
            }
            return List.of(new SchemaCheck.Target(
                    e.get("subject").asText(), base.resolve(e.get("file").asText()), references, where, level, type));
        }
        if (!e.hasNonNull("files")) {
            throw new IllegalArgumentException(where + ": needs 'subject' and 'file', or 'files' (a glob)");
        }
        if (e.has("subject")) {
            throw new IllegalArgumentException(where + ": 'files' names its subjects from the file names (with"
                    + " 'subject-suffix'): 'subject' goes with 'file'");
        }
        String suffix = e.path("subject-suffix").asText("-value");
        List<Path> matched = glob.apply(e.get("files").asText());
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(
                    where + ": no file matches '" + e.get("files").asText() + "'");
        }
        return matched.stream()
                .map(p -> new SchemaCheck.Target(subjectOf(p) + suffix, p, references, where, level, type))
                .toList();
    }

    /** An entry's {@code level} or {@code type}, read; one that is not valid names its line. */
    private static <T> T setting(
            JsonNode e, String key, int i, Path mappingFile, Map<String, Integer> lines, Function<String, T> read) {
        try {
            return read.apply(e.get(key).asText());
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(mappingFile + ":" + lines.getOrDefault("/schemas/" + i + "/" + key, 0)
                    + ": schemas[" + i + "]." + key + ": " + bad.getMessage());
        }
    }

    /** A subject named after its file: the file name without .avsc, .proto or .json. */
    public static String subjectOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.(avsc|proto|json)$", "");
    }

    /** The line of each key and list item, by JSON pointer ("/schemas/2/references"), first occurrence. */
    private static Map<String, Integer> lines(String text) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    out.putIfAbsent(
                            p.getParsingContext().pathAsPointer().toString(),
                            p.getTokenLocation().getLineNr());
                }
            }
        }
        return out;
    }

    /** An unknown key (a typo, or a setting evctl does not have) is an error with its line, never silently ignored. */
    private static void knownKeys(
            JsonNode node,
            String pointer,
            List<String> known,
            Path mappingFile,
            Map<String, Integer> lines,
            String where) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                String near = known.stream()
                        .filter(k -> distance(k, key) <= 2)
                        .findFirst()
                        .map(k -> " — did you mean '" + k + "'?")
                        .orElse(" (expected " + String.join(", ", known) + ")");
                throw new IllegalArgumentException(mappingFile + ":"
                        + lines.getOrDefault(
                                pointer + "/" + key.replace("~", "~0").replace("/", "~1"), 0) + ": unknown key '" + key
                        + "' in " + where + near);
            }
        });
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                current[j] = Math.min(
                        Math.min(current[j - 1], previous[j]) + 1,
                        previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<SchemaCheck.Reference> references(
            JsonNode refs, Path base, Path mappingFile, String pointer, Map<String, Integer> lines, String where) {
        List<SchemaCheck.Reference> out = new ArrayList<>();
        if (refs.isMissingNode() || refs.isNull()) {
            return out;
        }
        if (!refs.isArray()) {
            throw new IllegalArgumentException(mappingFile + ":" + lines.getOrDefault(pointer + "/references", 0) + ": "
                    + where + ".references: expected a list of {name, file and/or subject, version}");
        }
        for (int j = 0; j < refs.size(); j++) {
            JsonNode r = refs.get(j);
            String refPointer = pointer + "/references/" + j;
            String at = mappingFile + ":" + lines.getOrDefault(refPointer, 0) + ": " + where + ".references[" + j + "]";
            if (!r.isObject()) {
                throw new IllegalArgumentException(at + ": expected name, file and/or subject, version");
            }
            knownKeys(r, refPointer, REFERENCE_KEYS, mappingFile, lines, where + ".references[" + j + "]");
            if (!r.hasNonNull("name")) {
                throw new IllegalArgumentException(at + ": needs 'name' (the full name of the referenced type)");
            }
            if (!r.hasNonNull("file") && !r.hasNonNull("subject")) {
                throw new IllegalArgumentException(at + ": needs 'file', 'subject' or both");
            }
            if (r.has("version") && !r.get("version").canConvertToInt()) {
                throw new IllegalArgumentException(at + ": 'version' must be a number");
            }
            out.add(new SchemaCheck.Reference(
                    r.get("name").asText(),
                    r.hasNonNull("subject") ? r.get("subject").asText() : null,
                    r.hasNonNull("version") ? r.get("version").asInt() : null,
                    r.hasNonNull("file") ? base.resolve(r.get("file").asText()) : null));
        }
        return out;
    }

    static List<Path> glob(Path base, String pattern) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + base + ": " + e.getMessage());
        }
    }
}
