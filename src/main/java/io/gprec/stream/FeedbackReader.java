package io.gprec.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the sync feedback topic inside a trainer subtask: every subtask reads the whole single
 * partition (a broadcast), committed records only, from an offset the subtask keeps in its own
 * operator state (no consumer group: Kafka does not track it). Used from the task thread only.
 */
final class FeedbackReader implements AutoCloseable {
    /** One committed record and the offset to resume after it. */
    record Update(long nextOffset, byte[] value) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;

    FeedbackReader(String servers, Properties clientProps, String topic) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put("bootstrap.servers", servers);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        if (partitions != 1) {
            consumer.close();
            throw new IllegalArgumentException(SyncOptions.TOPIC.key() + ": topic '" + topic + "' must have exactly 1 partition, has "
                    + partitions);
        }
        partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
    }

    /** The end of the committed records: where a fresh run starts, so updates of older runs are never applied. */
    long endOffset() {
        return consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
    }

    void seek(long offset) {
        consumer.seek(partition, offset);
    }

    /** Whatever is already fetched or arrives within a few milliseconds; never blocks longer. */
    List<Update> poll() {
        List<Update> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(1))) out.add(new Update(r.offset() + 1, r.value()));
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
