package io.gprec.stream;

/** A record for an output topic, already encoded (a Flink POJO). */
public class KafkaOut {
    public byte[] key;
    public byte[] value;

    public KafkaOut() {}

    public KafkaOut(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }
}
