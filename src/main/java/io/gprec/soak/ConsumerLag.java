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

    /** Records of the topic not yet committed by the group; -1 when Kafka does not answer within 10 s. */
    public long lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
