package dev.evctl.commands.schema;

import java.util.List;

import dev.evctl.schema.registry.RegistryClient.Reference;

/**
 * The documents the registry commands print with {@code -o json|yaml}: one record each, so a field is named once
 * and comes in this order (pinned in {@code SchemaRegistryCommandsTest}).
 */
final class SchemaJson {

    private SchemaJson() {}

    /** {@code schema get}. */
    record Version(String subject, int version, int id, String schemaType, List<Reference> references, String schema) {}

    /** One row of {@code schema list}. */
    record Subject(String subject) {}

    /** {@code schema versions}. */
    record Versions(String subject, List<Integer> versions) {}

    /** {@code schema register}. */
    record Registered(String subject, int id) {}
}
