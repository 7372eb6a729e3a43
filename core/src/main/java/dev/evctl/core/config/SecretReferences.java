package dev.evctl.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
            "(?i).*(password|secret|token|credential|jaas\\.config|api[._-]?key|private|user\\.info|keystore\\.key).*");
    /** A JAAS option holding a secret: password="…", and OAuth's clientSecret="…" and the like. */
    private static final Pattern JAAS_PASSWORD =
            Pattern.compile("(?i)(\\b[\\w.]*(?:password|secret|token)[\\w.]*\\s*=\\s*\")([^\"]*)(\")");

    /** The user info of a URL anywhere in a text: {@code scheme://user:password@} or {@code scheme://token@}. */
    private static final Pattern URL_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s'\"]+)@");

    private static final Pattern URL_PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*:)([^/@]*)(@.*)$");

    private final Map<String, String> env;
    private final Set<String> resolvedSecrets = new LinkedHashSet<>();

    public SecretReferences(Map<String, String> env) {
        this.env = env;
    }

    /**
     * True for property names whose values are secrets (passwords, tokens, JAAS configs). An endpoint's URL is not
     * one even when its name says "token" ({@code sasl.oauthbearer.token.endpoint.url}): a password inside a URL is
     * refused by {@link #urlHoldsPassword} where URLs are taken.
     */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        if (k.endsWith(".url") || k.endsWith(".uri")) {
            return false;
        }
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
            return redactJaas(value);
        }
        return "****";
    }

    /** Every JAAS option in the text that holds a secret in clear, with the secret replaced by {@code ****}. */
    private static String redactJaas(String text) {
        return JAAS_PASSWORD
                .matcher(text)
                .replaceAll(mr -> REFERENCE.matcher(mr.group(2)).matches()
                        ? Matcher.quoteReplacement(mr.group())
                        : Matcher.quoteReplacement(mr.group(1) + "****" + mr.group(3)));
    }

    /**
     * A command-line argument as it may be shown in an error: {@code KEY=VALUE} with a secret key, a JAAS line, a URL
     * with a password, or the value after an option named like a secret ({@code previous}, may be null) have the
     * secret replaced by {@code ****}; anything else is returned as it is.
     */
    public static String redactArgument(String previous, String arg) {
        if (arg == null) {
            return null;
        }
        if (previous != null
                && previous.startsWith("-")
                && !previous.contains("=")
                && isSecretKey(previous)
                && !REFERENCE.matcher(arg.trim()).matches()) {
            return "****";
        }
        String out = arg;
        int eq = arg.indexOf('=');
        if (eq > 0 && isSecretKey(arg.substring(0, eq))) {
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            out = key + "=" + redact(key, value);
            if (key.startsWith("-")) {
                // --password=VALUE: the option's value
                out = holdsClearSecret("password", value) ? key + "=****" : arg;
            }
        }
        out = redactJaas(out);
        return out.contains("://")
                ? URL_USER_INFO.matcher(out).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + "****@"))
                : out;
    }

    /**
     * {@code message} with every argument of {@code args} that carries a secret replaced by its
     * {@link #redactArgument redacted form}, longest first (an argument may contain another).
     */
    public static String scrubArguments(String message, List<String> args) {
        if (message == null) {
            return null;
        }
        Map<String, String> replace = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String shown = redactArgument(i == 0 ? null : args.get(i - 1), arg);
            if (arg != null && !arg.equals(shown) && !arg.isEmpty()) {
                replace.put(arg, shown);
                // picocli quotes, cuts and splits values: mask the secret parts wherever they appear too
                secretParts(arg).forEach(part -> replace.putIfAbsent(part, "****"));
            }
        }
        String out = message;
        List<String> keys = new ArrayList<>(replace.keySet());
        keys.sort((a, b) -> b.length() - a.length());
        for (String k : keys) {
            out = out.replace(k, replace.get(k));
        }
        return out;
    }

    /** The secret substrings of an argument (values of password options, JAAS secrets, URL passwords), 3+ chars. */
    private static List<String> secretParts(String arg) {
        List<String> parts = new ArrayList<>();
        Matcher jaas = JAAS_PASSWORD.matcher(arg);
        while (jaas.find()) {
            parts.add(jaas.group(2));
        }
        Matcher url = URL_USER_INFO.matcher(arg);
        while (url.find()) {
            String info = url.group(2);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                parts.add(info.substring(colon + 1));
            }
        }
        int eq = arg.indexOf('=');
        if (eq > 0 && isSecretKey(arg.substring(0, eq)) && !arg.substring(0, eq).endsWith("jaas.config")) {
            String value = arg.substring(eq + 1);
            int colon = value.indexOf(':');
            parts.add(
                    arg.substring(0, eq).toLowerCase().endsWith("user.info") && colon >= 0
                            ? value.substring(colon + 1)
                            : value);
        }
        if (!arg.startsWith("-") && !arg.contains("=") && !arg.contains("://")) {
            parts.add(arg);
        }
        parts.removeIf(p -> p.length() < 3 || REFERENCE.matcher(p.trim()).matches());
        return parts;
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
