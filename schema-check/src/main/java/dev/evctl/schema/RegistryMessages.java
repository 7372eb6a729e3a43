package dev.evctl.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pseudo-JSON reason strings of the registry's verbose compatibility answer, as a real
 * Confluent Schema Registry 7.9.9 words them: {@code {errorType:'…', description:'…',
 * additionalInfo:'…'}} per problem, then {@code {oldSchemaVersion: N}} and {@code {oldSchema:
 * '…'}} (missing under FULL levels when every problem is in the forward direction) and
 * {@code {validateFields: …}}.
 *
 * <p>The description says which schema reads which: "… in the old schema has no default value and
 * is missing in the new schema", "The type (path '/fields/0/type') of a field in the old schema
 * does not match with the new schema", "The old schema is missing enum symbols …": the schema
 * named first is the reader — the old one for a forward problem (readers on the old version
 * cannot read new data), the new one for a backward problem — and the path is in the reader. The
 * additionalInfo is Avro's own sentence ("reader type: INT not compatible with writer type:
 * LONG"), the message evctl's own engine gives.
 */
public final class RegistryMessages {

    private static final Pattern PROBLEM =
            Pattern.compile("^\\{errorType:'([A-Z_]+)', description:'(.*)', additionalInfo:'(.*)'}$", Pattern.DOTALL);
    /** "(path '/x')" and "at path '/x'", the two ways the registry names a path. */
    private static final Pattern PATH = Pattern.compile("(?:at path|\\(path) '(/[^']*)'");
    /**
     * The reader: "in the old schema has no default", "of a field in the new schema", "The old schema is missing",
     * "in the old schema does not match".
     */
    private static final Pattern READER = Pattern.compile(
            "^The (old|new) schema is missing|(?:field|FIXED type field) .* in the (old|new) schema (?:has no "
                    + "default|does not match)"
                    + "|of a field in the (old|new) schema does not match");
    /**
     * Protobuf's form: double quotes, no additionalInfo; the first schema its description names is the one read
     * through.
     */
    private static final Pattern PROTO_PROBLEM =
            Pattern.compile("^\\{errorType:\"([A-Z_]+)\", description:\"(.*)\"}$", Pattern.DOTALL);
    /** JSON Schema's form: like Protobuf's, but the registry closes the description with a single quote. */
    private static final Pattern JSON_SCHEMA_PROBLEM =
            Pattern.compile("^\\{errorType:\"([A-Z_]+)\", description:\"(.*)'}$", Pattern.DOTALL);

    private static final Pattern PROTO_PATH = Pattern.compile("'(#/[^']*)'");
    private static final Pattern PROTO_FIRST_SIDE = Pattern.compile("\\b(new|old)\\b");
    private static final Pattern OLD_VERSION = Pattern.compile("^\\{oldSchemaVersion: (\\d+)}$");
    private static final Pattern OLD_SCHEMA = Pattern.compile("^\\{oldSchema: '(.*)'}$", Pattern.DOTALL);

    private RegistryMessages() {}

    /**
     * What the answer says: the problems, and the old schema's text when it gives one (the version
     * the paths of forward problems point into).
     */
    public record Answer(List<Incompatibility> problems, String oldSchema) {}

    /** The problems, without knowing the level (directions the text leaves open stay null). */
    public static List<Incompatibility> parse(List<String> messages) {
        return read(messages, null).problems();
    }

    /**
     * Reads the answer to a check at {@code level} (null when unknown): each problem with its type,
     * path, direction, the version it breaks (0 when the registry does not say) and Avro's sentence.
     */
    public static Answer read(List<String> messages, CompatibilityLevel level) {
        List<String[]> problems = new ArrayList<>();
        int oldVersion = 0;
        String oldSchema = null;
        for (String raw : messages) {
            String m = raw.trim();
            Matcher p = PROBLEM.matcher(m);
            if (p.matches()) {
                problems.add(new String[] {p.group(1), p.group(2), p.group(3)});
                continue;
            }
            Matcher proto = PROTO_PROBLEM.matcher(m);
            if (proto.matches()) {
                problems.add(new String[] {proto.group(1), proto.group(2), null, "proto"});
                continue;
            }
            Matcher jsonSchema = JSON_SCHEMA_PROBLEM.matcher(m);
            if (jsonSchema.matches()) {
                problems.add(new String[] {jsonSchema.group(1), jsonSchema.group(2), null, "json"});
                continue;
            }
            Matcher v = OLD_VERSION.matcher(m);
            if (v.matches()) {
                oldVersion = Integer.parseInt(v.group(1));
                continue;
            }
            Matcher s = OLD_SCHEMA.matcher(m);
            if (s.matches()) {
                oldSchema = s.group(1);
                continue;
            }
            if (m.startsWith("Invalid schema") || m.startsWith("Empty schema")) {
                problems.add(new String[] {"INVALID_SCHEMA", m, null});
            }
        }
        List<Incompatibility> out = new ArrayList<>();
        List<Incompatibility.Direction> directions = new ArrayList<>();
        for (String[] p : problems) {
            directions.add(p.length > 3 ? protoDirection(p[1]) : direction(p[1], level));
        }
        if (level != null && level.forward() && level.backward()) {
            fullDirections(directions, oldVersion != 0);
        }
        for (int i = 0; i < problems.size(); i++) {
            String[] p = problems.get(i);
            Incompatibility.Direction d = directions.get(i);
            if (p[0].equals("INVALID_SCHEMA")) {
                out.add(new Incompatibility(p[0], "/", 0, null, p[1]));
                continue;
            }
            if (p.length > 3) {
                Matcher path = PROTO_PATH.matcher(p[1]);
                out.add(new Incompatibility(p[0], path.find() ? path.group(1) : "#/", oldVersion, d, p[1]));
                continue;
            }
            Matcher path = PATH.matcher(p[1]);
            String message = p[2] == null || p[2].isEmpty() ? p[1] : p[2];
            out.add(new Incompatibility(p[0], path.find() ? path.group(1) : "/", oldVersion, d, message));
        }
        return new Answer(out, oldSchema);
    }

