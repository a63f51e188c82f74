package io.gprec.exposure;

import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Kafka producer, consumer and admin client created in this JVM while it listens: each registers an app-info
 * MBean ({@code kafka.producer:type=app-info,id=<client.id>}, likewise kafka.consumer, kafka.admin.client) as it is
 * built, whatever its configuration, so none escapes the count.
 */
final class KafkaClientCensus implements AutoCloseable {
    private static final Set<String> DOMAINS = Set.of("kafka.producer", "kafka.consumer", "kafka.admin.client");
    /** "kafka.producer/<client id>" */
    final Set<String> clients = ConcurrentHashMap.newKeySet();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final NotificationListener listener = (n, handback) -> {
        if (n instanceof MBeanServerNotification m && MBeanServerNotification.REGISTRATION_NOTIFICATION.equals(m.getType())) {
            ObjectName name = m.getMBeanName();
            if (DOMAINS.contains(name.getDomain()) && "app-info".equals(name.getKeyProperty("type"))) {
                clients.add(name.getDomain() + "/" + ObjectName.unquote(quoted(name.getKeyProperty("id"))));
            }
        }
    };

    KafkaClientCensus() throws Exception {
        server.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener, null, null);
    }

    private static String quoted(String s) {
        return s.startsWith("\"") ? s : ObjectName.quote(s);
    }

    static String clientId(String entry) {
        return entry.substring(entry.indexOf('/') + 1);
    }

    @Override
    public void close() throws Exception {
        server.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, listener);
    }
}
