package io.gprec.soak;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * How far the job's consumer group trails the clicks topic: end offsets minus the offsets the Kafka source committed
 * (it commits with each completed checkpoint, so a job that keeps up trails by about one checkpoint interval).
 * A lag that grows over a soak means the job does not keep up with the rate, whatever the other series say.
 */
public final class ConsumerLag implements AutoCloseable {
    private final Admin admin;
    private final String topic, group;

    public ConsumerLag(Properties clientProps, String topic, String group) {
        this.admin = Admin.create(clientProps);
        this.topic = topic;
        this.group = group;
    }

    /**
     * Where the group stands on the topic: the sum of its committed offsets (= records consumed and checkpointed, the
     * topic starting at offset 0) and of the end offsets; both -1 when Kafka does not answer within 10 s.
     */
    public record Position(long committed, long end) {
        public static final Position UNKNOWN = new Position(-1, -1);

        /** Records not yet committed; -1 when unknown. */
        public long lag() {
            return committed < 0 || end < 0 ? -1 : end - committed;
        }
    }

    /** Records of the topic not yet committed by the group; -1 when Kafka does not answer within 10 s. */
    public long lag() {
        return position().lag();
    }

    public Position position() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long done = 0, end = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                end += e.getValue().offset();
                done += c == null ? 0 : c.offset();
            }
            return new Position(done, end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Position.UNKNOWN;
        } catch (Exception e) {
            return Position.UNKNOWN;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
