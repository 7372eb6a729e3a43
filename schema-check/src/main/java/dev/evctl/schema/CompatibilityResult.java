package dev.evctl.schema;

import java.util.List;

/**
 * The verdict of a compatibility check, with every reason. Like the registry, a transitive
 * check stops at the first version (newest first) that fails.
 */
public record CompatibilityResult(
        CompatibilityLevel level,
        boolean compatible,
        List<Incompatibility> incompatibilities,
        List<Integer> failedVersions) {

    public CompatibilityResult {
        incompatibilities = List.copyOf(incompatibilities);
        failedVersions = List.copyOf(failedVersions);
    }
}
