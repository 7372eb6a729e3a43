package dev.evctl.commands.schema;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.evctl.core.EvctlException;
import dev.evctl.schema.SchemaCheck;
import dev.evctl.schema.registry.RegistryClient;

/** The {@code --reference} values of the schema commands, read in one place. */
public final class ReferenceSpecs {

    private ReferenceSpecs() {}

    /**
     * NAME=FILE when the value names an existing file or ends in .avsc, .proto or .json, else NAME=SUBJECT[:VERSION].
     */
    public static SchemaCheck.Reference local(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw EvctlException.usage(
                    "invalid --reference '" + spec + "': expected NAME=FILE or NAME=SUBJECT[:VERSION]");
        }
        String name = spec.substring(0, eq);
        String value = spec.substring(eq + 1);
        if (value.matches(".*\\.(avsc|proto|json)$") || Files.isRegularFile(Path.of(value))) {
            return new SchemaCheck.Reference(name, null, null, Path.of(value));
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return new SchemaCheck.Reference(name, value, null, null);
        }
        try {
            return new SchemaCheck.Reference(
                    name, value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)), null);
        } catch (NumberFormatException e) {
            throw EvctlException.usage("invalid --reference '" + spec + "': VERSION must be a number");
        }
    }

    /** NAME=SUBJECT:VERSION, as {@code schema register} takes it (the registry resolves it). */
    static RegistryClient.Reference registry(String spec) {
        int eq = spec.indexOf('=');
        int colon = spec.lastIndexOf(':');
        if (eq <= 0 || colon < eq) {
            throw EvctlException.usage("invalid --reference '" + spec + "': expected NAME=SUBJECT:VERSION");
        }
        try {
            return new RegistryClient.Reference(
                    spec.substring(0, eq), spec.substring(eq + 1, colon), Integer.parseInt(spec.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw EvctlException.usage("invalid --reference '" + spec + "': VERSION must be a number");
        }
    }
}
