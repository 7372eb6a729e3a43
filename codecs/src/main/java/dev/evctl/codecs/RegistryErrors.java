package dev.evctl.codecs;

import dev.evctl.core.EvctlException;
import dev.evctl.schema.registry.RegistryException;

/** Maps a schema registry error to the exit code class an operator's script branches on. */
public final class RegistryErrors {

    private RegistryErrors() {}

    /** Unreachable or refused credentials: connection; unknown: not found; 409: check failed; 422: bad input. */
    public static EvctlException translate(RegistryException e) {
        EvctlException.Kind kind = e.unreachable() || e.unauthorized()
                ? EvctlException.Kind.CONNECTION
                : e.notFound()
                        ? EvctlException.Kind.NOT_FOUND
                        : e.status() == 409
                                ? EvctlException.Kind.CHECK_FAILED
                                : e.status() == 422 ? EvctlException.Kind.BAD_INPUT : EvctlException.Kind.CONNECTION;
        return new EvctlException(kind, e.getMessage(), e);
    }
}
