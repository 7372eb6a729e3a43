package dev.evctl.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One named connection: bootstrap servers, Kafka client properties (SASL, TLS), and the schema
 * registry for later commands. Values may hold {@code ${env:NAME}} or {@code ${file:PATH}}
 * references, resolved only when a client is made.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContextConfig(
        @JsonProperty("bootstrap-servers") String bootstrapServers,
        @JsonProperty("properties") Map<String, String> properties,
        @JsonProperty("registry-url") String registryUrl,
        @JsonProperty("registry-properties") Map<String, String> registryProperties) {

    public ContextConfig {
        properties = properties == null ? Map.of() : new LinkedHashMap<>(properties);
        registryProperties = registryProperties == null ? Map.of() : new LinkedHashMap<>(registryProperties);
    }

    public static ContextConfig of(String bootstrapServers, Map<String, String> properties) {
        return new ContextConfig(bootstrapServers, properties, null, null);
    }
}
