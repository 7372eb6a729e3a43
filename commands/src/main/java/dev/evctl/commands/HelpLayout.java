package dev.evctl.commands;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How help is laid out for a person: a description written as several source lines is one paragraph, wrapped
 * evenly at the help's width and only at spaces (a blank line between paragraphs is kept); examples are printed as
 * written, never wrapped inside a token, so every example can be copied and pasted. The command's description
 * itself is unchanged: the parent's list of commands still shows its first line.
 */
public final class HelpLayout {

    private HelpLayout() {}

    /** Applies the layout to {@code cl} and every subcommand built so far. */
    public static void apply(CommandLine cl) {
        cl.getHelpSectionMap()
                .put(
                        UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                        help -> wrapped(
                                paragraphs(help.commandSpec().usageMessage().description()),
                                help.commandSpec().usageMessage().width()));
        cl.getHelpSectionMap()
                .put(
                        UsageMessageSpec.SECTION_KEY_FOOTER,
                        help -> verbatim(help.commandSpec().usageMessage().footer()));
        cl.getSubcommands().values().forEach(sub -> {
            if (sub != cl) {
                apply(sub);
            }
        });
    }

    /**
     * Source lines joined into paragraphs: an empty line (or one that is only {@code %n}) starts a new one, and so
     * does the exit codes' line.
     */
    public static String[] paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.equals("%n")) {
                if (!paragraph.isEmpty()) {
                    out.add(paragraph.toString());
                    paragraph.setLength(0);
                }
                out.add("");
                continue;
            }
            if (!paragraph.isEmpty() && l.startsWith("Exit codes")) {
                out.add(paragraph.toString()); // the exit codes are a paragraph of their own
                paragraph.setLength(0);
            }
            if (!paragraph.isEmpty() && l.startsWith("Exit codes")) {
                out.add(paragraph.toString()); // the exit codes are a paragraph of their own
                paragraph.setLength(0);
            }
            if (!paragraph.isEmpty()) {
                paragraph.append(' ');
            }
            paragraph.append(l);
        }
        if (!paragraph.isEmpty()) {
            out.add(paragraph.toString());
        }
        return out.toArray(String[]::new);
    }

    /** Each paragraph wrapped at spaces only (never inside a word, an option or a path) to {@code width} columns. */
    static String wrapped(String[] paragraphs, int width) {
        StringBuilder out = new StringBuilder();
        for (String p : paragraphs) {
            String text = p.replace("%n", " ").replace("%%", "%");
            int column = 0;
            for (String word : text.split(" ")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (column > 0 && column + 1 + word.length() > width) {
                    out.append(System.lineSeparator());
                    column = 0;
                }
                if (column > 0) {
                    out.append(' ');
                    column++;
                }
                out.append(word);
                column += word.length();
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /** The footer's lines exactly as written ({@code %n} and {@code %%} as in picocli's format strings). */
    private static String verbatim(String[] footer) {
        StringBuilder out = new StringBuilder();
        for (String line : footer) {
            out.append(line.replace("%n", System.lineSeparator()).replace("%%", "%"))
                    .append(System.lineSeparator());
        }
        return out.toString();
    }
}
