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

    @Test
    void withoutAWidthNothingIsCutAndNumbersAlignRight() {
        assertEquals(List.of(
                "TOPIC                                 PARTITION  LAG",
                "orders.eu-west-1.payments.settled.v2          0   12",
                "orders                                       11    -"), print(lag(), 0));
    }

    @Test
    void aNarrowTerminalCutsTheElasticColumnWithAnEllipsis() {
        assertEquals(List.of(
                "TOPIC           PARTITION  LAG",
                "orders.eu-wes…          0   12",
                "orders                 11    -"), print(lag(), 30));
    }

    @Test
    void numbersAreNeverCutEvenWhenTheLineCannotFit() {
        assertEquals(List.of(
                "TOPIC     PARTITION  LAG",
                "orders.…          0   12",
                "orders           11    -"), print(lag(), 10), "the elastic column stops at its minimum of 8");
    }

    @Test
    void theIndentCountsTowardsTheWidth() {
        List<String> lines = print(lag().indent("  "), 30);
        lines.forEach(l -> assertTrue(l.startsWith("  ") && l.length() <= 30, "'" + l + "'"));
    }
}
