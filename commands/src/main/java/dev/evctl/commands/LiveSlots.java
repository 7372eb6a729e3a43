package dev.evctl.commands;

import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Which command-line slots take names the cluster, registry or config knows (topics, groups,
 * subjects, contexts): the completion scripts and the shell complete them live.
 */
public final class LiveSlots {

    /** Positional labels whose values are existing names, and their kind. */
    public static final Map<String, String> POSITIONAL_KINDS = Map.of(
            "TOPIC",
            "topics",
            "SOURCE",
            "topics",
            "DLQ",
            "topics",
            "GROUP",
            "groups",
            "SUBJECT",
            "subjects",
            "CONTEXT",
            "contexts");
    /** Options whose values are existing names, and their kind. */
    public static final Map<String, String> OPTION_KINDS = Map.of(
            "--to-topic",
            "topics",
            "--topic",
            "topics",
            "--original-topic",
            "topics",
            "--context",
            "contexts",
            "--target-context",
            "contexts",
            "--subject",
            "subjects",
            "--key-subject",
            "subjects");
    /** Commands whose positional names something new. */
    private static final Set<String> CREATES =
            Set.of("evctl topics create", "evctl config set-context", "evctl schema register");

    private LiveSlots() {}

    /** The kind of the command's first positional parameter, or null when it is not a live name. */
    public static String positionalKind(String path, CommandSpec spec) {
        if (CREATES.contains(path) || spec.positionalParameters().isEmpty()) {
            return null;
        }
        PositionalParamSpec first = spec.positionalParameters().get(0);
        return POSITIONAL_KINDS.get(first.paramLabel().replaceAll("[<>]", ""));
    }

    /**
     * The kind of name wanted at the end of {@code words} (the words before the one being
     * completed), or null: walks subcommands, skips options and their values, and looks at the
     * option just typed or the first positional slot.
     */
    public static String kindAt(CommandLine root, List<String> words) {
        CommandLine cl = root;
        String path = "evctl";
        int positionals = 0;
        boolean skip = false;
        String pendingOption = null;
        for (String w : words) {
            if (skip) {
                skip = false;
                pendingOption = null;
                continue;
            }
            if (w.startsWith("-")) {
                var option = cl.getCommandSpec().findOption(w);
                if (option != null && option.arity().max() > 0) {
                    skip = true;
                    pendingOption = w;
                }
                continue;
            }
            CommandLine sub = cl.getSubcommands().get(w);
            if (sub != null && positionals == 0) {
                cl = sub;
                path = path + " " + w;
            } else {
                positionals++;
            }
        }
        if (skip) {
            return OPTION_KINDS.get(pendingOption);
        }
        return positionals == 0 ? positionalKind(path, cl.getCommandSpec()) : null;
    }
}