    /**
     * Under FULL levels the registry lists forward problems before backward ones, and names a
     * version only when a backward problem is among them: a NAME_MISMATCH (whose text names no
     * reader) is forward when no version is named or a forward problem follows it, backward when
     * a backward one precedes it or it is the last and no other is backward; else it stays open.
     */
    private static void fullDirections(List<Incompatibility.Direction> directions, boolean versionNamed) {
        for (int i = 0; i < directions.size(); i++) {
            if (directions.get(i) != null) {
                continue;
            }
            boolean forwardAfter =
                    directions.subList(i + 1, directions.size()).contains(Incompatibility.Direction.FORWARD);
            boolean backwardBefore = directions.subList(0, i).contains(Incompatibility.Direction.BACKWARD);
            if (!versionNamed || forwardAfter) {
                directions.set(i, Incompatibility.Direction.FORWARD);
            } else if (backwardBefore
                    || i == directions.size() - 1 && !directions.contains(Incompatibility.Direction.BACKWARD)) {
                directions.set(i, Incompatibility.Direction.BACKWARD);
            }
        }
    }

    /** A Protobuf description names the schema read through first: the new one in a backward check. */
    private static Incompatibility.Direction protoDirection(String description) {
        Matcher m = PROTO_FIRST_SIDE.matcher(description);
        return !m.find()
                ? null
                : m.group(1).equals("new") ? Incompatibility.Direction.BACKWARD : Incompatibility.Direction.FORWARD;
    }

    /**
     * Which reader the description names; for a NAME_MISMATCH (it names none) the level's only direction, if it has
     * one.
     */
    private static Incompatibility.Direction direction(String description, CompatibilityLevel level) {
        Matcher r = READER.matcher(description);
        if (r.find()) {
            String reader = r.group(1) != null ? r.group(1) : r.group(2) != null ? r.group(2) : r.group(3);
            return reader.equals("old") ? Incompatibility.Direction.FORWARD : Incompatibility.Direction.BACKWARD;
        }
        if (level != null && level.forward() != level.backward()) {
            return level.forward() ? Incompatibility.Direction.FORWARD : Incompatibility.Direction.BACKWARD;
        }
        return null;
    }

    /**
     * The registry's wording of a problem found by evctl's engine (what the sandbox registry
     * answers), the inverse of {@link #read}.
     */
    public static String describe(Incompatibility i) {
        boolean forward = i.direction() == Incompatibility.Direction.FORWARD;
        String reader = forward ? "old" : "new";
        String writer = forward ? "new" : "old";
        String description = switch (i.type()) {
            case "READER_FIELD_MISSING_DEFAULT_VALUE" ->
                "The field '" + i.message() + "' at path '" + i.path() + "' in the " + reader
                        + " schema has no default value and is missing in the " + writer + " schema";
            // the real registry gives no path ('/') for a mismatch inside a union branch
            case "TYPE_MISMATCH" ->
                "The type (path '" + (i.path().matches(".*/\\d+") ? "/" : i.path()) + "') of a field in the " + reader
                        + " schema does not match with the " + writer + " schema";
            case "MISSING_ENUM_SYMBOLS" ->
                "The " + reader + " schema is missing enum symbols '" + i.message() + "' at path '" + i.path()
                        + "' in the " + writer + " schema";
            case "MISSING_UNION_BRANCH" ->
                "The " + reader + " schema is missing a type inside a union field at path '" + i.path() + "' in the "
                        + writer + " schema";
            case "FIXED_SIZE_MISMATCH" ->
                "The size of FIXED type field at path '" + i.path() + "' in the " + reader
                        + " schema does not match with the " + writer + " schema";
            case "NAME_MISMATCH" -> "The name of the schema has changed (path '" + i.path() + "')";
            default -> i.message() + " at path '" + i.path() + "'";
        };
        return "{errorType:'" + i.type() + "', description:'" + description + "', additionalInfo:'" + i.message()
                + "'}";
    }
}
