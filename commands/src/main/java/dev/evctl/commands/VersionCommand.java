package dev.evctl.commands;

import picocli.CommandLine.Command;

/** {@code evctl version}: what {@code evctl --version} prints, for those who type it as a command. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        header = "Print evctl's version (as --version does).",
        description = "Print evctl's version (as --version does).",
        footerHeading = "%nExamples:%n",
        footer = {"  evctl version"})
public final class VersionCommand implements Runnable {

    private final Session session;

    public VersionCommand(Session session) {
        this.session = session;
    }

    @Override
    public void run() {
        session.out().println(VersionProvider.line());
        session.out().flush();
    }
}
