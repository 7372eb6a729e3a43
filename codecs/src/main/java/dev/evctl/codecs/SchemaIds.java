package dev.evctl.codecs;

import java.util.List;

import dev.evctl.core.EvctlException;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;

/** The id a producer frames values with: the schema registered under its subject, or found there. */
public final class SchemaIds {

    private SchemaIds() {}

    /**
     * Registers the schema under {@code subject} (the registry returns the existing id for a schema
     * it holds), or with {@code autoRegister} off only looks it up: a schema not registered yet is
     * then a not-found error that says how to register it.
     */
    public static int registerOrFind(
            RegistryClient registry,
            String subject,
            String schemaType,
            String text,
            List<RegistryClient.Reference> references,
            boolean autoRegister) {
        try {
            return autoRegister
                    ? registry.register(subject, schemaType, text, references, false)
                    : registry.lookup(subject, schemaType, text, references, false)
                            .id();
        } catch (RegistryException e) {
            if (!autoRegister && (e.errorCode() == 40401 || e.errorCode() == 40403)) {
                throw EvctlException.notFound("the schema is not registered under subject '" + subject
                        + "' and --no-auto-register is set: register it with `evctl schema register " + subject
                        + " -f FILE`");
            }
            throw RegistryErrors.translate(e);
        }
    }

    /**
     * A schema taken from the registry (by id or subject) must be of the type being written; else one line naming
     * what it holds and the --value-format that writes it. {@code schemaType} null is the registry's AVRO.
     */
    public static void requireType(String schemaType, String wanted, String what) {
        String held = schemaType == null ? "AVRO" : schemaType;
        if (!held.equals(wanted)) {
            throw EvctlException.badInput(what + " holds " + held + " schemas, not " + wanted + ": use --value-format "
                    + switch (held) {
                        case "PROTOBUF" -> "protobuf";
                        case "JSON" -> "json-schema";
                        default -> "avro";
                    });
        }
    }
}
