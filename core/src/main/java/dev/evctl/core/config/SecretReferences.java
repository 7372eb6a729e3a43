package dev.evctl.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.evctl.core.EvctlException;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:PATH}} references in property values, and
 * remembers every value it resolved so error messages can be scrubbed of them.
 */
public final class SecretReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|secret|token|credential|jaas\\.config|api[._-]?key|private|user\\.info).*");
    /** A JAAS option holding a secret: password="…", and OAuth's clientSecret="…" and the like. */
    private static final Pattern JAAS_PASSWORD =
            Pattern.compile("(?i)(\\b[\\w.]*(?:password|secret|token)[\\w.]*\\s*=\\s*\")([^\"]*)(\")");

    private static final Pattern URL_PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*:)([^/@]*)(@.*)$");

    private final Map<String, String> env;
    private final Set<String> resolvedSecrets = new LinkedHashSet<>();

    public SecretReferences(Map<String, String> env) {
        this.env = env;
    }

    /** True for property names whose values are secrets (passwords, tokens, JAAS configs). */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** True when the value holds a secret written in clear rather than only through references. */
    public static boolean holdsClearSecret(String key, String value) {
        if (value == null || !isSecretKey(key)) {
            return false;
        }
        if (key.toLowerCase().endsWith("user.info")) {
            // USER:PASSWORD: the user may be plain, the password must be a reference
            int colon = value.indexOf(':');
            return colon >= 0
                    && !REFERENCE.matcher(value.substring(colon + 1).trim()).matches();
        }
        if (key.toLowerCase().endsWith("jaas.config")) {
            Matcher m = JAAS_PASSWORD.matcher(value);
            while (m.find()) {
                if (!REFERENCE.matcher(m.group(2)).matches()) {
                    return true;
                }
            }
            return false;
        }
        return !REFERENCE.matcher(value.trim()).matches();
    }

    /** True when a URL carries a password in its user info ({@code https://user:password@host}). */
    public static boolean urlHoldsPassword(String url) {
        return url != null && URL_PASSWORD.matcher(url).matches();
    }

    /** The URL as it may be shown: a password in its user info replaced by {@code ****}. */
    public static String redactUrl(String url) {
        if (!urlHoldsPassword(url)) {
            return url;
        }
        return URL_PASSWORD
                .matcher(url)
                .replaceFirst(mr -> Matcher.quoteReplacement(mr.group(1) + "****" + mr.group(3)));
    }

    /** The value as it may be shown: references kept, secrets in clear replaced by {@code ****}. */
    public static String redact(String key, String value) {
        if (!holdsClearSecret(key, value)) {
            return value;
        }
        if (key.toLowerCase().endsWith("user.info")) {
            return value.substring(0, value.indexOf(':') + 1) + "****";
        }
        if (key.toLowerCase().endsWith("jaas.config")) {
            return JAAS_PASSWORD
                    .matcher(value)
                    .replaceAll(mr -> REFERENCE.matcher(mr.group(2)).matches()
                            ? Matcher.quoteReplacement(mr.group())
                            : Matcher.quoteReplacement(mr.group(1) + "****" + mr.group(3)));
        }
        return "****";
    }

    /** Every value with its references replaced; {@code where} names the source for errors. */
    public Map<String, String> resolveAll(Map<String, String> properties, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, resolve(k, v, where)));
        return out;
    }

    public String resolve(String key, String value, String where) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = switch (m.group(1)) {
                case "env" -> {
                    String v = env.get(m.group(2));
                    if (v == null) {
                        throw EvctlException.usage("property '" + key + "' in " + where + " refers to ${env:"
                                + m.group(2) + "}, which is not set");
                    }
                    yield v;
                }
                default -> readFile(key, m.group(2), where);
            };
            if (isSecretKey(key)) {
                resolvedSecrets.add(resolved);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Replaces every secret this resolver produced with {@code ****}; for error messages. */
    public String scrub(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String secret : resolvedSecrets) {
            if (secret.length() >= 3) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }

    private static String readFile(String key, String path, String where) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (NoSuchFileException e) {
            throw EvctlException.usage(
                    "property '" + key + "' in " + where + " refers to ${file:" + path + "}, which does not exist");
        } catch (IOException e) {
            throw EvctlException.usage("property '" + key + "' in " + where + " refers to ${file:" + path
                    + "}, which cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
