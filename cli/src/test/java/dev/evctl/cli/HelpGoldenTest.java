package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.evctl.commands.CommandFactory;
import dev.evctl.commands.Commands;
import dev.evctl.commands.EvctlCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The help of every command is pinned in golden files (src/test/resources/golden/help): a change
 * to an option, a description or an example shows up in review as a diff of those files.
 * Regenerate them after a deliberate change with
 * {@code mvn -pl cli test -Dtest=HelpGoldenTest -Devctl.golden.update=true}.
 */
class HelpGoldenTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "help");

    /** What picocli leaves of an unescaped {@code ${env:X}}: {@code null} where a reference was written. */
    private static final Pattern INTERPOLATED = Pattern.compile("=null\\b|\"null\"|be null|:null\\b|null or null");

    @TempDir
    Path home;

    @Test
    void everyCommandsHelpMatchesItsGoldenFile() throws Exception {
        boolean update = Boolean.getBoolean("evctl.golden.update");
        List<String> paths = new ArrayList<>();
        collect(Commands.all(new EvctlCommand(null), new CommandFactory()), "", paths);
        assertTrue(paths.size() > 40, "every command: " + paths);
        Evctl evctl = new Evctl(home).env("COLUMNS", "100");
        List<String> differ = new ArrayList<>();
        List<String> interpolated = new ArrayList<>();
        List<String> cut = new ArrayList<>();
        for (String path : paths) {
            List<String> args = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
            args.add("--help");
            String help = evctl.ok(args.toArray(String[]::new)).out().replace(home.toString(), "$HOME_OF_TEST");
            CommandLine.Model.UsageMessageSpec usage = spec(path).usageMessage();
            for (String example : usage.footer()) {
                if (!help.contains(example.replace("%n", "").replace("%%", "%"))) {
                    cut.add(path + ": " + example);
                }
            }
            if (INTERPOLATED.matcher(help).find()) {
                interpolated.add(path + ": "
                        + help.lines()
                                .filter(l -> INTERPOLATED.matcher(l).find())
                                .toList());
            }
            Path file = GOLDEN.resolve((path.isEmpty() ? "evctl" : "evctl-" + path.replace(' ', '-')) + ".txt");
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, help);
            } else if (!Files.exists(file) || !Files.readString(file).equals(help)) {
                differ.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), cut, "every example is printed whole, as written: it can be copied and pasted");
        assertEquals(List.of(), interpolated, "a ${…} reference in help was interpolated by picocli: write $${…}");
        assertTrue(
                evctl.ok("config", "set-context", "--help").out().contains("password=\"${env:KAFKA_PASSWORD}\""),
                "the example's reference prints as written");
        assertEquals(
                List.of(),
                differ,
                "help differs from its golden file (regenerate with -Devctl.golden.update=true if meant)");
    }

    /** The spec of the command at {@code path} ("" for evctl itself). */
    private static CommandLine.Model.CommandSpec spec(String path) {
        CommandLine cl = Commands.all(new EvctlCommand(null), new CommandFactory());
        for (String name : path.isEmpty() ? new String[0] : path.split(" ")) {
            cl = cl.getSubcommands().get(name);
        }
        return cl.getCommandSpec();
    }

    private static void collect(CommandLine cl, String path, List<String> out) {
        if (cl.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        out.add(path);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName()) && !e.getKey().equals("help")) {
                collect(e.getValue(), (path.isEmpty() ? "" : path + " ") + e.getKey(), out);
            }
        }
    }
}
