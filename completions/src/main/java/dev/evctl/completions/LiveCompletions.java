package dev.evctl.completions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.evctl.commands.CommandFactory;
import dev.evctl.commands.Commands;
import dev.evctl.commands.EvctlCommand;
import dev.evctl.commands.LiveSlots;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Build-time generator (never run by users): from the picocli command model it writes the bash
 * script (picocli's AutoComplete script with a live part appended) and the whole fish script.
 * "Live" slots are the positional parameters and options whose values are names the cluster,
 * registry or config knows: they complete through the hidden {@code evctl __complete KIND}.
 *
 * <p>Usage: {@code LiveCompletions BASH_SCRIPT FISH_SCRIPT}.
 */
public final class LiveCompletions {

    private static final Map<String, String> OPTION_KINDS = LiveSlots.OPTION_KINDS;

    private record Node(String path, CommandSpec spec) {}

    private LiveCompletions() {}

    public static void main(String[] args) throws IOException {
        CommandLine root = Commands.all(EvctlCommand.class, new CommandFactory());
        List<Node> nodes = new ArrayList<>();
        walk("evctl", root, nodes);
        Files.writeString(Path.of(args[0]), AutoComplete.bash("evctl", root) + bash(nodes), StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[1]), fish(nodes), StandardCharsets.UTF_8);
    }

    private static void walk(String path, CommandLine cl, List<Node> out) {
        out.add(new Node(path, cl.getCommandSpec()));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && name.equals(sub.getCommandName())) {
                walk(path + " " + name, sub, out);
            }
        });
    }

    private static String positionalKind(Node n) {
        return LiveSlots.positionalKind(n.path(), n.spec());
    }

    private static List<String> argOptions(Node n) {
        List<String> out = new ArrayList<>();
        for (OptionSpec o : n.spec().options()) {
            if (o.arity().max() > 0 && !o.hidden()) {
                out.addAll(List.of(o.names()));
            }
        }
        return out;
    }

    static String bash(List<Node> nodes) {
        StringBuilder s = new StringBuilder();
        s.append("\n# ---- Live names: generated from the command model by dev.evctl.completions.LiveCompletions.\n");
        s.append("# Topic, group, subject and context slots complete through `evctl __complete KIND` (about 1 s,\n");
        s.append("# nothing when the cluster does not answer); everything else is picocli's completion above.\n");
        s.append("declare -gA _evctl_arg_opts=(\n");
        for (Node n : nodes) {
            s.append("  [\"")
                    .append(n.path())
                    .append("\"]=\"")
                    .append(String.join(" ", argOptions(n)))
                    .append("\"\n");
        }
        s.append(")\ndeclare -gA _evctl_live_positional=(\n");
        for (Node n : nodes) {
            String kind = positionalKind(n);
            if (kind != null) {
                s.append("  [\"").append(n.path()).append("\"]=").append(kind).append('\n');
            }
        }
        s.append(")\ndeclare -gA _evctl_live_option=(\n");
        for (Node n : nodes) {
            for (OptionSpec o : n.spec().options()) {
                for (String name : o.names()) {
                    if (OPTION_KINDS.containsKey(name)) {
                        s.append("  [\"")
                                .append(n.path())
                                .append(' ')
                                .append(name)
                                .append("\"]=")
                                .append(OPTION_KINDS.get(name))
                                .append('\n');
                    }
                }
            }
        }
        s.append("""
                )
                _evctl_names() {
                  timeout "${EVCTL_COMPLETE_TIMEOUT:-2}" "${COMP_WORDS[0]}" ${2:+--context "$2"} __complete "$1" \
                2>/dev/null
                }
                _evctl_complete() {
                  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                  local cmd=evctl positional=0 skip=0 i w key kind="" context=""
                  for ((i = 1; i < COMP_CWORD; i++)); do
                    w=${COMP_WORDS[i]}
                    if ((skip)); then skip=0; [[ ${COMP_WORDS[i-1]} == --context ]] && context=$w; continue; fi
                    if [[ $w == -* ]]; then
                      [[ " ${_evctl_arg_opts[$cmd]} " == *" $w "* ]] && skip=1
                      continue
                    fi
                    key="$cmd $w" # a variable, not a quoted subscript: zsh keeps quotes in subscripts
                    if [[ -n ${_evctl_arg_opts[$key]+x} ]]; then cmd=$key; else positional=$((positional + 1)); fi
                  done
                  key="$cmd $prev"
                  if [[ $prev == -* && -n ${_evctl_live_option[$key]+x} ]]; then
                    kind=${_evctl_live_option[$key]}
                  elif [[ $prev == -* && " ${_evctl_arg_opts[$cmd]} " == *" $prev "* ]]; then
                    kind=""
                  elif [[ $cur != -* && $positional == 0 && -n ${_evctl_live_positional[$cmd]+x} ]]; then
                    kind=${_evctl_live_positional[$cmd]}
                  fi
                  if [[ -n $kind ]]; then
                    local IFS=$'\\n'
                    COMPREPLY=( $(compgen -W "$(_evctl_names "$kind" "$context")" -- "$cur") )
                    return 0
                  fi
                  _complete_evctl "$@"
                }
                complete -F _evctl_complete -o default evctl evctl.sh evctl.bash
                """);
        return s.toString();
    }

    static String fish(List<Node> nodes) {
        StringBuilder s = new StringBuilder();
        s.append("# fish completion for evctl: generated from the command model by "
                + "dev.evctl.completions.LiveCompletions.\n");
        s.append("# Install: evctl completion fish > ~/.config/fish/completions/evctl.fish\n");
        s.append("complete -c evctl -e\ncomplete -c evctl -f\n");
        // the command path typed so far: subcommand words, skipping options and their values
        Map<String, List<String>> children = new LinkedHashMap<>();
        for (Node n : nodes) {
            int cut = n.path().lastIndexOf(' ');
            if (cut > 0) {
                children.computeIfAbsent(n.path().substring(0, cut), k -> new ArrayList<>())
                        .add(n.path().substring(cut + 1));
            }
        }
        s.append("function __evctl_path\n");
        s.append("    set -l path evctl\n    set -l skip 0\n");
        s.append("    for w in (commandline -opc)[2..-1]\n");
        s.append("        if test $skip = 1; set skip 0; continue; end\n");
        s.append("        if string match -q -- '-*' $w\n");
        s.append("            if contains -- $w (__evctl_arg_opts $path); set skip 1; end\n");
        s.append("            continue\n        end\n");
        s.append("        if contains -- $w (__evctl_children $path); set path \"$path $w\"; end\n");
        s.append("    end\n    echo $path\nend\n");
        s.append("function __evctl_children\n    switch \"$argv\"\n");
        children.forEach((parent, kids) -> s.append("        case '")
                .append(parent)
                .append("'\n            printf '%s\\n' ")
                .append(String.join(" ", kids))
                .append('\n'));
        s.append("    end\nend\n");
        s.append("function __evctl_arg_opts\n    switch \"$argv\"\n");
        for (Node n : nodes) {
            List<String> opts = argOptions(n);
            if (!opts.isEmpty()) {
                s.append("        case '")
                        .append(n.path())
                        .append("'\n            printf '%s\\n' ")
                        .append(String.join(" ", opts))
                        .append('\n');
            }
        }
        s.append("    end\nend\n");
        for (Node n : nodes) {
            String when = "-n 'test (__evctl_path) = \"" + n.path() + "\"'";
            for (String kid : children.getOrDefault(n.path(), List.of())) {
                CommandSpec spec = n.spec().subcommands().get(kid).getCommandSpec();
                s.append("complete -c evctl ")
                        .append(when)
                        .append(" -a ")
                        .append(kid)
                        .append(" -d ")
                        .append(quote(first(spec.usageMessage().description())))
                        .append('\n');
            }
            for (OptionSpec o : n.spec().options()) {
                if (o.hidden()) {
                    continue;
                }
                s.append("complete -c evctl ").append(when);
                for (String name : o.names()) {
                    s.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
                }
                if (o.arity().max() > 0) {
                    // -x: takes a value and offers no files; file options (-F) offer files
                    s.append(o.type() == Path.class ? " -r -F" : " -x");
                    List<String> candidates = new ArrayList<>();
                    if (o.completionCandidates() != null) {
                        o.completionCandidates().forEach(candidates::add);
                    }
                    String live = null;
                    for (String name : o.names()) {
                        live = live != null ? live : OPTION_KINDS.get(name);
                    }
                    if (live != null) {
                        s.append(" -a '(evctl __complete ").append(live).append(" 2>/dev/null)'");
                    } else if (!candidates.isEmpty()) {
                        s.append(" -a ").append(quote(String.join(" ", candidates)));
                    }
                }
                s.append(" -d ").append(quote(first(o.description()))).append('\n');
            }
            String kind = positionalKind(n);
            if (kind != null) {
                s.append("complete -c evctl ")
                        .append(when)
                        .append(" -a '(evctl __complete ")
                        .append(kind)
                        .append(" 2>/dev/null)'\n");
            }
        }
        return s.toString();
    }

    private static String first(String[] lines) {
        String text = lines.length == 0 ? "" : lines[0];
        return text.replaceAll("\\$\\{[A-Z_-]+}", "").replaceAll("\\s+", " ").strip();
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
