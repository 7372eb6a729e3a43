package dev.evctl.cli.startup;

import java.io.ObjectInputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.OperationsException;
import javax.management.QueryExp;
import javax.management.loading.ClassLoaderRepository;

/**
 * The platform MBean server of a short-lived command: a name table and nothing else.
 *
 * <p>Every Kafka client registers an app-info MBean on the platform server. Making the JDK's
 * server costs about 90 ms of CPU, 60 of them for the JVM's own MXBeans (memory, threads,
 * logging), which nobody reads in a process that lives a third of a second. {@link #install()}
 * puts this table in the JDK's slot first; it needs {@code --add-opens
 * java.management/java.lang.management=ALL-UNNAMED}, which the launcher gives, and does nothing
 * without it (tests, embedding) or when the server exists already. A command run with
 * {@code EVCTL_JMX=on} keeps the JDK's server, for an operator who attaches a JMX console.
 *
 * <p>Registration, lookup and removal behave as the JDK's do (the same exceptions); queries
 * answer by name only; anything else is refused.
 */
public final class LightMBeanServer implements MBeanServer {

    private final Map<ObjectName, ObjectInstance> names = new ConcurrentHashMap<>();

    /** Installs a light server as the platform server when allowed and not made yet; returns whether it did. */
    public static boolean install() {
        try {
            Field slot = ManagementFactory.class.getDeclaredField("platformMBeanServer");
            slot.setAccessible(true);
            synchronized (ManagementFactory.class) { // getPlatformMBeanServer is static synchronized
                if (slot.get(null) != null) {
                    return false;
                }
                slot.set(null, new LightMBeanServer());
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // not opened to us (InaccessibleObjectException), or another JDK's layout
        }
    }

    @Override
    public ObjectInstance registerMBean(Object object, ObjectName name) throws InstanceAlreadyExistsException {
        if (name == null) {
            throw new IllegalArgumentException("an MBean needs a name here");
        }
        ObjectInstance instance = new ObjectInstance(name, object.getClass().getName());
        if (names.putIfAbsent(name, instance) != null) {
            throw new InstanceAlreadyExistsException(name.toString());
        }
        return instance;
    }

    @Override
    public void unregisterMBean(ObjectName name) throws InstanceNotFoundException {
        if (names.remove(name) == null) {
            throw new InstanceNotFoundException(String.valueOf(name));
        }
    }

    @Override
    public boolean isRegistered(ObjectName name) {
        return names.containsKey(name);
    }

    @Override
    public ObjectInstance getObjectInstance(ObjectName name) throws InstanceNotFoundException {
        ObjectInstance instance = names.get(name);
        if (instance == null) {
            throw new InstanceNotFoundException(String.valueOf(name));
        }
        return instance;
    }

    @Override
    public Set<ObjectInstance> queryMBeans(ObjectName name, QueryExp query) {
        return names.values().stream()
                .filter(i -> name == null || name.apply(i.getObjectName()))
                .collect(Collectors.toSet());
    }

    @Override
    public Set<ObjectName> queryNames(ObjectName name, QueryExp query) {
        return names.keySet().stream()
                .filter(n -> name == null || name.apply(n))
                .collect(Collectors.toSet());
    }

    @Override
    public Integer getMBeanCount() {
        return names.size();
    }

    @Override
    public String getDefaultDomain() {
        return "DefaultDomain";
    }

    @Override
    public String[] getDomains() {
        return names.keySet().stream().map(ObjectName::getDomain).distinct().toArray(String[]::new);
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException(
                "evctl's MBean server keeps names only; run with EVCTL_JMX=on for the JDK's");
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name) {
        throw refused();
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName) {
        throw refused();
    }

    @Override
    public ObjectInstance createMBean(String className, ObjectName name, Object[] params, String[] signature) {
        throw refused();
    }

    @Override
    public ObjectInstance createMBean(
            String className, ObjectName name, ObjectName loaderName, Object[] params, String[] signature) {
        throw refused();
    }

    @Override
    public Object getAttribute(ObjectName name, String attribute) {
        throw refused();
    }

    @Override
    public AttributeList getAttributes(ObjectName name, String[] attributes) {
        throw refused();
    }

    @Override
    public void setAttribute(ObjectName name, Attribute attribute) {
        throw refused();
    }

    @Override
    public AttributeList setAttributes(ObjectName name, AttributeList attributes) {
        throw refused();
    }

    @Override
    public Object invoke(ObjectName name, String operationName, Object[] params, String[] signature) {
        throw refused();
    }

    @Override
    public void addNotificationListener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback) {
        throw refused();
    }

    @Override
    public void addNotificationListener(
            ObjectName name, ObjectName listener, NotificationFilter filter, Object handback) {
        throw refused();
    }

    @Override
    public void removeNotificationListener(ObjectName name, ObjectName listener) {
        throw refused();
    }

    @Override
    public void removeNotificationListener(
            ObjectName name, ObjectName listener, NotificationFilter filter, Object handback) {
        throw refused();
    }

    @Override
    public void removeNotificationListener(ObjectName name, NotificationListener listener) {
        throw refused();
    }

    @Override
    public void removeNotificationListener(
            ObjectName name, NotificationListener listener, NotificationFilter filter, Object handback) {
        throw refused();
    }

    @Override
    public MBeanInfo getMBeanInfo(ObjectName name) {
        throw refused();
    }

    @Override
    public boolean isInstanceOf(ObjectName name, String className) {
        throw refused();
    }

    @Override
    public Object instantiate(String className) {
        throw refused();
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName) {
        throw refused();
    }

    @Override
    public Object instantiate(String className, Object[] params, String[] signature) {
        throw refused();
    }

    @Override
    public Object instantiate(String className, ObjectName loaderName, Object[] params, String[] signature) {
        throw refused();
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectInputStream deserialize(ObjectName name, byte[] data) throws OperationsException {
        throw new OperationsException("not supported");
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectInputStream deserialize(String className, byte[] data) throws OperationsException {
        throw new OperationsException("not supported");
    }

    @Override
    @SuppressWarnings("deprecation")
    public ObjectInputStream deserialize(String className, ObjectName loaderName, byte[] data)
            throws OperationsException {
        throw new OperationsException("not supported");
    }

    @Override
    public ClassLoader getClassLoaderFor(ObjectName mbeanName) {
        throw refused();
    }

    @Override
    public ClassLoader getClassLoader(ObjectName loaderName) {
        throw refused();
    }

    @Override
    public ClassLoaderRepository getClassLoaderRepository() {
        throw refused();
    }
}
