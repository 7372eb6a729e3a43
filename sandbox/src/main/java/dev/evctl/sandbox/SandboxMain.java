package dev.evctl.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of the detached sandbox JVM started by {@link Sandbox#startDetached}. It prints one
 * ready line on stdout for its parent, then serves until SIGTERM.
 */
public final class SandboxMain {

    private SandboxMain() {}

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        BrokerSettings base = new BrokerSettings(
                dataDir,
                Integer.parseInt(args[1]),
                Integer.parseInt(args[3]),
                Boolean.parseBoolean(args[2]),
                Map.of(),
                Integer.parseInt(args[4]));
        BrokerSettings settings = base;
        if (args.length > 5 && !args[5].equals("-")) {
            settings = settings.withOAuth(new BrokerSettings.OAuthListener(Integer.parseInt(args[5]), null, null, 0));
        }
        try {
            Sandbox.runForeground(settings, state -> {
                System.out.println(Sandbox.READY_LINE);
                System.out.flush();
                System.out.close();
            });
        } catch (SandboxException e) {
            System.out.println("error: " + e.getMessage());
            System.out.flush();
            System.exit(1);
        }
    }
}
