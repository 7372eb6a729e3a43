package dev.evctl.core.tail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evctl.core.EvctlException;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.burt.jmespath.parser.ParseException;
import org.apache.kafka.common.header.Header;

/**
 * Decides which records tail shows: key regex, exact header values, and a JMESPath condition on
 * the JSON value (records whose value is not JSON never match a condition).
 */
final class RecordFilter {

    /** The JMESPath runtime, made when a first expression is compiled (it sets up Jackson). */
    private static final class Jmes {
        static final JmesPath<JsonNode> RUNTIME = new JacksonRuntime();
    }

    private final Pattern keyMatch;
    private final Map<String, byte[]> headers;
    private final Expression<JsonNode> where;

    RecordFilter(String keyMatch, Map<String, String> headers, String where) {
        this.keyMatch = keyMatch == null ? null : compileRegex(keyMatch);
        this.headers = new LinkedHashMap<>();
        headers.forEach((k, v) -> this.headers.put(k, v.getBytes(StandardCharsets.UTF_8)));
        this.where = where == null ? null : compileJmesPath(where, "--where");
    }

    boolean isEmpty() {
        return keyMatch == null && headers.isEmpty() && where == null;
    }

    boolean accept(DecodedRecord r) {
        if (keyMatch != null) {
            String key = r.keyForMatch();
            if (key == null || !keyMatch.matcher(key).find()) {
                return false;
            }
        }
        for (Map.Entry<String, byte[]> wanted : headers.entrySet()) {
            boolean found = false;
            for (Header h : r.record.headers().headers(wanted.getKey())) {
                if (Arrays.equals(h.value(), wanted.getValue())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        if (where != null) {
            JsonNode value = r.valueJson();
            return value != null && truthy(where.search(value));
        }
        return true;
    }

    /** JMESPath truthiness: false, null, empty strings, arrays and objects are false. */
    static boolean truthy(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return false;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return !n.textValue().isEmpty();
        }
        if (n.isContainerNode()) {
            return !n.isEmpty();
        }
        return true;
    }

    static Expression<JsonNode> compileJmesPath(String expression, String option) {
        try {
            return Jmes.RUNTIME.compile(expression);
        } catch (ParseException e) {
            throw EvctlException.usage("invalid " + option + " expression '" + expression + "': "
                    + e.getMessage().lines().findFirst().orElse("JMESPath syntax error"));
        }
    }

    private static Pattern compileRegex(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw EvctlException.usage("invalid --key-match regex '" + regex + "': " + e.getDescription());
        }
    }
}
