package io.gprec.stream;

import io.gprec.kafka.DeadLetterRecords;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes rejected clicks to the dead-letter topic in the {@link DeadLetterRecords} layout (original bytes + reason headers). */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<RejectedClick> {
    private final String topic;

    DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RejectedClick element, KafkaSinkContext context, Long timestamp) {
        return DeadLetterRecords.toRecord(topic, element.toDeadLetter());
    }
}
