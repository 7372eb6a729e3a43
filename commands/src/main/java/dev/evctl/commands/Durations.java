package dev.evctl.commands;

import java.time.Duration;

/** Durations as people read them in a table or a message. */
public final class Durations {

    private Durations() {}

    /** 0s, 850ms, 12s, 3m05s, 2h10m, 1d4h; negative ones with a minus. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) {
            return "-" + human(d.negated());
        }
        if (ms < 1000) {
            return ms == 0 ? "0s" : ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format("%dd%dh", s / 86400, (s % 86400) / 3600);
    }
}
