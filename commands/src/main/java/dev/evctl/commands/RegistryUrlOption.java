package dev.evctl.commands;

import picocli.CommandLine.Option;

/** {@code --registry-url}: one declaration, one description, for every command that reads or writes framed values. */
public final class RegistryUrlOption {

    @Option(
            names = "--registry-url",
            paramLabel = "URL",
            description = "Schema registry (default: EVCTL_REGISTRY_URL, else the context's).")
    String url;

    /** The URL given, or null: {@link SessionClients} then takes EVCTL_REGISTRY_URL or the context's. */
    public String url() {
        return url;
    }
}
