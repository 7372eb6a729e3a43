package dev.evctl.commands;

import picocli.CommandLine.Option;

/**
 * {@code --dry-run} and {@code --yes} of the commands that print a plan before they act (replay, dlq redrive and
 * skip, groups reset): declared once, so the three cannot drift apart.
 */
public final class PlanOptions {

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    public boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    public boolean yes;
}
