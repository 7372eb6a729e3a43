package dev.evctl.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class LightMBeanServerTest {

    public interface ProbeMBean {
        int getValue();
    }

    public static final class Probe implements ProbeMBean {
        @Override
        public int getValue() {
            return 1;
        }
    }

    @Test
    void namesAreRegisteredLookedUpAndRemovedAsTheJdkServerDoes() throws Exception {
        LightMBeanServer server = new LightMBeanServer();
        ObjectName a = new ObjectName("kafka.admin.client:type=app-info,id=a");
        ObjectName b = new ObjectName("kafka.consumer:type=app-info,id=b");
        assertEquals(Probe.class.getName(), server.registerMBean(new Probe(), a).getClassName());
        server.registerMBean(new Probe(), b);
        assertThrows(InstanceAlreadyExistsException.class, () -> server.registerMBean(new Probe(), a));
        assertTrue(server.isRegistered(a));
        assertEquals(Set.of(a), server.queryNames(new ObjectName("kafka.admin.client:*"), null));
        assertEquals(2, server.getMBeanCount());
        server.unregisterMBean(a);
        assertFalse(server.isRegistered(a));
        assertThrows(InstanceNotFoundException.class, () -> server.unregisterMBean(a));
        assertThrows(UnsupportedOperationException.class, () -> server.getAttribute(b, "Value"));
    }

    /** In a JVM of its own: the platform server can be replaced only before anything has made it. */
    @Test
    void aKafkaClientRegistersItsAppInfoOnTheInstalledServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> common = List.of(java, "-cp", System.getProperty("java.class.path"));
        assertEquals(
                "installed=true light=true registered=true removed=true",
                run(common, "--add-opens", "java.management/java.lang.management=ALL-UNNAMED"));
        assertEquals(
                "installed=false light=false registered=true removed=true",
                run(common),
                "without the module opened, the JDK's server is used");
    }

    private static String run(List<String> common, String... options) throws Exception {
        List<String> command = new ArrayList<>(common.subList(0, 1));
        command.addAll(List.of(options));
        command.addAll(common.subList(1, common.size()));
        command.add(Child.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        return out.lines().reduce((x, y) -> y).orElse("");
    }

    /** The child: installs, then lets an Admin client register and remove its app-info MBean. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
            boolean installed = LightMBeanServer.install();
            boolean light = ManagementFactory.getPlatformMBeanServer() instanceof LightMBeanServer;
            boolean registered;
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:1",
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    "light-probe"))) {
                registered = ManagementFactory.getPlatformMBeanServer()
                        .isRegistered(new ObjectName("kafka.admin.client:type=app-info,id=light-probe"));
            }
            boolean removed = !ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new ObjectName("kafka.admin.client:type=app-info,id=light-probe"));
            System.out.println(
                    "installed=" + installed + " light=" + light + " registered=" + registered + " removed=" + removed);
        }
    }
}
