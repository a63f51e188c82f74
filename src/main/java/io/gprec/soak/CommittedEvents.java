package io.gprec.soak;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Counts the committed (read_committed) records of a topic and the distinct {@code event_id}s among them, reading
 * until at least {@code expected} records are there and the end is reached, or the deadline passes: the job's output
 * becomes visible a checkpoint after it is made, so a soak drains its outputs this way.
 */
public final class CommittedEvents {
    private static final byte[] EVENT_ID = "\"event_id\":\"".getBytes(StandardCharsets.UTF_8);

    /** Records read and distinct event ids among them (records − distinct = duplicates). */
    public record Count(long records, long distinct) {
        public long duplicates() {
            return records - distinct;
        }
    }

    private CommittedEvents() {}

    public static Count count(Properties clientProps, String topic, long expected, Duration timeout) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        Set<String> ids = new HashSet<>();
        long records = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    records++;
                    String id = eventId(r.value());
                    if (id != null) ids.add(id);
                }
                if (records >= expected && atEnd(c, parts)) break;
                if (System.nanoTime() > deadline) break;
            }
        }
        return new Count(records, ids.size());
    }

    private static boolean atEnd(KafkaConsumer<?, ?> c, List<TopicPartition> parts) {
        Map<TopicPartition, Long> end = c.endOffsets(parts);
        for (TopicPartition tp : parts) if (c.position(tp) < end.get(tp)) return false;
        return true;
    }

    /** The event_id of a JSON record written by the job, without parsing the whole record; null if absent. */
    static String eventId(byte[] v) {
        if (v == null) return null;
        outer:
        for (int i = 0; i + EVENT_ID.length <= v.length; i++) {
            for (int j = 0; j < EVENT_ID.length; j++) if (v[i + j] != EVENT_ID[j]) continue outer;
            int from = i + EVENT_ID.length, to = from;
            while (to < v.length && v[to] != '"') to++;
            return new String(v, from, to - from, StandardCharsets.UTF_8);
        }
        return null;
    }
}
