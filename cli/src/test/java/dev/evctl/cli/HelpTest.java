package dev.evctl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

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
        Session session = new Session(java.io.OutputStream.nullOutputStream(), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                java.io.InputStream.nullInputStream(), java.util.Map.of(), false, false, false);
        check(Cli.commandLine(session), evctl, "");
    }

    private static void check(CommandLine cl, Evctl evctl, String path) {
        for (var entry : cl.getSubcommands().entrySet()) {
            String name = entry.getKey();
            CommandLine sub = entry.getValue();
            String[] description = sub.getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0 && !description[0].isBlank(), (path + " " + name).trim() + " has no description");
            String[] args = (path.isEmpty() ? "" : path + " ").concat("--help").split(" ");
            String help = evctl.ok(args).out();
            assertTrue(help.contains("  " + name + " ") || help.contains("  " + name + "\n"),
                    "'" + name + "' missing from `evctl " + path + " --help`:\n" + help);
            if (!name.equals("help")) {
                check(sub, evctl, (path + " " + name).trim());
            }
        }
    }

    @Test
    void rootHelpListsTheExitCodes() {
        String help = new Evctl(home).ok("--help").out();
        for (String code : new String[] {" 0 ", " 1 ", " 2 ", " 3 ", " 4 ", " 5 ", " 6 "}) {
            assertTrue(help.contains(code), "exit code" + code + "missing");
        }
        assertFalse(help.contains("${"), "unexpanded variables in help");
    }
}
