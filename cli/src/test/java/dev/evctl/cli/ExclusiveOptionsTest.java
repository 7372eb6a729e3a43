package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.evctl.commands.ExclusiveMessage;
import dev.evctl.commands.ExitCodes;
import dev.evctl.commands.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options that exclude each other are declared as picocli groups, and a clash is one line that says what to do,
 * whichever order the options come in (picocli words a clash two ways, depending on the order).
 */
class ExclusiveOptionsTest {

    @TempDir
    Path home;

    @Test
    void publishTakesOneInputInAnyOrder() {
        Evctl evctl = new Evctl(home);
        String choose = "evctl: error: choose one input: --value/--null-value, --file, --template or --generate-from";
        for (String[] clash : List.of(
                new String[] {"--value", "x", "--file", "f"},
                new String[] {"--file", "f", "--value", "x"},
                new String[] {"--value", "x", "--null-value"},
                new String[] {"--null-value", "--template", "t"},
                new String[] {"--generate-from", "g.avsc", "--template", "t"},
                new String[] {"--file", "f", "--value", "x", "--file", "g"})) {
            List<String> args = new ArrayList<>(List.of("publish", "orders"));
            args.addAll(List.of(clash));
            Evctl.Result r = evctl.expect(ExitCodes.USAGE, args.toArray(String[]::new));
            assertEquals(choose, r.err().lines().findFirst().orElseThrow(), String.join(" ", clash));
            assertEquals(2, r.err().lines().count(), r.err());
        }
    }

    @Test
    void remoteExcludesAgainstAndLevelButTheyGoTogether() throws Exception {
        Evctl evctl = new Evctl(home);
        Path file = home.resolve("order.avsc");
        Files.writeString(file, "{\"type\":\"string\"}");
        Path dir = Files.createDirectories(home.resolve("released"));
        String neither = "evctl: error: --remote asks the registry at the subject's own level:"
                + " it takes neither --against nor --level";
        for (String[] clash : List.of(
                new String[] {"--remote", "--against", "dir:" + dir},
                new String[] {"--against", "dir:" + dir, "--remote"},
                new String[] {"--level", "FULL", "--remote"},
                new String[] {"--remote", "--level", "FULL"})) {
            List<String> args = new ArrayList<>(List.of("schema", "check", "--file", file.toString()));
            args.addAll(List.of(clash));
            Evctl.Result r = evctl.expect(ExitCodes.USAGE, args.toArray(String[]::new));
            assertEquals(neither, r.err().lines().findFirst().orElseThrow(), String.join(" ", clash));
        }
        Evctl.Result both = evctl.ok(
                "schema",
                "check",
                "--file",
                file.toString(),
                "--subject",
                "s",
                "--level",
                "FULL",
                "--against",
                "dir:" + dir);
        assertTrue(both.out().contains("s: FULL"), both.out());
    }

    @Test
    void anOptionOfAGroupGivenTwiceIsSaidSo() {
        Evctl evctl = new Evctl(home);
        Evctl.Result r = evctl.expect(
                ExitCodes.USAGE, "schema", "check", "--file", "a.avsc", "--level", "FULL", "--level", "NONE");
        assertEquals(
                "evctl: error: option '--level' should be specified only once",
                r.err().lines().findFirst().orElseThrow());
    }

    /** Each declared message names every option of its group, so adding an option to a group cannot go unsaid. */
    @Test
    void everyDeclaredMessageNamesEveryOptionOfItsGroup() {
        Session session = Evctl.silentSession();
        List<String> checked = new ArrayList<>();
        walk(Cli.commandLine(session), checked);
        assertTrue(checked.contains("evctl publish"), checked.toString());
        assertTrue(checked.contains("evctl schema check"), checked.toString());
    }

    private static void walk(CommandLine cl, List<String> checked) {
        for (ArgGroupSpec group : cl.getCommandSpec().argGroups()) {
            ExclusiveMessage message = group.typeInfo().getType().getAnnotation(ExclusiveMessage.class);
            if (message == null) {
                continue;
            }
            assertTrue(
                    group.exclusive(),
                    cl.getCommandSpec().qualifiedName() + ": a message for a group that excludes nothing");
            for (OptionSpec option : group.allOptionsNested()) {
                assertTrue(
                        message.value().contains(option.longestName()),
                        cl.getCommandSpec().qualifiedName() + ": '" + message.value() + "' does not name "
                                + option.longestName());
            }
            checked.add(cl.getCommandSpec().qualifiedName());
        }
        assertFalse(cl.getCommandSpec().qualifiedName().isEmpty());
        cl.getSubcommands().values().forEach(sub -> walk(sub, checked));
    }
}
