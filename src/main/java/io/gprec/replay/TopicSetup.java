package io.gprec.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Makes sure the replay's topic exists before anything is produced; every failure is one line. */
public final class TopicSetup {

    /** What was found or done: the partition count and whether the topic was created now. */
    public record Topic(String name, int partitions, boolean created) {
    }

    private TopicSetup() {
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions (replication: the broker's default) unless it exists.
     *
     * @throws ReplayException if the brokers do not answer within {@code timeout} or the topic cannot be created
     */
    public static Topic ensure(Properties clientProps, String topic, int partitions, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        String servers = String.valueOf(p.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = Admin.create(p)) {
            try {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new ReplayException("cannot reach Kafka at " + servers + " within " + timeout.toSeconds() + " s", null);
            }
            boolean created = false;
            if (!get(admin.listTopics().names(), timeout, servers).contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created = true;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new ReplayException("cannot create topic '" + topic + "' on " + servers + ": "
                                + e.getCause().getMessage(), e);
                    }
                } catch (TimeoutException e) {
                    throw new ReplayException("creating topic '" + topic + "' on " + servers + " timed out", e);
                }
            }
            // A fresh topic may not be describable at once: retry until the timeout.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return new Topic(topic, d.get(topic).partitions().size(), created);
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new ReplayException("topic '" + topic + "' on " + servers + " cannot be described: " + e, e);
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while setting up topic '" + topic + "'", e);
        }
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f, Duration timeout, String servers)
            throws InterruptedException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReplayException("cannot list the topics of Kafka at " + servers + ": " + e, e);
        }
    }
}
