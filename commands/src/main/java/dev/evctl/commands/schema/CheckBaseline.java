package dev.evctl.commands.schema;

import dev.evctl.commands.ExclusiveMessage;
import dev.evctl.schema.CompatibilityLevel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** What {@code schema check} checks against: the registry decides ({@code --remote}), or evctl decides at a level. */
@ExclusiveMessage("--remote asks the registry at the subject's own level: it takes neither --against nor --level")
final class CheckBaseline {
    @ArgGroup(exclusive = false, multiplicity = "0..1")
    Local local = new Local();

    @Option(
            names = "--remote",
            description = "Let the registry decide through its compatibility endpoint and show its reasons.")
    boolean remote;

    /** evctl decides: the baseline (default: the registry) and the level. */
    static final class Local {
        @Option(
                names = "--against",
                paramLabel = "git:REF|dir:PATH",
                description = "Offline: earlier versions from git history up to REF (every earlier commit for "
                        + "transitive levels)"
                        + " or from a directory holding the previous version at the same relative path."
                        + " Default: the schema registry of the context (or --registry-url).")
        String against;

        @Option(
                names = "--level",
                paramLabel = "LEVEL",
                description =
                        "${COMPLETION-CANDIDATES}. Default: the subject's level in the registry; BACKWARD offline.")
        CompatibilityLevel level;
    }
}
