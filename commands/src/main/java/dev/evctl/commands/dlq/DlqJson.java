package dev.evctl.commands.dlq;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The documents {@code dlq redrive|skip -o json|yaml} print; their field names are a contract for
 * scripts (README "JSON output"), declared once here in printed order and pinned by JsonContractTest.
 */
final class DlqJson {

    private DlqJson() {}

    /** {@code --dry-run}: what the run would do, by outcome, destination and error class. */
    record DryRun(
            String dlq,
            boolean dryRun,
            Map<String, Long> outcomes,
            Map<String, Long> destinations,
            Map<String, Long> errorClasses) {}

    /** A run: {@code redriven} for redrive, {@code skipped} for skip (the other is left out). */
    record Run(
            String dlq,
            String job,
            String group,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long skipped,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long redriven,
            boolean complete,
            Map<String, Long> counts,
            Map<String, Long> outcomes,
            Map<String, Long> destinations,
            Map<String, Long> errorClasses,
            List<String> heldBack) {}

    /** {@code dlq show}: one dead letter, what it says about the failure, and its key and value as text. */
    record Shown(
            String at,
            int partition,
            long offset,
            String written,
            boolean handled,
            String convention,
            String originalTopic,
            Integer originalPartition,
            Long originalOffset,
            String originalTimestamp,
            String exceptionClass,
            String message,
            String detail,
            String problems,
            String key,
            String value,
            String stacktrace) {}
}
