package dev.evctl.schema;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/** Finds the line of a JSON pointer ({@code /fields/2/type}) in a schema file's text. */
public final class JsonLines {

    private final Map<String, Integer> lines = new HashMap<>();

    private JsonLines() {
    }

    /** Indexes the text; unparseable text yields an index that answers line 1. */
    public static JsonLines of(String text) {
        JsonLines index = new JsonLines();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    pointer = p.getParsingContext().getParent() == null ? "" : p.getParsingContext().getParent().pathAsPointer().toString();
                }
                index.lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // keep what was indexed before the error
        }
        return index;
    }

    /** The line of the pointer, or of its nearest indexed ancestor; 1 when nothing matches. */
    public int line(String pointer) {
        String p = pointer == null || pointer.equals("/") ? "" : pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }
}
