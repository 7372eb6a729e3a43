package dev.evctl.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import dev.evctl.core.EvctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the completion script the build generated from this command model. */
@Command(
        name = "completion",
        header = "Print the shell completion script (bash, zsh, fish).",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shell completion script, generated at build time from the command model. Topic, group, "
                    + "subject and",
            "context names complete live from the current context (about 1 s; nothing when it does not answer)."
        },
        footerHeading = "%nExamples (installing it):%n",
        footer = {
            "  bash:  echo 'source <(evctl completion bash)' >> ~/.bashrc",
            "  zsh:   echo 'source <(evctl completion zsh)' >> ~/.zshrc",
            "  fish:  evctl completion fish > ~/.config/fish/completions/evctl.fish"
        })
public final class CompletionCommand implements Callable<Integer> {

    /** Shells with a generated script. */
    public enum Shell {
        bash,
        zsh,
        fish
    }

    private final Session session;

    @Parameters(
            paramLabel = "SHELL",
            defaultValue = "bash",
            description = "${COMPLETION-CANDIDATES} (zsh uses the bash script through bashcompinit).")
    Shell shell;

    public CompletionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        String resource =
                shell == Shell.fish ? "/dev/evctl/completions/evctl.fish" : "/dev/evctl/completions/evctl_completion";
        try (InputStream script = CompletionCommand.class.getResourceAsStream(resource)) {
            if (script == null) {
                throw new EvctlException(
                        EvctlException.Kind.NOT_FOUND,
                        "this build has no completion script (the completions module was not built)");
            }
            String text = new String(script.readAllBytes(), StandardCharsets.UTF_8);
            if (shell == Shell.zsh) {
                // a bare zsh (no framework) has not loaded its completion system: bashcompinit needs it
                text = "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n"
                        + "autoload -U +X bashcompinit && bashcompinit\n" + text;
            }
            session.out().print(text);
            session.out().flush();
        }
        return ExitCodes.OK;
    }
}
