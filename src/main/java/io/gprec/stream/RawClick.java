package io.gprec.stream;

/** A record as read from the clicks topic, before validation (a Flink POJO). */
public class RawClick {
    /** "topic/partition/offset": identifies the record in every output. */
    public String source;
    /** The record value as received; null for a tombstone. */
    public byte[] value;
    public long kafkaTimestamp;

    public RawClick() {}

    public RawClick(String source, byte[] value, long kafkaTimestamp) {
        this.source = source;
        this.value = value;
        this.kafkaTimestamp = kafkaTimestamp;
    }
}
