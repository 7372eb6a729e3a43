package dev.evctl.commands;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What Ctrl-C stops while a command runs inside {@code evctl shell}. */
public final class Interrupts {

    private final List<Runnable> interruptHandlers = new CopyOnWriteArrayList<>();

    /**
     * Registers what Ctrl-C should do while a command runs inside {@code evctl shell} (stop a
     * tail or a copy after its current batch); outside the shell the JVM's shutdown hooks do it.
     * Closing the returned handle unregisters it.
     */
    public AutoCloseable add(Runnable handler) {
        interruptHandlers.add(handler);
        return () -> interruptHandlers.remove(handler);
    }

    /** Runs the registered Ctrl-C handlers; returns whether there was any. */
    public boolean run() {
        interruptHandlers.forEach(Runnable::run);
        return !interruptHandlers.isEmpty();
    }
}
