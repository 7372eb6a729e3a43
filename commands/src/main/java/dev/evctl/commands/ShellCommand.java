package dev.evctl.commands;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.evctl.core.config.ContextRule;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.shell.jline3.PicocliJLineCompleter;

/** An interactive evctl: every command without typing `evctl`, with history and completion. */
@Command(
        name = "shell",
        header = "An interactive evctl with history and completion.",
        mixinStandardHelpOptions = true,
        description = {
            "An interactive shell: run any evctl command without the `evctl` prefix, with persistent history, "
                    + "completion (live",
            "topic, group, subject and context names too) and the context in the prompt. `use-context NAME` "
                    + "switches the",
            "shell's context; Ctrl-C stops a running tail or replay and returns to the prompt; `exit` or Ctrl-D leaves."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  evctl shell", "  evctl --context prod-eu shell"})
public final class ShellCommand implements Callable<Integer> {

    private final Session session;

    @Spec
    CommandSpec spec;

    public ShellCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        CommandLine root = spec.root().commandLine();
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            terminal.handle(Terminal.Signal.INT, signal -> session.interrupts().run());
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("evctl")
                    .parser(new DefaultParser())
                    .completer(new AggregateCompleter(
                            new PicocliJLineCompleter(root.getCommandSpec()), this::completeLive))
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .history(new ShellHistory())
                    .build();
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    break;
                }
                if (!handle(root, reader.getParser().parse(line, line.length()).words())) {
                    break;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** One line of the shell: a command, the shell's own words, or nothing; false for exit or quit. */
    private boolean handle(CommandLine root, List<String> parsed) {
        List<String> words = new ArrayList<>(parsed);
        words.removeIf(String::isBlank);
        if (words.isEmpty()) {
            return true;
        }
        if (words.get(0).equals("evctl")) {
            words.remove(0);
        }
        switch (words.isEmpty() ? "" : words.get(0)) {
            case "exit", "quit" -> {
                return false;
            }
            case "use-context" -> useContext(words);
            case "shell" -> {
                session.err().println("evctl: already in the shell");
                session.err().flush();
            }
            default -> {
                if (session.context() != null && !words.contains("--context")) {
                    words.add(0, session.context());
                    words.add(0, "--context");
                }
                run(root, words.toArray(new String[0]));
            }
        }
        return true;
    }

    /** Runs one command line with the same handlers as the command line evctl (errors as one line, exit codes). */
    private void run(CommandLine root, String[] args) {
        String context = session.context();
        CommandLine cl = Commands.forArgs(root.getCommandSpec().userObject().getClass(), root.getFactory(), args);
        cl.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
        cl.setParameterExceptionHandler(root.getParameterExceptionHandler());
        cl.setExpandAtFiles(root.isExpandAtFiles());
        cl.setCaseInsensitiveEnumValuesAllowed(root.isCaseInsensitiveEnumValuesAllowed());
        cl.setOut(root.getOut());
        cl.setErr(root.getErr());
        cl.setColorScheme(root.getColorScheme());
        int exit = cl.execute(args);
        session.setContext(context);
        session.out().flush();
        if (exit != 0) {
            session.err().println("evctl: exit " + exit);
            session.err().flush();
        }
    }

    private void useContext(List<String> words) {
        if (words.size() != 2) {
            session.err()
                    .println("evctl: usage: use-context NAME (this shell only; `config use-context` changes the "
                            + "default)");
        } else if (!session.configStore().load().contexts().containsKey(words.get(1))) {
            session.err()
                    .println("evctl: no context '" + words.get(1) + "' in "
                            + session.configStore().file());
        } else {
            session.setContext(words.get(1));
        }
        session.err().flush();
    }

    private String prompt() {
        String context = session.context();
        if (context == null) {
            context = ContextRule.choose(
                    null, session.env(), session.configStore().load(), false);
        }
        return "evctl" + (context == null ? "" : " (" + context + ")") + "> ";
    }

    private void completeLive(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = new ArrayList<>(line.words().subList(0, line.wordIndex()));
        before.removeIf(String::isBlank);
        if (!before.isEmpty() && before.get(0).equals("evctl")) {
            before.remove(0);
        }
        String kind = LiveSlots.kindAt(spec.root().commandLine(), before);
        if (kind != null) {
            LiveNamesCommand.names(session, LiveNamesCommand.Kind.valueOf(kind), Duration.ofSeconds(1))
                    .forEach(n -> candidates.add(new Candidate(n)));
        }
    }

    private String historyFile() throws IOException {
        return ShellHistory.prepare(session.stateDir().resolve("history")).toString();
    }
}
