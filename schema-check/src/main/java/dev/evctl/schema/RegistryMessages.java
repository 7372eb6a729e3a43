package dev.evctl.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the pseudo-JSON reason strings of the registry's verbose compatibility answer:
 * {@code {errorType:'…', description:'…', additionalInfo:'…'}} per problem, then
 * {@code {oldSchemaVersion: N}} (missing in some FULL answers), {@code {oldSchema: '…'}} and
 * {@code {validateFields: …}}.
 */
public final class RegistryMessages {

    private static final Pattern PROBLEM = Pattern.compile("^\\{errorType:'([A-Z_]+)', description:'(.*)', additionalInfo:'(.*)'}$",
            Pattern.DOTALL);
    private static final Pattern PATH = Pattern.compile("at path '([^']*)'");
    private static final Pattern OLD_VERSION = Pattern.compile("^\\{oldSchemaVersion: (\\d+)}$");

    private RegistryMessages() {
    }

    public static List<Incompatibility> parse(List<String> messages) {
        List<String[]> problems = new ArrayList<>();
        int oldVersion = 0;
        for (String m : messages) {
            Matcher p = PROBLEM.matcher(m.trim());
            if (p.matches()) {
                problems.add(new String[] {p.group(1), p.group(2)});
                continue;
            }
            Matcher v = OLD_VERSION.matcher(m.trim());
            if (v.matches()) {
                oldVersion = Integer.parseInt(v.group(1));
                continue;
            }
            if (m.startsWith("Invalid schema") || m.startsWith("Empty schema")) {
                problems.add(new String[] {"INVALID_SCHEMA", m});
            }
        }
        List<Incompatibility> out = new ArrayList<>();
        for (String[] p : problems) {
            Matcher path = PATH.matcher(p[1]);
            out.add(new Incompatibility(p[0], path.find() ? path.group(1) : "/", oldVersion, null, p[1]));
        }
        return out;
    }
}
