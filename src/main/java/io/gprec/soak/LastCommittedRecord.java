package io.gprec.soak;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The newest committed (read_committed) record of a single-partition topic, such as the job's metrics topic, whose last
 * record holds the run's cumulative AUC. The last offsets may be transaction markers, so it reads a short tail.
 */
public final class LastCommittedRecord {
    private static final long TAIL = 64;

    private LastCommittedRecord() {}

    public static Optional<byte[]> read(Properties clientProps, String topic, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            Map<TopicPartition, Long> end = c.endOffsets(List.of(tp));
            long stop = end.get(tp);
            c.seek(tp, Math.max(0, stop - TAIL));
            byte[] last = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (c.position(tp) < stop && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) last = r.value();
            }
            return Optional.ofNullable(last);
        }
    }
}
