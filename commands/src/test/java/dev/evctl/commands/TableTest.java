package dev.evctl.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest {

    private static List<String> print(Table table, int width) {
        StringWriter s = new StringWriter();
        table.print(new PrintWriter(s, true), width);
        return s.toString().lines().toList();
    }

    private static Table lag() {
        return new Table(Table.Column.elastic("TOPIC"), Table.Column.right("PARTITION"), Table.Column.right("LAG"))
                .row("orders.eu-west-1.payments.settled.v2", 0, 12)
                .row("orders", 11, null);
    }

    /** A dead letter's message with an ESC sequence (clear screen) and a newline stays one harmless row. */
    @Test
    void controlCharactersInACellAreShownAsEscapes() {
        List<String> lines = print(
                new Table(Table.Column.left("CLASS"), Table.Column.elastic("MESSAGE"))
                        .row("DataException", "no customer 42\u001b[2J\nnext line"),
                0);
        assertEquals(List.of("CLASS          MESSAGE", "DataException  no customer 42\\x1b[2J\\x0anext line"), lines);
    }

    @Test
    void withoutAWidthNothingIsCutAndNumbersAlignRight() {
        assertEquals(
                List.of(
                        "TOPIC                                 PARTITION  LAG",
                        "orders.eu-west-1.payments.settled.v2          0   12",
                        "orders                                       11    -"),
                print(lag(), 0));
    }

    @Test
    void aNarrowTerminalCutsTheElasticColumnWithAnEllipsis() {
        assertEquals(
                List.of(
                        "TOPIC           PARTITION  LAG",
                        "orders.eu-wes…          0   12",
                        "orders                 11    -"),
                print(lag(), 30));
    }

    @Test
    void numbersAreNeverCutEvenWhenTheLineCannotFit() {
        assertEquals(
                List.of("TOPIC     PARTITION  LAG", "orders.…          0   12", "orders           11    -"),
                print(lag(), 10),
                "the elastic column stops at its minimum of 8");
    }

    @Test
    void theIndentCountsTowardsTheWidth() {
        List<String> lines = print(lag().indent("  "), 30);
        lines.forEach(l -> assertTrue(l.startsWith("  ") && l.length() <= 30, "'" + l + "'"));
    }

    /**
     * Columns line up in display width: a CJK topic name takes two columns a character, an emoji two, and a cut never
     * splits one.
     */
    @Test
    void wideCharactersLineUpAndAreCutWhole() {
        Table t = new Table(Table.Column.elastic("TOPIC"), Table.Column.right("LAG"))
                .row("注文イベント", 5)
                .row("orders-🚚", 12)
                .row("orders", 7);
        List<String> lines = print(t, 0);
        assertEquals(List.of("TOPIC         LAG", "注文イベント    5", "orders-🚚      12", "orders          7"), lines);
        for (String line : lines) {
            assertEquals(17, Table.width(line), line);
        }
        List<String> cut = print(t, 13); // the elastic column keeps at least 8 columns
        for (String line : cut) {
            assertEquals(13, Table.width(line), line);
        }
        assertEquals("注文イ…     5", cut.get(1), "a wide character is never split: 7 columns, then one of padding");
        assertEquals("orders-…   12", cut.get(2));
    }
}
