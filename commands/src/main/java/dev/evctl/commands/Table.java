package dev.evctl.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.core.ControlChars;
import org.jline.utils.WCWidth;

/**
 * A text table: columns as wide as their widest cell, two spaces apart, numbers right-aligned.
 * Given a width (the terminal's), the columns marked elastic (names, messages) are cut, with an
 * ellipsis, until every line fits; the other columns are never cut. Without a width (output to a
 * pipe or file) nothing is cut: scripts get whole values.
 */
public final class Table {

    /** Where the column's text sits, and whether it may be cut to fit the width. */
    public record Column(String header, boolean right, boolean elastic) {

        public static Column left(String header) {
            return new Column(header, false, false);
        }

        public static Column right(String header) {
            return new Column(header, true, false);
        }

        /** A left-aligned column that gives up width first: names, ids, messages. */
        public static Column elastic(String header) {
            return new Column(header, false, true);
        }
    }

    private static final int GAP = 2;
    /** An elastic column is never cut below this, nor below its header. */
    static final int MIN_ELASTIC = 8;

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();
    private String indent = "";

    public Table(Column... columns) {
        this.columns = List.of(columns);
    }

    /** Prints every line after {@code indent}, which counts towards the width. */
    public Table indent(String indent) {
        this.indent = indent;
        return this;
    }

    /** One row; {@code null} cells print as "-". */
    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for " + columns.size() + " columns");
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            // a cell is one line of text for a person: a record's control characters (an ESC that would clear the
            // terminal, a newline that would break the row) are shown as escapes, on a terminal or not
            text[i] = cells[i] == null ? "-" : ControlChars.escapeLine(cells[i].toString());
        }
        rows.add(text);
        return this;
    }

    /** Prints the header and rows; {@code width} 0 means unlimited. */
    public void print(PrintWriter out, int width) {
        int[] widths = widths(width);
        line(out, widths, columns.stream().map(Column::header).toArray(String[]::new));
        rows.forEach(r -> line(out, widths, r));
    }

    /** Each column's width: its widest cell, then elastic columns cut (widest first) until the line fits. */
    int[] widths(int width) {
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = width(columns.get(i).header());
            for (String[] r : rows) {
                w[i] = Math.max(w[i], width(r[i]));
            }
        }
        if (width <= 0) {
            return w;
        }
        int total = indent.length() + GAP * (n - 1);
        for (int x : w) {
            total += x;
        }
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < n; i++) {
                Column c = columns.get(i);
                if (c.elastic()
                        && w[i] > Math.max(MIN_ELASTIC, c.header().length())
                        && (widest < 0 || w[i] > w[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                break; // nothing left to cut: the line stays too long rather than losing numbers
            }
            w[widest]--;
            total--;
        }
        return w;
    }

    private void line(PrintWriter out, int[] widths, String[] cells) {
        StringBuilder s = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            String cell = cut(cells[i], widths[i]);
            boolean last = i == cells.length - 1;
            if (columns.get(i).right()) {
                s.append(" ".repeat(Math.max(0, widths[i] - width(cell)))).append(cell);
            } else {
                s.append(cell);
                if (!last) {
                    s.append(" ".repeat(Math.max(0, widths[i] - width(cell))));
                }
            }
            if (!last) {
                s.append(" ".repeat(GAP));
            }
        }
        out.println(s);
    }

    /** Display columns the text takes on a terminal: two for a CJK character or an emoji, none for a combining mark. */
    static int width(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            w += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return w;
    }

    /** The text cut to {@code width} display columns, the last one an ellipsis; never a half character. */
    private static String cut(String text, int width) {
        if (width(text) <= width) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int cw = Math.max(0, WCWidth.wcwidth(cp));
            if (w + cw > width - 1) {
                break;
            }
            out.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return out + "…";
    }
}
