package dev.evctl.commands;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import picocli.CommandLine.Option;

/** {@code -o text|json|yaml} for listings and results: json and yaml carry the same field names. */
public final class OutputOptions {

    /** Output forms of listings and results. */
    public enum Format {
        text,
        json,
        yaml
    }

    /** Made on first use only: every command holds this mixin, and start-up must not pay for Jackson. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    /** Structured output (json or yaml) instead of text (named so: it is true for yaml too). */
    public boolean structured() {
        return format != Format.text;
    }

    /** Prints the value as one JSON document, or as YAML with {@code -o yaml}. */
    public void print(PrintWriter out, Object value) {
        if (format != Format.yaml) {
            Json.print(out, value);
            return;
        }
        try {
            out.print(Yaml.MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render YAML: " + e.getOriginalMessage(), e);
        }
    }
}
