package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command is reachable from help and says what it does; exit codes are listed. */
class HelpTest {

    @TempDir
    Path home;

    @Test
    void everySubcommandAppearsInItsParentsHelpWithADescription() {
        Evctl evctl = new Evctl(home);
        Session session = Evctl.silentSession();
        check(Cli.commandLine(session), evctl, "");
    }

    private static void check(CommandLine cl, Evctl evctl, String path) {
        for (var entry : cl.getSubcommands().entrySet()) {
            String name = entry.getKey();
            CommandLine sub = entry.getValue();
            if (sub.getCommandSpec().usageMessage().hidden()) {
                continue; // the completion helper: used by the scripts, not by people
            }
            String[] description = sub.getCommandSpec().usageMessage().description();
            assertTrue(
                    description.length > 0 && !description[0].isBlank(),
                    (path + " " + name).trim() + " has no description");
            // the line the parent's command list and the man page's NAME show: a whole sentence, not cut mid-way
            String[] header = sub.getCommandSpec().usageMessage().header();
            String summary = header.length > 0 ? header[0] : description[0];
            assertTrue(
                    summary.matches(".*[.)]"),
                    (path + " " + name).trim() + "'s summary is cut mid-sentence: " + summary);
            String[] args = (path.isEmpty() ? "" : path + " ").concat("--help").split(" ");
            String help = evctl.ok(args).out();
            assertTrue(
                    help.contains("  " + name + " ") || help.contains("  " + name + "\n"),
                    "'" + name + "' missing from `evctl " + path + " --help`:\n" + help);
            if (!name.equals("help")) {
                check(sub, evctl, (path + " " + name).trim());
            }
        }
    }

    @Test
    void everyCommandShowsExamplesThatParse() {
        Session session = Evctl.silentSession();
        List<String> problems = new ArrayList<>();
        examples(Cli.commandLine(session), "evctl", session, problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void examples(CommandLine cl, String path, Session session, List<String> problems) {
        var spec = cl.getCommandSpec();
        if (spec.usageMessage().hidden() || spec.name().equals("help")) {
            return;
        }
        if (cl.getSubcommands().isEmpty()) {
            String heading = spec.usageMessage().footerHeading();
            String[] footer = spec.usageMessage().footer();
            if (heading == null || !heading.contains("Examples") || footer.length == 0) {
                problems.add(path + ": no examples in its help");
            }
            // continued lines joined; each evctl command of a pipeline parsed, redirections cut off
            String joined = String.join("\n", footer).replaceAll("\\\\\n\\s*", " ");
            for (String line : joined.split("\n")) {
                if (heading == null || !heading.contains("Examples")) {
                    break;
                }
                for (String part : line.strip().replaceAll("\\s+#.*$", "").split(" \\| ")) {
                    String example = part.strip().split(" >>? ")[0];
                    if (!example.startsWith("evctl ")) {
                        continue;
                    }
                    try {
                        // parsed by the tree evctl builds for this line: the branch it names, or the whole tree
                        String[] args = words(example.substring("evctl ".length()));
                        Cli.commandLine(session, args).parseArgs(args);
                    } catch (CommandLine.ParameterException e) {
                        problems.add(path + ": example does not parse: " + example + " — " + e.getMessage());
                    }
                }
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                examples(sub, path + " " + name, session, problems);
            }
        });
    }

    /** Splits a command line as a shell would for these examples: spaces, '…' and "…" quotes. */
    private static String[] words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out.toArray(new String[0]);
    }

    @Test
    void rootHelpListsTheExitCodes() {
        String help = new Evctl(home).ok("--help").out();
        for (String code : new String[] {" 0 ", " 1 ", " 2 ", " 3 ", " 4 ", " 5 ", " 6 "}) {
            assertTrue(help.contains(code), "exit code" + code + "missing");
        }
        assertFalse(help.contains("${"), "unexpanded variables in help");
    }

    @Test
    void helpReachesNestedCommandsAndVersionIsACommand() {
        Evctl evctl = new Evctl(home);
        String nested = evctl.ok("help", "schema", "check").out();
        assertTrue(nested.startsWith("Check a schema file") && nested.contains("Usage: evctl schema check"), nested);
        assertTrue(evctl.ok("help", "replay").out().contains("Usage: evctl replay"));
        Evctl.Result unknown = evctl.expect(ExitCodes.USAGE, "help", "schema", "chekc");
        assertTrue(unknown.err().contains("unknown command 'evctl schema chekc'"), unknown.err());
        assertTrue(evctl.ok("version").out().startsWith("evctl 0.1.0"));
        String top = evctl.ok("--help").out();
        assertTrue(top.contains("Copy a range of a topic into another exactly once, resumable."), top);
    }
}
