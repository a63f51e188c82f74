package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the job's metrics topic from its beginning (so the history covers the whole run) with
 * {@code read_committed}, as the job's sinks are transactional, and hands each record to the hub under its run's
 * name: the record's {@code "model"} field ("gprec", "base"), or "run" for records written before it existed. A topic
 * that does not exist yet, or a broker that is not up yet, is waited for. No consumer group: nothing is committed.
 */
final class MetricsFeed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String servers;
    private final String topic;
    private final DashboardHub hub;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;

    MetricsFeed(String bootstrapServers, String topic, DashboardHub hub) {
        this(bootstrapServers, new Properties(), topic, hub);
    }

    /** clientProps: the pass-through Kafka client settings (SASL/SSL); the feed's own settings below win. */
    MetricsFeed(String bootstrapServers, Properties clientProps, String topic, DashboardHub hub) {
        this.servers = bootstrapServers;
        this.topic = topic;
        this.hub = hub;
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "gprec-dashboard");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "gprec-dashboard-metrics");
        this.thread.setDaemon(true);
    }

    private volatile boolean started;

    void start() {
        started = true;
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) return;
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            hub.status("reading " + topic + " from " + servers);
            long skipped = 0;
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode record = parse(r.value());
                    if (record == null) {
                        hub.status("reading " + topic + " from " + servers + "; skipped " + ++skipped + " record(s) that are not JSON objects");
                        continue;
                    }
                    hub.metrics(runOf(record), record);
                }
            }
        } catch (WakeupException e) {
            if (!closed) throw e;
        } catch (RuntimeException e) {
            hub.status("metrics feed stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Waits until the topic exists (and the broker answers); empty once closed. */
    private List<TopicPartition> awaitPartitions() {
        hub.status("waiting for topic " + topic + " at " + servers);
        while (!closed) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> out = new ArrayList<>();
                    for (PartitionInfo i : infos) out.add(new TopicPartition(i.topic(), i.partition()));
                    return out;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                hub.status("waiting for Kafka at " + servers + " (topic " + topic + ")");
            }
            sleepQuietly(1000);
        }
        return List.of();
    }

    /** The run a record belongs to: its "model" field, or "run" when it has none. */
    static String runOf(JsonNode record) {
        JsonNode model = record.get("model");
        return model != null && model.isTextual() && !model.asText().isBlank() ? model.asText() : "run";
    }

    /** The record as a JSON object, or null if it is not one. */
    static JsonNode parse(byte[] value) {
        if (value == null) return null;
        try {
            JsonNode n = JSON.readTree(value);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup(); // not interrupt(): an interrupted KafkaConsumer throws from close() as well
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
