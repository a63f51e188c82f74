package io.gprec.stream;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Passes every Kafka record on unparsed, with its coordinates: validation happens downstream so bad records become dead letters, never job failures. */
final class ClickDeserializer implements KafkaRecordDeserializationSchema<RawClick> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawClick> out) {
        out.collect(new RawClick(record.topic() + "/" + record.partition() + "/" + record.offset(),
                record.value(), record.timestamp())); // null (a tombstone) stays null: its dead letter says so
    }

    @Override
    public TypeInformation<RawClick> getProducedType() {
        return TypeInformation.of(RawClick.class);
    }
}
