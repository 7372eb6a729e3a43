package dev.evctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.evctl.core.EvctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the completion script the build generated from this command model. */
@Command(name = "completion", mixinStandardHelpOptions = true, description = "Print the shell completion script: source <(evctl completion bash)")
public final class CompletionCommand implements java.util.concurrent.Callable<Integer> {

    /** Shells with a generated script. */
    public enum Shell { bash, zsh }

    private final Session session;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "${COMPLETION-CANDIDATES} (zsh uses the bash script through bashcompinit).")
    Shell shell;

    public CompletionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        try (InputStream script = CompletionCommand.class.getResourceAsStream("/dev/evctl/completions/evctl_completion")) {
            if (script == null) {
                throw new EvctlException(EvctlException.Kind.NOT_FOUND, "this build has no completion script (the completions module was not built)");
            }
            String text = new String(script.readAllBytes(), StandardCharsets.UTF_8);
            if (shell == Shell.zsh) {
                text = "autoload -U +X bashcompinit && bashcompinit\n" + text;
            }
            session.out().print(text);
            session.out().flush();
        }
        return ExitCodes.OK;
    }
}
