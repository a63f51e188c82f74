package io.gprec.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks before submitting the job that the brokers answer and the topics exist, so that a typo
 * in the configuration is one clear line instead of a job failing over and over.
 */
public final class KafkaPreflight {
    private KafkaPreflight() {}

    /** Throws IllegalArgumentException naming the key to fix; clientProps are the pass-through client settings. */
    public static void check(String bootstrapServers, Properties clientProps, List<String> topics, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            try {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new IllegalArgumentException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                        + " s (" + KafkaOptions.BOOTSTRAP_SERVERS.key() + ")");
            }
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new IllegalArgumentException("cannot list the topics of Kafka at " + bootstrapServers + ": " + rootMessage(e));
            }
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    throw new IllegalArgumentException("topic '" + topic + "' does not exist on " + bootstrapServers
                            + "; create it, or set the gprec.kafka.*-topic keys");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka", e);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e instanceof UnknownTopicOrPartitionException ? "unknown topic" : e.getMessage();
    }
}
