package dev.evctl.commands;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Finds the {@link ExclusiveMessage} of the exclusive group a picocli "mutually exclusive" error is about. */
public final class ExclusiveGroups {

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][\\w-]*");

    private static final Pattern BRACED = Pattern.compile("=\\{([^}]*)}");

    private ExclusiveGroups() {}

    /**
     * The message of the innermost exclusive group of {@code spec} that holds two or more of the options
     * {@code picocliMessage} names, when that group declares one; empty otherwise (picocli's message stands).
     * picocli reports a clash in two ways: "A, B are mutually exclusive" and, when an option of a nested group
     * follows one of the outer group, "expected only one match but got [group]={A} and [group]={B}".
     */
    public static Optional<String> message(CommandSpec spec, String picocliMessage) {
        // in the second form the options given are the ones in braces; the rest is the group's synopsis
        boolean secondForm = picocliMessage.startsWith("expected only one match");
        String given = secondForm ? String.join(" ", braced(picocliMessage)) : picocliMessage;
        Set<String> named = new LinkedHashSet<>();
        Matcher m = OPTION.matcher(given);
        while (m.find()) {
            named.add(m.group());
        }
        if (named.size() == 1 && secondForm) { // one option of a group given twice
            return Optional.of("option '" + named.iterator().next() + "' should be specified only once");
        }
        return innermost(spec.argGroups(), named)
                .map(g -> g.typeInfo().getType().getAnnotation(ExclusiveMessage.class))
                .map(ExclusiveMessage::value);
    }

    private static List<String> braced(String message) {
        List<String> out = new ArrayList<>();
        Matcher m = BRACED.matcher(message);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Optional<ArgGroupSpec> innermost(List<ArgGroupSpec> groups, Set<String> named) {
        for (ArgGroupSpec group : groups) {
            Optional<ArgGroupSpec> inner = innermost(group.subgroups(), named);
            if (inner.isPresent()) {
                return inner;
            }
            if (group.exclusive() && mentioned(group, named) >= 2) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    private static long mentioned(ArgGroupSpec group, Set<String> named) {
        return group.allOptionsNested().stream()
                .filter(o -> List.of(o.names()).stream().anyMatch(named::contains))
                .map(OptionSpec::longestName)
                .distinct()
                .count();
    }
}
