package dev.evctl.completions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.evctl.commands.CommandFactory;
import dev.evctl.commands.Commands;
import dev.evctl.commands.EvctlCommand;
import dev.evctl.commands.HelpLayout;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Build-time generator of the man pages (troff, section 1): one page per command, from the same
 * picocli model as the help and the completions, so they cannot drift apart. picocli's own
 * generator writes AsciiDoc, which needs Asciidoctor (JRuby) to become troff; this writes troff
 * directly. Usage: {@code ManPages OUTPUT_DIR VERSION DATE}.
 */
public final class ManPages {

    private ManPages() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        CommandLine root = Commands.all(EvctlCommand.class, new CommandFactory());
        write(dir, root, "evctl", args[1], args[2]);
    }

    private static void write(Path dir, CommandLine cl, String path, String version, String date) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        String page = path.replace(' ', '-');
        StringBuilder t = new StringBuilder();
        t.append(".TH ")
                .append(page.toUpperCase(Locale.ROOT))
                .append(" 1 \"")
                .append(date)
                .append("\" \"evctl ")
                .append(version)
                .append("\" \"evctl manual\"\n");
        t.append(".SH NAME\n")
                .append(esc(page))
                .append(" \\- ")
                .append(esc(firstSentence(spec.usageMessage())))
                .append('\n');
        t.append(".SH SYNOPSIS\n");
        String[] custom = spec.usageMessage().customSynopsis();
        if (custom.length > 0) {
            // the command's own synopsis, as --help shows it (replay's SOURCE is required, though picocli may not know)
            t.append(".nf\n");
            for (String line : custom) {
                t.append(esc(line.strip())).append('\n');
            }
            t.append(".fi\n");
        } else {
            t.append(".B ").append(esc(path)).append('\n');
            if (!spec.options().isEmpty()) {
                t.append("[\\fIOPTIONS\\fR]");
            }
            if (!cl.getSubcommands().isEmpty()) {
                t.append(" \\fICOMMAND\\fR");
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                t.append(' ')
                        .append(p.arity().min() == 0 ? "[" : "")
                        .append("\\fI")
                        .append(esc(p.paramLabel()))
                        .append("\\fR")
                        .append(p.arity().max() > 1 ? "..." : "")
                        .append(p.arity().min() == 0 ? "]" : "");
            }
            t.append('\n');
        }
        t.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            t.append(esc(line)).append('\n');
        }
        List<String> subs = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && name.equals(sub.getCommandName())) {
                subs.add(name);
            }
        });
        if (!subs.isEmpty()) {
            t.append(".SH COMMANDS\n");
            for (String name : subs) {
                t.append(".TP\n.B ")
                        .append(esc(name))
                        .append('\n')
                        .append(esc(first(cl.getSubcommands()
                                .get(name)
                                .getCommandSpec()
                                .usageMessage()
                                .description())))
                        .append('\n');
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            t.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                t.append(".TP\n.I ")
                        .append(esc(p.paramLabel()))
                        .append('\n')
                        .append(esc(String.join(" ", p.description())))
                        .append('\n');
            }
        }
        if (!spec.options().isEmpty()) {
            t.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                t.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
                if (o.arity().max() > 0) {
                    t.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                t.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            String heading = spec.usageMessage()
                    .footerHeading()
                    .replace("%n", "")
                    .replace(":", "")
                    .strip();
            t.append(".SH ")
                    .append(esc((heading.isEmpty() ? "NOTES" : heading).toUpperCase(Locale.ROOT)))
                    .append("\n.nf\n");
            for (String line : footer) {
                t.append(esc(line.replace("%n", ""))).append('\n');
            }
            t.append(".fi\n");
        }
        Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            t.append(".SH EXIT STATUS\n"); // from the same list as --help (ExitCodes.Code)
            exitCodes.forEach((code, meaning) -> t.append(".TP\n.B ")
                    .append(esc(code.strip()))
                    .append('\n')
                    .append(esc(meaning))
                    .append('\n'));
        }
        t.append(".SH SEE ALSO\n");
        List<String> related = new ArrayList<>();
        if (path.contains(" ")) {
            related.add(path.substring(0, path.lastIndexOf(' ')).replace(' ', '-'));
        }
        subs.forEach(s -> related.add(page + "-" + s));
        t.append(esc(String.join(", ", related.stream().map(r -> r + "(1)").toList())))
                .append('\n');
        Files.writeString(dir.resolve(page + ".1"), t.toString(), StandardCharsets.UTF_8);
        for (String name : subs) {
            write(dir, cl.getSubcommands().get(name), path + " " + name, version, date);
        }
    }

    /**
     * The NAME line's text: the command's one-line header where it has one, else the first sentence of its
     * description (a description written over several source lines is one paragraph).
     */
    private static String firstSentence(UsageMessageSpec usage) {
        if (usage.header().length > 0 && !usage.header()[0].isBlank()) {
            return usage.header()[0].strip();
        }
        String text =
                String.join(" ", HelpLayout.paragraphs(usage.description())).strip();
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /** troff-safe text: backslashes, leading dots and quotes, and hyphens in option names. */
    static String esc(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        if (s.startsWith(".") || s.startsWith("'")) {
            s = "\\&" + s;
        }
        return s;
    }
}
