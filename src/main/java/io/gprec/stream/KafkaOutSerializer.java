package io.gprec.stream;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes pre-encoded {@link KafkaOut} records to one topic. */
final class KafkaOutSerializer implements KafkaRecordSerializationSchema<KafkaOut> {
    private final String topic;

    KafkaOutSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaOut element, KafkaSinkContext context, Long timestamp) {
        // no timestamp: the producer stamps the send time, so output time minus the click's append time is the latency
        return new ProducerRecord<>(topic, null, null, element.key, element.value);
    }
}
