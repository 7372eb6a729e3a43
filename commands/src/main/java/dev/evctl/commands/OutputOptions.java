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

    /** How a result type is shown as text; its JSON and YAML come from its record components. */
    @FunctionalInterface
    public interface TextRenderer<T> {
        void render(T value, PrintWriter out);
    }

    /**
     * Prints a result in the format asked for: with {@code -o text} through its text renderer, else as its JSON or
     * YAML document. The one place that chooses between them: a new general format is a change here only.
     */
    public <T> void show(PrintWriter out, T value, TextRenderer<? super T> text) {
        if (format == Format.text) {
            text.render(value, out);
            out.flush();
        } else {
            print(out, value);
        }
    }

    /**
     * For results whose text is a summary on stderr: the JSON or YAML document on {@code out} with {@code -o json|yaml},
     * nothing with {@code -o text}.
     */
    public void document(PrintWriter out, Object value) {
        if (format != Format.text) {
            print(out, value);
        }
    }

    /** Prints the value as one JSON document, or as YAML with {@code -o yaml}. */
    public void print(PrintWriter out, Object value) {
        print(out, value, format);
    }

    /**
     * Prints the value as one JSON document, or as YAML for {@code yaml}: for commands whose {@code -o} has formats
     * of its own beside these (schema check's junit and github).
     */
    public static void print(PrintWriter out, Object value, Format format) {
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
