package dev.evctl.commands.schema;

import java.util.function.Supplier;

import dev.evctl.core.EvctlException;
import dev.evctl.schema.registry.RegistryException;

/** Runs a registry call and turns its error into the documented exit code. */
final class RegistryCalls {

    private RegistryCalls() {
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryException e) {
            EvctlException.Kind kind = e.unreachable() || e.unauthorized() ? EvctlException.Kind.CONNECTION
                    : e.notFound() ? EvctlException.Kind.NOT_FOUND
                    : e.status() == 409 ? EvctlException.Kind.CHECK_FAILED
                    : e.status() == 422 ? EvctlException.Kind.BAD_INPUT
                    : EvctlException.Kind.CONNECTION;
            throw new EvctlException(kind, e.getMessage(), e);
        }
    }
}
