package dev.evctl.commands;

import java.lang.reflect.Constructor;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates command objects, handing each the invocation's {@link Session}. */
public class CommandFactory implements IFactory {

    private final Session session;
    private final IFactory fallback = CommandLine.defaultFactory();

    public CommandFactory(Session session) {
        this.session = session;
    }

    /** For picocli's generators, which instantiate the factory by its class name. */
    public CommandFactory() {
        this(null);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> withSession = cls.getDeclaredConstructor(Session.class);
            return withSession.newInstance(session);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
