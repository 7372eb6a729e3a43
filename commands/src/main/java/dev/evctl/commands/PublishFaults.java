package dev.evctl.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.evctl.core.EvctlException;
import dev.evctl.core.publish.Faults;
import dev.evctl.schema.registry.RegistryClient;
import dev.evctl.schema.registry.RegistryException;
import picocli.CommandLine.Option;

/** publish's faults on purpose: duplicates, disorder and poison, to test consumers. */
final class PublishFaults {

    /** Where an unknown-schema-id poison record points: high above any id a registry hands out, checked absent. */
    static final int UNKNOWN_ID_BASE = 2_000_000_000;

    @Option(
            names = "--duplicates",
            paramLabel = "FRACTION",
            description = "Send this fraction of the records twice (the copy identical in key, value and headers), as"
                    + " at-least-once delivery does; copies come on top of --count. Listed in -o json's injections.")
    double duplicates;

    @Option(
            names = "--duplicate-delay",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Send each copy up to this long after its original (a random share of it), so that a"
                    + " consumer sees it in another poll (default: right after).")
    Duration duplicateDelay;

    @Option(
            names = "--reorder",
            paramLabel = "FRACTION",
            description = "Hold this fraction of the keyed records back until the next record of the same key has"
                    + " been sent, so per-key order breaks as a retry breaks it (a record whose key never comes"
                    + " again is sent in order, and not counted).")
    double reorder;

    @Option(
            names = "--poison",
            paramLabel = "FRACTION",
            description = "Replace this fraction of the records by records a consumer must reject: JSON cut short,"
                    + " Avro and JSON Schema values cut short after the schema id, Protobuf values given a field"
                    + " whose bytes are missing.")
    double poison;

    @Option(
            names = "--poison-kinds",
            paramLabel = "KIND",
            split = ",",
            description = "With --poison: truncated (the default), unknown-schema-id (a schema id the registry does"
                    + " not have), no-magic-byte (the value without the registry's framing); several are mixed.")
    List<String> poisonKinds = new ArrayList<>();

    boolean any() {
        return duplicates != 0 || reorder != 0 || poison != 0;
    }

    /** The faults asked for, or null for none; usage errors for what cannot be done. */
    Faults faults(PublishEncoding.Encoding format, Long seed, Supplier<RegistryClient> registry) {
        fraction("--duplicates", duplicates);
        fraction("--reorder", reorder);
        fraction("--poison", poison);
        if (duplicateDelay != null && duplicates == 0) {
            throw EvctlException.usage("--duplicate-delay goes with --duplicates");
        }
        if (duplicateDelay != null && duplicateDelay.isNegative()) {
            throw EvctlException.usage("--duplicate-delay must not be negative");
        }
        if (!poisonKinds.isEmpty() && poison == 0) {
            throw EvctlException.usage("--poison-kinds goes with --poison");
        }
        if (!any()) {
            return null;
        }
        List<Faults.PoisonKind> kinds = new ArrayList<>();
        for (String k : poisonKinds) {
            try {
                kinds.add(Faults.PoisonKind.parse(k.trim()));
            } catch (IllegalArgumentException e) {
                throw EvctlException.usage("--poison-kinds: " + e.getMessage());
            }
        }
        Faults.Values values = switch (format) {
            case avro -> Faults.Values.AVRO;
            case protobuf -> Faults.Values.PROTOBUF;
            case json_schema -> Faults.Values.JSON_SCHEMA;
            default -> Faults.Values.JSON;
        };
        if (!values.framed && kinds.stream().anyMatch(k -> k != Faults.PoisonKind.TRUNCATED)) {
            throw EvctlException.usage("--poison-kinds unknown-schema-id and no-magic-byte need values framed for the"
                    + " registry: --value-format avro, protobuf or json-schema");
        }
        int unknownId = kinds.contains(Faults.PoisonKind.UNKNOWN_SCHEMA_ID) ? unknownId(registry.get()) : 0;
        return new Faults(
                duplicates,
                duplicateDelay,
                reorder,
                poison,
                kinds,
                values,
                unknownId,
                seed != null ? seed : System.nanoTime());
    }

    private static void fraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw EvctlException.usage(option + " is a fraction from 0 to 1 (0.05 for 5 %), got " + value);
        }
    }

    /** A schema id the registry answers 404 for. */
    private static int unknownId(RegistryClient registry) {
        for (int id = UNKNOWN_ID_BASE; id < UNKNOWN_ID_BASE + 100; id++) {
            try {
                registry.schema(id);
            } catch (RegistryException e) {
                if (e.status() == 404) {
                    return id;
                }
                throw e;
            }
        }
        throw EvctlException.usage("--poison-kinds unknown-schema-id: the registry has schema ids " + UNKNOWN_ID_BASE
                + " to " + (UNKNOWN_ID_BASE + 99) + "; no unknown id found");
    }
}
