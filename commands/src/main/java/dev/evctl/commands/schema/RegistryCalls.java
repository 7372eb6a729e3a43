package dev.evctl.commands.schema;

import java.util.function.Supplier;

import dev.evctl.codecs.RegistryErrors;
import dev.evctl.schema.registry.RegistryException;

/** Runs a registry call and turns its error into the documented exit code. */
final class RegistryCalls {

    private RegistryCalls() {}

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryException e) {
            throw RegistryErrors.translate(e);
        }
    }
}
