package dev.evctl.schema;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Finds the line of a JSON pointer ({@code /fields/2/type}) in a schema file's text. */
public final class JsonLines {

    private final Map<String, Integer> lines = new HashMap<>();

    private JsonLines() {}

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
                    pointer = p.getParsingContext().getParent() == null
                            ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString();
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

    /**
     * The pointer into {@code newText} of what {@code pointer} names in {@code oldText}: fields are
     * matched by name (their index may differ), other steps as they are; where the new schema's
     * shape differs, the deepest step still found. Null when a field on the way is gone from the
     * new schema (or a text is not JSON).
     */
    public static String translate(String oldText, String newText, String pointer) {
        JsonNode oldNode;
        JsonNode newNode;
        try {
            var json = new ObjectMapper();
            oldNode = json.readTree(oldText);
            newNode = json.readTree(newText);
        } catch (IOException e) {
            return null;
        }
        if (oldNode == null || newNode == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        String previous = "";
        for (String step : pointer == null ? new String[0] : pointer.split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (oldNode.isArray() && step.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(step);
                if (index >= oldNode.size()) {
                    break;
                }
                JsonNode oldItem = oldNode.get(index);
                int newIndex = index;
                if (previous.equals("fields")) {
                    String name = oldItem.path("name").asText(null);
                    newIndex = -1;
                    for (int j = 0; name != null && newNode.isArray() && j < newNode.size(); j++) {
                        if (name.equals(newNode.get(j).path("name").asText(null))) {
                            newIndex = j;
                        }
                    }
                    if (newIndex < 0) {
                        return null; // the field is gone from the new schema
                    }
                }
                if (!newNode.isArray() || newIndex >= newNode.size()) {
                    break;
                }
                oldNode = oldItem;
                newNode = newNode.get(newIndex);
                out.append('/').append(newIndex);
            } else if (oldNode.isObject() && newNode.isObject() && oldNode.has(step) && newNode.has(step)) {
                oldNode = oldNode.get(step);
                newNode = newNode.get(step);
                out.append('/').append(step);
            } else {
                break; // the shape differs from here: the deepest common step
            }
            previous = step;
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
