package dev.evctl.schema;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An offline baseline ({@code git:REF} or {@code dir:PATH}) opened for the subjects to check: the
 * history read ahead, a shallow clone refused where the level needs every version and warned about
 * otherwise.
 *
 * @param check   the gate over that history
 * @param warning what to tell the user before the results (a shallow clone), if anything
 */
public record OfflineBaseline(SchemaCheck check, Optional<String> warning) {

    /**
     * Opens {@code against} for the targets; {@link IllegalArgumentException} (a usage error) says what is wrong.
     *
     * @param base      the tree a dir: baseline mirrors (the mapping file's directory; null: each file's repository)
     * @param mapping   the mapping file the targets were declared in (null for files on the command line)
     * @param strictest the strictest level any target is checked at (transitive reads every version)
     */
    public static OfflineBaseline open(
            String against,
            Path cwd,
            Path base,
            Path mapping,
            List<SchemaCheck.Target> targets,
            CompatibilityLevel strictest) {
        Optional<String> warning = Optional.empty();
        if (against.startsWith("git:") && shallow(targets)) {
            if (strictest.transitive()) {
                throw new IllegalArgumentException("the repository is a shallow clone: " + strictest
                        + " checks every earlier version, and most are not fetched — fetch the history (GitHub Actions:"
                        + " actions/checkout with fetch-depth: 0; else git fetch --unshallow)");
            }
            warning = Optional.of("the repository is a shallow clone: only versions in the fetched history are checked"
                    + " (GitHub Actions: fetch-depth: 0; else git fetch --unshallow)");
        }
        SchemaHistory history = SchemaHistory.parse(against, cwd, base, mapping);
        history.prefetch(targets);
        return new OfflineBaseline(new SchemaCheck(history), warning);
    }

    private static boolean shallow(List<SchemaCheck.Target> targets) {
        return targets.stream()
                .map(t -> t.file().toAbsolutePath().normalize().getParent())
                .distinct()
                .map(SchemaHistory::gitTop)
                .filter(Objects::nonNull)
                .distinct()
                .anyMatch(SchemaHistory::isShallow);
    }
}
