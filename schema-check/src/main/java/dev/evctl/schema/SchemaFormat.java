package dev.evctl.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What the gate needs of one kind of schema (Avro, Protobuf, JSON Schema): parse a file or a stored
 * version with the schemas it references, say when two versions are the same schema, check a
 * candidate against a history at a level, and point a problem at a line of the new file. The gate
 * ({@link SchemaCheck}) never asks which kind it holds.
 *
 * @param <S> the parsed form
 */
public interface SchemaFormat<S> {

    /**
     * A schema another one uses: its reference name (an Avro type name, an import path, a {@code $ref}), text and
     * registry origin.
     */
    record Referenced(String name, String text, String subject, Integer version) {}

    SchemaType type();

    /** A file's schema; an {@link SchemaCheck.InvalidFile} with the line (and column) of what is wrong. */
    S parseFile(Path file, String text, List<Referenced> referenced);

    /** A stored version's schema; {@link InvalidSchemaException} when it is not valid. */
    S parse(String text, List<Referenced> referenced);

    /** Equal for two versions the registry would store as one (its deduplication). */
    String identity(S schema);

    /** Every problem against every version the level covers (the first failing version's first). */
    CompatibilityResult checkEvery(
            S candidate, List<CompatibilityChecker.Versioned<S>> history, CompatibilityLevel level);

    /** The line of the new file a problem is about ({@code oldText}: the version it was found against, when known). */
    int line(String text, S candidate, Incompatibility problem, String oldText);

    /** A schema type evctl cannot check here; a usage error with the way around it. */
    final class UnsupportedFormatException extends IllegalArgumentException {
        public UnsupportedFormatException(String message) {
            super(message);
        }
    }
}
