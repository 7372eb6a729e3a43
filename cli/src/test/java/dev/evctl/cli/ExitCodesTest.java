package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.commands.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes have one source (ExitCodes.Code): --help prints it, and the README's table says the same. */
class ExitCodesTest {

    @TempDir
    Path home;

    @Test
    void helpListsEveryCodeFromTheOneList() {
        String help = new Evctl(home).ok("--help").out();
        List<String> listed = help.substring(help.indexOf("Exit codes:"))
                .lines()
                .skip(1)
                .takeWhile(l -> !l.isBlank())
                .map(String::strip)
                .toList();
        List<String> expected = new ArrayList<>();
        for (ExitCodes.Code c : ExitCodes.Code.values()) {
            expected.add(c.code + "   " + c.help);
        }
        assertEquals(
                expected.stream().map(e -> e.replaceAll("\\s+", " ")).toList(),
                listed.stream().map(l -> l.replaceAll("\\s+", " ")).toList());
    }

    @Test
    void theReadmeTableSaysTheSame() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int at = readme.indexOf("## Exit codes");
        List<String> rows = readme.subList(at, readme.size()).stream()
                .filter(l -> l.matches("\\| \\d+ \\|.*"))
                .toList();
        List<String> expected = new ArrayList<>();
        for (ExitCodes.Code c : ExitCodes.Code.values()) {
            expected.add("| " + c.code + " | " + c.readme + " |");
        }
        assertEquals(expected, rows.subList(0, Math.min(rows.size(), expected.size() + 1)));
    }
}
