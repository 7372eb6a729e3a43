package dev.evctl.core.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.evctl.core.EvctlException;

/** The whole config file: named contexts and which one is current. Immutable; edits return a copy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Config(
        @JsonProperty("current-context") String currentContext,
        @JsonProperty("contexts") Map<String, ContextConfig> contexts) {

    public Config {
        contexts = contexts == null ? Map.of() : new TreeMap<>(contexts);
    }

    public static Config empty() {
        return new Config(null, Map.of());
    }

    public Optional<ContextConfig> context(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    /** The named context, or a NOT_FOUND error that lists the known ones. */
    public ContextConfig requireContext(String name) {
        ContextConfig context = contexts.get(name);
        if (context == null) {
            throw EvctlException.notFound("unknown context '" + name + "'; known: "
                    + (contexts.isEmpty() ? "none" : String.join(", ", contexts.keySet()))
                    + " — see `evctl config get-contexts`");
        }
        return context;
    }

    public Config withContext(String name, ContextConfig context) {
        Map<String, ContextConfig> copy = new TreeMap<>(contexts);
        copy.put(name, context);
        return new Config(currentContext, copy);
    }

    public Config withoutContext(String name) {
        Map<String, ContextConfig> copy = new TreeMap<>(contexts);
        copy.remove(name);
        return new Config(name.equals(currentContext) ? null : currentContext, copy);
    }

    public Config withCurrentContext(String name) {
        return new Config(name, contexts);
    }
}
