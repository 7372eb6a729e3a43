package dev.evctl.commands.schema;

/** Escaping for GitHub Actions workflow commands ({@code ::error file=…,line=…::message}), as the runner reads them. */
final class GithubCommands {

    private GithubCommands() {}

    /** A message: %, CR and LF escaped. */
    static String escape(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A property value: as a message, and : and , too (a path may hold them). */
    static String property(String s) {
        return escape(s).replace(":", "%3A").replace(",", "%2C");
    }
}
