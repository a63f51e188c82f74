package io.gprec.soak;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The newest committed (read_committed) record of a single-partition topic, such as the job's metrics topic, whose last
 * record holds the run's cumulative AUC. The last offsets may be transaction markers or a failed attempt's aborted
 * records, so it reads a tail, longer each time it finds none.
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
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            long stop = c.endOffsets(List.of(tp)).get(tp);
            // a failed attempt's aborted records can fill the tail: look further back until a committed one turns up
            for (long tail = TAIL, from = stop; from > 0 && System.nanoTime() < deadline; tail *= 16) {
                long start = Math.max(0, stop - tail);
                c.seek(tp, start);
                byte[] last = null;
                while (c.position(tp) < from && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) if (r.offset() < from) last = r.value();
                }
                if (last != null) return Optional.of(last);
                from = start;
            }
            return Optional.empty();
        }
    }
}
