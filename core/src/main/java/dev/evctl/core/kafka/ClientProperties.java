package dev.evctl.core.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.evctl.core.EvctlException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Checks the names of Kafka client properties given on the command line: a misspelt one
 * ({@code lingr.ms}) would otherwise be ignored by the client, silently. Properties read by
 * plugins (interceptors, custom serializers or login modules) are given as {@code plugin.NAME}
 * and passed on as {@code NAME}, unchecked.
 */
public final class ClientProperties {

    /** The prefix that passes a property to the client unchecked, without the prefix. */
    public static final String PLUGIN_PREFIX = "plugin.";

    private ClientProperties() {}

    /** The names any of Kafka's producer, consumer and admin clients knows. */
    public static Set<String> known() {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    /**
     * The properties as the clients get them: {@code plugin.} stripped; a name no client knows is
     * a usage error that names the closest known one.
     */
    public static Map<String, String> checked(Map<String, String> properties, String option) {
        if (properties.isEmpty()) {
            return properties;
        }
        Set<String> known = null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(PLUGIN_PREFIX) && name.length() > PLUGIN_PREFIX.length()) {
                out.put(name.substring(PLUGIN_PREFIX.length()), e.getValue());
                continue;
            }
            if (known == null) {
                known = known();
            }
            if (!known.contains(name)) {
                String closest = closest(name, known);
                throw EvctlException.usage(option + " " + name + ": no Kafka client has this property"
                        + (closest == null ? "" : " — did you mean " + closest + "?")
                        + " (a plugin's own property: " + option + " " + PLUGIN_PREFIX + name + "=…)");
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    private static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
