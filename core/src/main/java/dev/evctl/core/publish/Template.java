package dev.evctl.core.publish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import net.datafaker.Faker;

/**
 * A text template for generated test events. Placeholders are {@code {{name args}}}:
 * <ul>
 *   <li>{@code {{seq}}} the record's number, from 1; {@code {{seq 1000}}} counts from 1000</li>
 *   <li>{@code {{uuid}}} a random UUID</li>
 *   <li>{@code {{now}}} the time as ISO-8601; {@code {{now_ms}}} as epoch milliseconds</li>
 *   <li>{@code {{int MIN MAX}}} a random integer in [MIN, MAX]</li>
 *   <li>{@code {{decimal MIN MAX SCALE}}} a random decimal with SCALE digits after the point</li>
 *   <li>{@code {{bool}}} true or false</li>
 *   <li>{@code {{choice A|B|C}}} one of the listed words</li>
 *   <li>{@code {{faker Expression}}} realistic fake data from Datafaker, e.g.
 *       {@code {{faker Name.full_name}}}, {@code {{faker Address.city}}}, {@code {{faker Commerce.productName}}}</li>
 * </ul>
 * Generated text is JSON-string escaped, so templates of JSON documents stay valid JSON.
 * Compiled once; rendering a record allocates one string.
 */
public final class Template implements ValueGenerator {

    private final List<Function<Long, String>> parts;

    private Template(List<Function<Long, String>> parts) {
        this.parts = parts;
    }

    /** Compiles the template; {@code random} seeds numbers, choices and fake data. */
    public static Template compile(String text, Random random) {
        Faker faker = new Faker(Locale.ENGLISH, random);
        List<Function<Long, String>> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                String literal = text.substring(at);
                parts.add(seq -> literal);
                break;
            }
            if (open > at) {
                String literal = text.substring(at, open);
                parts.add(seq -> literal);
            }
            int close = text.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalArgumentException(
                        "unclosed placeholder at character " + (open + 1) + ": " + excerpt(text, open));
            }
            parts.add(generator(text.substring(open + 2, close).trim(), random, faker));
            at = close + 2;
        }
        return new Template(List.copyOf(parts));
    }

    /** The text for record number {@code seq} (from 1). */
    public String render(long seq) {
        StringBuilder out = new StringBuilder(128);
        for (Function<Long, String> part : parts) {
            out.append(part.apply(seq));
        }
        return out.toString();
    }

    @Override
    public byte[] renderBytes(long seq) {
        return render(seq).getBytes(StandardCharsets.UTF_8);
    }

    private static Function<Long, String> generator(String spec, Random random, Faker faker) {
        String[] words = spec.split("\\s+", 2);
        String name = words[0];
        String args = words.length > 1 ? words[1].trim() : "";
        String[] a = args.isEmpty() ? new String[0] : args.split("\\s+");
        try {
            return switch (name) {
                case "seq" -> {
                    long base = a.length > 0 ? Long.parseLong(a[0]) : 1;
                    yield seq -> Long.toString(base + seq - 1);
                }
                case "uuid" -> seq -> new UUID(random.nextLong(), random.nextLong()).toString();
                case "now" -> seq -> Instant.now().toString();
                case "now_ms" -> seq -> Long.toString(System.currentTimeMillis());
                case "bool" -> seq -> Boolean.toString(random.nextBoolean());
                case "int" -> {
                    need(a, 2, "{{int MIN MAX}}");
                    long min = Long.parseLong(a[0]);
                    long max = Long.parseLong(a[1]);
                    if (max < min) {
                        throw new IllegalArgumentException("{{int " + args + "}}: MAX is below MIN");
                    }
                    yield seq -> Long.toString(min + (long) (random.nextDouble() * (max - min + 1)));
                }
                case "decimal" -> {
                    need(a, 2, "{{decimal MIN MAX [SCALE]}}");
                    double min = Double.parseDouble(a[0]);
                    double max = Double.parseDouble(a[1]);
                    int scale = a.length > 2 ? Integer.parseInt(a[2]) : 2;
                    yield seq -> BigDecimal.valueOf(min + random.nextDouble() * (max - min))
                            .setScale(scale, RoundingMode.HALF_UP)
                            .toPlainString();
                }
                case "choice" -> {
                    String[] options = args.split("\\|");
                    if (args.isEmpty()) {
                        throw new IllegalArgumentException("{{choice A|B|C}} needs at least one option");
                    }
                    yield seq -> escape(options[random.nextInt(options.length)].trim());
                }
                case "faker" -> {
                    if (args.isEmpty()) {
                        throw new IllegalArgumentException(
                                "{{faker Expression}} needs an expression such as Name.full_name");
                    }
                    String expression = "#{" + args + "}";
                    String probe;
                    try {
                        probe = faker.expression(expression);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("{{faker " + args + "}}: Datafaker cannot resolve it"
                                + " (use a provider method, e.g. Commerce.productName, Name.fullName, Address.city)");
                    }
                    if (probe == null || probe.equals(expression)) {
                        throw new IllegalArgumentException(
                                "{{faker " + args + "}}: Datafaker knows no such expression");
                    }
                    yield seq -> escape(faker.expression(expression));
                }
                default ->
                    throw new IllegalArgumentException("unknown generator '{{" + spec
                            + "}}'; known: seq, uuid, now, now_ms," + " int, decimal, bool, choice, faker");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("{{" + spec + "}}: not a number: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("{{" + spec + "}}: " + e.getMessage());
        }
    }

    private static void need(String[] args, int count, String usage) {
        if (args.length < count) {
            throw new IllegalArgumentException(usage + " needs " + count + " arguments");
        }
    }

    private static String escape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }

    private static String excerpt(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + 20));
    }
}
